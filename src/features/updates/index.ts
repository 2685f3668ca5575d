import { verb } from '../../bot/port';
import { HELP_FORM_VERBS, fromHelp, helpButtonSchema } from '../shared/help-button';
import { defineFeature, type FeatureContext } from '../feature';
import { PostedForms } from '../shared/posted-forms';
import { trendsSummarySource } from '../summaries/series';
import { UPDATE_VERBS } from './cards';
import { editUpdate, postUpdateForm, rawForm, saveUpdate, showUpdate, submitUpdate, withdrawUpdate, type UpdatesDeps } from './handlers';
import { updateRefSchema } from './model';
import { updatesSummarySource } from './summary-source';
import { UpdateRepository } from './update-repository';
import { UpdateService, updateFormLedger } from './update-service';
import { updatesWeeklySeries } from './weekly-series';

export { UPDATE_VERBS } from './cards';
export { checkUpdateForm } from './update-service';

/** The id of the command that posts a new update form (a bare `lägesbild` in an SSPF group opens the same form). */
export const NEW_UPDATE_COMMAND = 'updates.new';

/** Builds the service once, and registers the updates' sections of the weekly summary (counts and weekly series). */
function setup(ctx: FeatureContext): UpdatesDeps {
  const updates = new UpdateRepository(ctx.store, ctx.logger);
  // The situation picture's read models: swept at start and every few minutes, rebuilt by the script.
  ctx.readModels.register({ name: 'picture', sweep: (now) => updates.picture.sweep(now), rebuild: () => updates.picture.rebuild() });
  ctx.summarySources.register(updatesSummarySource(updates));
  ctx.summarySources.register(trendsSummarySource(updatesWeeklySeries(updates)));
  const service = new UpdateService(updates, updateFormLedger(new PostedForms(ctx.store)));
  const deps: UpdatesDeps = { service, access: ctx.access, channel: ctx.channel, clock: ctx.clock, logger: ctx.logger };
  // A bare `lägesbild` in an SSPF group opens the update form (the ask feature owns the command).
  ctx.askTopics.registerPictureShortcut({ groupKind: 'sspf', open: (turn, input) => postUpdateForm(deps, turn, input) });
  return deps;
}

/** Situation updates (lägesrapporter): the update form, its refusals, and correcting or withdrawing from the card. */
export const updatesFeature = defineFeature({
  name: 'updates',
  setup,
  commands: [
    {
      id: NEW_UPDATE_COMMAND,
      aliases: { sv: ['lägesbild ny', 'ny lägesbild', 'ny lägesrapport', 'lägesrapport'], en: ['new update', 'situation update'] },
      help: {
        sv: 'Skriv en lägesrapport för ett område (i en SSPF-grupp räcker **lägesbild**).',
        en: 'Post a situation update for an area (in an SSPF group **situation** is enough).'
      },
      handler: postUpdateForm
    }
  ],
  verbs: [
    verb(UPDATE_VERBS.submit, rawForm, submitUpdate),
    verb(HELP_FORM_VERBS.newUpdate, helpButtonSchema, fromHelp(postUpdateForm)),
    verb(UPDATE_VERBS.show, updateRefSchema, showUpdate),
    verb(UPDATE_VERBS.edit, updateRefSchema, editUpdate),
    verb(UPDATE_VERBS.save, rawForm, saveUpdate),
    verb(UPDATE_VERBS.withdraw, updateRefSchema, withdrawUpdate)
  ]
});
