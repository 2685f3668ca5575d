import { checkCardBinding, type BoundObject } from '../../access/card-binding';
import type { CaseChange, CaseChangeReason, IdentityRefusal } from '../../access/case-access';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { caseTexts } from '../../i18n/cases';
import type { CaseActor } from './case-deps';
import { parsePseudonym, type CaseFile, type PostedCard } from './model';
import { recordedCards, rememberPosted } from './posted-cards';
import type { CasesDeps } from './setup';

/** Who acts and where, as the case services take it. */
export function caseActor(turn: Turn): CaseActor {
  return { actor: turn.actor, where: turn.where };
}

/** The pseudonym a command names; answers the usage line and resolves undefined when there is none. */
export async function pseudonymOf(turn: Turn, input: CommandInput, command: { sv: string; en: string }): Promise<string | undefined> {
  const pseudonym = parsePseudonym(input.args);
  if (!pseudonym) await turn.reply(caseTexts(input.lang).usage(command[input.lang]));
  return pseudonym;
}

/** The words for a refused change: identity refusals never tell whether the case exists. */
export function refusalText(lang: Lang, pseudonym: string, reason: CaseChangeReason | IdentityRefusal, act?: CaseChange): string {
  const t = caseTexts(lang);
  if (reason === 'noAccess' || reason === 'otherTenant') return t.hidden(pseudonym);
  if (reason === 'unregistered' || reason === 'guest') return t.nothingForYou(pseudonym, t.reason(reason, ''));
  if (reason === 'closedCase') return t.closedCase(pseudonym);
  if (reason === 'noAgency') return t.annanAgency;
  return act === 'lifecycleComplete' ? t.completerOnly : t.openerOnly;
}

/** A refusal as the invoke's answer (only the person who pressed sees it). */
export function refused(text: string): InvokeAnswer {
  return { kind: 'message', text };
}

/** The registered group of the turn's conversation (one point read), never taken from the card. */
export async function groupIdOf(deps: CasesDeps, turn: Turn): Promise<string | undefined> {
  return turn.where.groupKey ? (await deps.groups.getByKey(turn.where.groupKey))?.id : undefined;
}

/** A case as the binding check sees it: its group and the messages recorded as its cards. */
export function boundCase(c: CaseFile | undefined): BoundObject | undefined {
  return c && { groupId: c.groupId, cards: recordedCards(c) };
}

/**
 * The binding rule for an invoke that acts on a case: in a channel or group chat it must come from a
 * message recorded as this case's card in this conversation, of this conversation's group; otherwise
 * it is refused before anything changes or is recorded. In personal chat nothing is updated for others.
 */
export async function refuseUnbound(deps: CasesDeps, turn: Turn, bound: BoundObject | undefined): Promise<InvokeAnswer | undefined> {
  if (turn.where.kind === 'personal') return undefined;
  const origin = { kind: turn.where.kind, conversationId: turn.where.conversationId, replyToId: turn.cardMessageId, groupId: await groupIdOf(deps, turn) };
  const binding = checkCardBinding(origin, bound);
  if (binding.allowed) return undefined;
  deps.logger.warn({ reason: binding.reason }, 'card action refused: not bound to its card');
  return refused(caseTexts(turn.lang).foreignCard);
}

/**
 * Replaces, for everyone, the bound card the invoke came from (never in personal chat) through the
 * channel's binding check; with `kind`, records it as the case's card of that kind.
 */
export async function replacePressed(deps: CasesDeps, turn: Turn, c: CaseFile, bound: BoundObject | undefined, card: AdaptiveCard, kind?: PostedCard['kind']): Promise<void> {
  const id = turn.cardMessageId;
  if (!id || turn.where.kind === 'personal') return;
  const decision = deps.channel.updatePressed(turn, await groupIdOf(deps, turn), bound, card);
  if (decision.allowed && kind) await rememberPosted(deps, c, turn.where.conversationId, id, kind);
}

/** Sends a case's card into this conversation and, in a group conversation, records it as the case's card. */
export async function replyCaseCard(deps: CasesDeps, turn: Turn, c: CaseFile, card: AdaptiveCard, kind: PostedCard['kind']): Promise<void> {
  const id = await turn.replyCard(card);
  if (id && turn.where.kind !== 'personal') await rememberPosted(deps, c, turn.where.conversationId, id, kind);
}
