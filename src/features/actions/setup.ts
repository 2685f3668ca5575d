import type { GroupChannel } from '../../bot/port';
import type { FeatureContext } from '../feature';
import { CaseRepository } from '../cases/case-repository';
import { PostedForms } from '../shared/posted-forms';
import { actionsReadModel } from './action-read-models';
import { ActionService } from './action-service';
import type { ActionsDeps } from './deps';
import { answerOverdue } from './list-handlers';
import { PromiseService } from './promise-service';
import { ActionsReadApi } from './read-api';
import { ReminderService, type ReminderChannel } from './reminder-service';
import { actionsSummarySource, promisesSummarySource } from './summary-source';

/** Reminders go out through the group channel: personal texts to a stored reference, group texts with a mention. */
function reminderChannel(channel: GroupChannel): ReminderChannel {
  return {
    sendTo: (reference, text) => channel.sendTo(reference, text),
    postText: (group, text, mention) => channel.postText(group, { text, mentions: mention ? [mention] : [] })
  };
}

/** The free-text question "vilka insatser är försenade?" asks for overdue actions. */
export function asksForOverdue(normalized: string): boolean {
  return /\b(forsenade?|overdue|late)\b/.test(normalized) && /\b(insats\w*|atgard\w*|actions?)\b/.test(normalized);
}

/**
 * Builds the actions feature's services once, and registers what other features read of it: its weekly
 * summary sections and the overdue-actions question of the ask feature.
 */
export function setupActions(ctx: FeatureContext): ActionsDeps {
  const { repos, logger, clock, store } = ctx;
  // Failed read-model projections are logged (ids only) and repaired by the sweep.
  const reader = new ActionsReadApi(store, repos.groups, { logger });
  const { actions, promises } = reader;
  const forms = new PostedForms(store);
  const service = new ActionService({ actions, promises, members: repos.members, groups: repos.groups, cases: new CaseRepository(store), forms, logger });
  const reminders = new ReminderService({
    actions, groups: repos.groups, members: repos.members, conversations: repos.conversations, claims: ctx.claims, channel: reminderChannel(ctx.channel), logger, clock
  });
  const deps: ActionsDeps = {
    access: ctx.access,
    service,
    promises: new PromiseService({ promises, reader, repos, logger }),
    reminders,
    forms,
    channel: ctx.channel,
    clock,
    logger
  };
  ctx.readModels.register(actionsReadModel(actions.readModels));
  ctx.summarySources.register(actionsSummarySource(reader));
  ctx.summarySources.register(promisesSummarySource(reader, repos.groups));
  ctx.askTopics.register({ id: 'actions.overdue', matches: asksForOverdue, answer: (turn, _text, lang) => answerOverdue(deps, turn, lang) });
  return deps;
}

