import { ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render';
import { cardMessage } from './invoke';
import type { StoredReference, Turn } from './port';
import type { Roster } from './roster';
import { actorOf, clientLang, localeLang, rootConversationId, whereOf } from './turn';

/** The one roster look-up a turn needs (the `Roster`, or a stand-in in unit tests). */
export type MemberLookup = Pick<Roster, 'getMember'>;

/** Where the turn built for a context is kept, so every trigger of one activity sees the same `Turn`. */
const TURN_KEY = Symbol('trygg.turn');

/**
 * The `Turn` a feature sees for a Bot Framework turn: who acts, where, in which language, and how to
 * answer. Built lazily per context and cached, so the language must be decided (the command or card
 * router calls `setTurnLang`) before the first call. The reference has no activity id and the thread's
 * root conversation id, the shape the conversation repository stores.
 */
export function turnOf(context: TurnContext, roster: MemberLookup): Turn {
  const cached = context.turnState.get(TURN_KEY) as Turn | undefined;
  if (cached) return cached;
  const turn = buildTurn(context, roster);
  context.turnState.set(TURN_KEY, turn);
  return turn;
}

/** The Bot Framework context behind each turn the edge built (the language model adapter runs on it). */
const contexts = new WeakMap<Turn, TurnContext>();

/** The context a `Turn` was built from; undefined for a `Turn` the edge did not build. Edge use only. */
export function contextOfTurn(turn: Turn): TurnContext | undefined {
  return contexts.get(turn);
}

/** The raw reference of the activity each turn came from (thread id included): card updates go there. */
const rawReferences = new WeakMap<Turn, Partial<ConversationReference>>();

/**
 * The reference the pressed card of a card-action turn is updated through: the activity's own, thread
 * id included, as Teams sent it. Undefined for a `Turn` the edge did not build.
 */
export function pressedReference(turn: Turn): Partial<ConversationReference> | undefined {
  return rawReferences.get(turn);
}

/** Builds a `Turn` for the context, without caching (see `turnOf`). */
export function buildTurn(context: TurnContext, roster: MemberLookup): Turn {
  const activity = context.activity;
  const invoke = activity.type === ActivityTypes.Invoke;
  const value = activity.value as { trigger?: unknown } | undefined;
  const where = whereOf(activity);
  const turn: Turn = {
    where,
    actor: actorOf(activity),
    // Read when asked: the command and card routers decide the answer language during the turn.
    get lang() {
      return localeLang(context);
    },
    clientLang: clientLang(context),
    cardMessageId: invoke ? activity.replyToId : undefined,
    automatic: invoke && value?.trigger === 'automatic',
    reference: storedReference(context, where.kind),
    reply: async (text: string) => (await context.sendActivity(text))?.id,
    replyCard: async (card: AdaptiveCard) => (await context.sendActivity(cardMessage(card)))?.id,
    rosterMember: (userId: string) => roster.getMember(context, userId)
  };
  rawReferences.set(turn, TurnContext.getConversationReference(activity));
  contexts.set(turn, context);
  return turn;
}

/**
 * The reference as the conversation repository stores it: no activity id, the root conversation id,
 * and the user only in personal chat (a group's reference is nobody's).
 */
export function storedReference(context: TurnContext, kind: Turn['where']['kind']): Partial<ConversationReference> & StoredReference {
  const reference = TurnContext.getConversationReference(context.activity);
  delete reference.activityId;
  if (reference.conversation) reference.conversation = { ...reference.conversation, id: rootConversationId(reference.conversation.id) };
  reference.user = kind === 'personal' ? reference.user : undefined;
  return reference as Partial<ConversationReference> & StoredReference;
}
