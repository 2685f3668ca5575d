/**
 * The one check every card update goes through: an `Action.Execute` may update (for everyone) only a
 * message the store records as that very object's card, in that very conversation, and only for an
 * object of the group that conversation belongs to. A forged invoke (another conversation, a foreign
 * `replyToId`, another group's id in the card data) is refused before anything changes or is recorded.
 * Pure: the handler reads the records and the conversation's group, this decides.
 */

/** A message the bot posted and recorded as an object's card. `conversationId` is the root id (no `;messageid=`). */
export interface CardRecord {
  conversationId: string;
  activityId: string;
}

/** What the invoke says about itself (from the activity; nothing from the card data). */
export interface InvokeOrigin {
  kind: 'personal' | 'groupChat' | 'channel';
  /** The conversation's root id. */
  conversationId: string;
  /** The message the invoke came from. */
  replyToId?: string;
  /** The id of the registered group this conversation belongs to, as the store says; undefined if none. */
  groupId?: string;
}

/** The object the invoke acts on, as stored; undefined when there is no such object. */
export interface BoundObject {
  groupId: string;
  /** The messages the store records as this object's cards. */
  cards: readonly CardRecord[];
}

export type CardBindingReason =
  | 'bound'
  | 'noMessage'
  | 'personalChat'
  | 'unregisteredConversation'
  | 'unknownObject'
  | 'otherGroup'
  | 'notThisObjectsCard';

export type CardBinding = { allowed: true; reason: 'bound' } | { allowed: false; reason: Exclude<CardBindingReason, 'bound'> };

/**
 * Decides whether the invoke may update the message it came from. In personal chat nothing is ever
 * updated for everyone (the invoke's own answer is all the user sees), so it is refused as `personalChat`;
 * callers that work in personal chat answer without updating.
 */
export function checkCardBinding(origin: InvokeOrigin, object: BoundObject | undefined): CardBinding {
  try {
    if (!origin || typeof origin.replyToId !== 'string' || origin.replyToId === '') return { allowed: false, reason: 'noMessage' };
    if (origin.kind === 'personal') return { allowed: false, reason: 'personalChat' };
    if (origin.kind !== 'channel' && origin.kind !== 'groupChat') return { allowed: false, reason: 'unregisteredConversation' };
    if (typeof origin.groupId !== 'string' || origin.groupId === '') return { allowed: false, reason: 'unregisteredConversation' };
    if (!object) return { allowed: false, reason: 'unknownObject' };
    if (object.groupId !== origin.groupId) return { allowed: false, reason: 'otherGroup' };
    const conversationId = rootId(origin.conversationId);
    if (conversationId === '') return { allowed: false, reason: 'unregisteredConversation' };
    const recorded = Array.isArray(object.cards) && object.cards.some((c) => c.activityId === origin.replyToId && rootId(c.conversationId) === conversationId);
    if (!recorded) return { allowed: false, reason: 'notThisObjectsCard' };
    return { allowed: true, reason: 'bound' };
  } catch {
    return { allowed: false, reason: 'unknownObject' };
  }
}

/** A channel thread's id without `;messageid=…`: records and invokes compare on the conversation itself. */
function rootId(id: string): string {
  if (typeof id !== 'string') return '';
  const i = id.indexOf(';messageid=');
  return i === -1 ? id : id.slice(0, i);
}
