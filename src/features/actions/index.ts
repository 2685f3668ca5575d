import { z } from 'zod';
import { HELP_FORM_VERBS, fromHelp, helpButtonSchema } from '../shared/help-button';
import { verb } from '../../bot/port';
import { defineFeature } from '../feature';
import { ACTION_VERBS } from './cards';
import { ZONE } from './dates';
import type { ActionsDeps } from './deps';
import { approveAction, cancelAction, finishAction, proposeAction, rejectAction, showProposalForm, startAction } from './handlers';
import { listMyActions, listOpenActions, listOverdueActions } from './list-handlers';
import { actionRefSchema } from './model';
import { createPromise, listPromises, showPromiseForm } from './promise-handlers';
import { setupActions } from './setup';

export { ACTION_VERBS } from './cards';

/** The daily reminder job (08:00 Swedish time). */
export const REMINDER_JOB = 'actions.reminders';

/** Raw form data: checked field by field in the service, so the author gets the form back with the draft. */
const rawForm = z.record(z.unknown());

/** Runs the day's reminders (each action at most once a day, over all instances). */
async function runReminders(deps: ActionsDeps, now: Date): Promise<void> {
  await deps.reminders.run(now);
}

/**
 * Actions (insatser) and citizen promises (medborgarlöften): proposing, coordinator decisions from the card,
 * follow-up, lists, reminders. Who may do what: `action-access.ts`; the use cases: `action-service.ts`,
 * `promise-service.ts`, `reminder-service.ts`; each trigger below names its handler.
 */
export const actionsFeature = defineFeature<ActionsDeps>({
  name: 'actions',
  setup: setupActions,
  commands: [
    {
      id: 'actions.new',
      aliases: { sv: ['insats ny', 'ny insats'], en: ['new action', 'action new'] },
      help: { sv: 'Föreslå en insats (kort som en samordnare godkänner).', en: 'Propose an action (a card a coordinator approves).' },
      handler: showProposalForm
    },
    { id: 'actions.list', aliases: { sv: ['insatser'], en: ['actions'] }, help: { sv: 'Visa gruppens pågående insatser.', en: "Show the group's open actions." }, handler: listOpenActions },
    {
      id: 'actions.overdue',
      aliases: { sv: ['försenade', 'försenade insatser'], en: ['overdue', 'overdue actions'] },
      help: { sv: 'Visa försenade insatser (i gruppen, eller i dina grupper i personlig chatt).', en: 'Show overdue actions (of the group, or of your groups in personal chat).' },
      handler: listOverdueActions
    },
    {
      id: 'actions.mine',
      aliases: { sv: ['mina insatser'], en: ['my actions'] },
      help: { sv: 'Visa insatser där du är ansvarig, i alla dina grupper.', en: 'Show the actions you own, in all your groups.' },
      handler: listMyActions
    },
    {
      id: 'promises.new',
      aliases: { sv: ['medborgarlöfte ny', 'nytt medborgarlöfte'], en: ['new citizen promise', 'citizen promise new'] },
      help: { sv: 'Samordnare i styrgruppen: skapa ett medborgarlöfte.', en: 'Steering group coordinators: create a citizen promise.' },
      handler: showPromiseForm
    },
    {
      id: 'promises.list',
      aliases: { sv: ['medborgarlöften'], en: ['citizen promises'] },
      help: { sv: 'Visa kommunens medborgarlöften och hur insatserna går.', en: "Show the municipality's citizen promises and their progress." },
      handler: listPromises
    }
  ],
  verbs: [
    verb(ACTION_VERBS.propose, rawForm, proposeAction),
    verb(HELP_FORM_VERBS.newAction, helpButtonSchema, fromHelp(showProposalForm)),
    verb(ACTION_VERBS.approve, actionRefSchema, approveAction),
    verb(ACTION_VERBS.reject, actionRefSchema, rejectAction),
    verb(ACTION_VERBS.start, actionRefSchema, startAction),
    verb(ACTION_VERBS.done, actionRefSchema, finishAction),
    verb(ACTION_VERBS.cancel, actionRefSchema, cancelAction),
    verb(ACTION_VERBS.createPromise, rawForm, createPromise)
  ],
  jobs: [{ name: REMINDER_JOB, schedule: '0 8 * * *', timezone: ZONE, run: runReminders }]
});
