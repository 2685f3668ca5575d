import type { Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import type { Group } from '../groups/model';
import { actionCard, proposalCard, proposalValues, type ProposalValues } from './cards';
import { swedishToday } from './dates';
import type { ActionsDeps } from './deps';
import type { Action } from './model';

/** The action card as of now: both the invoke's answer and the card posted for everyone. */
export async function cardOf(deps: ActionsDeps, action: Action, lang: Lang, message?: string): Promise<AdaptiveCard> {
  return actionCard(lang, action, { today: swedishToday(deps.clock.now()), promiseTitle: await deps.service.promiseTitle(action), message });
}

/** The proposal form with the draft kept: owners are the group's members, promises the municipality's. */
export async function proposalForm(deps: ActionsDeps, group: Group, lang: Lang, data: Record<string, unknown>, error: string, defaults: Partial<ProposalValues> = {}): Promise<AdaptiveCard> {
  const { members, promises } = await deps.service.proposalChoices(group);
  return proposalCard(lang, group, members, promises, proposalValues(data, defaults), error);
}

/**
 * Shows an action's new state to everyone: the pressed card is replaced when the binding check allows it
 * (it is the action's recorded card, in this conversation of its group); a press from anywhere else still
 * refreshes the recorded card (a later state of the same object) and replaces nothing else.
 */
export function publish(deps: ActionsDeps, turn: Turn, group: Group, action: Action, card: AdaptiveCard): void {
  const posted = action.posted;
  const bound = { groupId: action.groupId, cards: posted ? [posted] : [] };
  const pressed = deps.channel.updatePressed(turn, group.id, bound, card);
  if (pressed.allowed || !posted) return;
  deps.logger.info({ groupId: group.id, actionId: action.id, reason: pressed.reason }, 'pressed card is not the action card; refreshing the recorded card');
  deps.channel.refresh(group, posted, card, 'action card');
}
