import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import { commonTexts } from '../../i18n/common';
import { actionTexts } from '../../i18n/actions';
import { guardCommand, guardInvoke, requireGroup, requireMemberOrCoordinator } from '../shared/guards';
import type { ActionRef } from './model';
import { commandRefusalText, deniedText, proposalProblemText, textProblemText } from './answers';
import { actingPerson, type ActionsDeps } from './deps';
import type { CommandType } from './status';
import { cardOf, proposalForm, publish } from './views';

/** `insats ny`: the proposal form, recorded so that only it may create an action (and only once). */
export async function showProposalForm(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireMemberOrCoordinator);
  if (!access) return;
  const { group } = access;
  const defaults = { agency: access.member?.agency ?? '', ownerId: access.actor.aadObjectId ?? '' };
  const sent = await turn.replyCard(await proposalForm(deps, group, group.language, {}, '', defaults));
  if (sent) await deps.forms.remember('action', group.id, turn.where.conversationId, sent, deps.clock.now());
}

/** The proposal form's submit: creates the action and replaces the form with its card for everyone. */
export async function proposeAction(deps: ActionsDeps, turn: Turn, data: Record<string, unknown>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireMemberOrCoordinator);
  if (!guarded.ok) return guarded.answer;
  const { group } = guarded.access;
  const lang = group.language;
  const origin = { kind: turn.where.kind, conversationId: turn.where.conversationId, replyToId: turn.cardMessageId };
  const result = await deps.service.propose({ actor: actingPerson(guarded.access), group, origin, form: data, now: deps.clock.now() });
  if (!result.ok) {
    if (result.reason === 'invalid') return { kind: 'card', card: await proposalForm(deps, group, lang, data, proposalProblemText(result.problem, lang)) };
    return { kind: 'message', text: result.reason === 'foreignForm' ? commonTexts(turn.lang).foreignCard : deniedText(result.denied, turn.lang) };
  }
  const card = await cardOf(deps, result.action, lang);
  if (result.created) publish(deps, turn, group, result.action, card);
  return { kind: 'card', card };
}

/**
 * A decision or follow-up button of the action card (approve, reject, start, done, cancel): the service
 * re-decides who may and what the stored status allows; the new card replaces the action's card for everyone.
 */
async function followUp(deps: ActionsDeps, turn: Turn, type: CommandType, data: ActionRef): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireGroup);
  if (!guarded.ok) return guarded.answer;
  const { group } = guarded.access;
  const lang = group.language;
  const result = await deps.service.apply({ actor: actingPerson(guarded.access), group, actionId: data.actionId, type, note: data.note, now: deps.clock.now() });
  if (result.ok) {
    const card = await cardOf(deps, result.action, lang);
    if (result.changed) publish(deps, turn, group, result.action, card);
    return { kind: 'card', card };
  }
  if (result.reason === 'noteRefused') return { kind: 'card', card: await cardOf(deps, result.action, lang, textProblemText(result.problem, lang)) };
  if (result.reason === 'textRequired') return { kind: 'card', card: await cardOf(deps, result.action, lang, actionTexts(lang).reasonRequired) };
  return { kind: 'message', text: commandRefusalText(result, lang) };
}

/** "Godkänn": a coordinator approves a proposed action. */
export const approveAction = (deps: ActionsDeps, turn: Turn, data: ActionRef) => followUp(deps, turn, 'approve', data);
/** "Avslå": a coordinator rejects a proposed action, with a reason. */
export const rejectAction = (deps: ActionsDeps, turn: Turn, data: ActionRef) => followUp(deps, turn, 'reject', data);
/** "Påbörja": the owner or a coordinator starts an approved action. */
export const startAction = (deps: ActionsDeps, turn: Turn, data: ActionRef) => followUp(deps, turn, 'start', data);
/** "Klar": the owner or a coordinator finishes a started action, with its outcome. */
export const finishAction = (deps: ActionsDeps, turn: Turn, data: ActionRef) => followUp(deps, turn, 'done', data);
/** "Avbryt insatsen": the owner or a coordinator cancels an approved or started action, with a reason. */
export const cancelAction = (deps: ActionsDeps, turn: Turn, data: ActionRef) => followUp(deps, turn, 'cancel', data);
