import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { checkCardBinding, type CardRecord } from '../access/card-binding';
import type { AdaptiveCard } from '../cards/render';
import type { Clock } from '../clock';
import { cardMessage } from './invoke';
import type { OutboundQueue, SendOutcome } from './outbound';
import type { ChannelOutcome, GroupChannel, GroupTarget, GroupText, StoredReference, Turn } from './port';
import { pressedReference } from './turn-port';

/** The conversation look-up the channel needs: a stored reference by key (`conv:<conversation id>`). */
export type ReferenceLookup = (key: string) => Promise<Partial<ConversationReference> | undefined>;

/**
 * Records that the bot was removed from a group, only if not recorded yet. Resolves true when this call
 * recorded it (so the removal is logged once), false when it was already recorded or the group is gone.
 */
export type MarkRemoved = (groupId: string, now: Date) => Promise<boolean>;

/** What the channel is built from; app.ts wires the repositories in, so the edge imports no feature. */
export interface GroupChannelDeps {
  outbound: Pick<OutboundQueue, 'send' | 'update' | 'track'>;
  reference: ReferenceLookup;
  markRemoved: MarkRemoved;
  clock: Clock;
  logger: Logger;
}

/** The key a group's posting conversation's reference is stored under (see ConversationRepository). */
export function postingKey(group: GroupTarget): string {
  return `conv:${group.postConversationId}`;
}

/**
 * The `GroupChannel` on the outbound queue: every post and card update into a group goes through here,
 * so pacing, retries, the invoke-binding check and "the bot was removed" are handled once.
 */
export class OutboundGroupChannel implements GroupChannel {
  constructor(private readonly deps: GroupChannelDeps) {}

  async post(group: GroupTarget, card: AdaptiveCard): Promise<ChannelOutcome> {
    if (group.botRemovedAt) return { status: 'notPosted', reason: 'botRemoved' };
    const reference = await this.deps.reference(postingKey(group));
    if (!reference) return { status: 'notPosted', reason: 'noReference' };
    const outcome = await this.deps.outbound.send(reference, cardMessage(card));
    await this.noticeRemoval(group, outcome);
    return channelOutcome(outcome, undefined);
  }

  async postText(group: GroupTarget, message: GroupText): Promise<ChannelOutcome> {
    if (group.botRemovedAt) return { status: 'notPosted', reason: 'botRemoved' };
    const reference = await this.deps.reference(postingKey(group));
    if (!reference) return { status: 'notPosted', reason: 'noReference' };
    const entities = (message.mentions ?? []).map((m) => ({ type: 'mention', text: m.text, mentioned: { id: m.teamsUserId, name: m.name } }));
    const activity: Partial<Activity> = { type: 'message', text: message.text, ...(entities.length > 0 ? { entities } : {}) };
    const outcome = await this.deps.outbound.send(reference, activity);
    await this.noticeRemoval(group, outcome);
    return channelOutcome(outcome, undefined);
  }

  async sendTo(reference: StoredReference, message: string | AdaptiveCard): Promise<ChannelOutcome> {
    const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : cardMessage(message);
    return channelOutcome(await this.deps.outbound.send(reference as Partial<ConversationReference>, activity), undefined);
  }

  async replace(reference: StoredReference, activityId: string, card: AdaptiveCard): Promise<ChannelOutcome> {
    return channelOutcome(await this.deps.outbound.update(reference as Partial<ConversationReference>, activityId, cardMessage(card)), activityId);
  }

  updatePressed(
    turn: Turn,
    groupId: string | undefined,
    bound: { groupId: string; cards: readonly CardRecord[] } | undefined,
    card: AdaptiveCard
  ): { allowed: boolean; reason: string } {
    const origin = { kind: turn.where.kind, conversationId: turn.where.conversationId, replyToId: turn.cardMessageId, groupId };
    const decision = checkCardBinding(origin, bound);
    const activityId = turn.cardMessageId;
    if (!decision.allowed || !activityId) return decision;
    const reference = pressedReference(turn) ?? (turn.reference as Partial<ConversationReference>);
    this.inBackground(this.deps.outbound.update(reference, activityId, cardMessage(card)), 'pressed card', { groupId });
    return decision;
  }

  refresh(group: GroupTarget, posted: CardRecord, card: AdaptiveCard, what: string): void {
    if (group.botRemovedAt) return;
    const run = async (): Promise<SendOutcome | undefined> => {
      const base = await this.deps.reference(postingKey(group));
      if (!base?.conversation) return undefined;
      const reference = { ...base, conversation: { ...base.conversation, id: posted.conversationId } };
      const outcome = await this.deps.outbound.update(reference, posted.activityId, cardMessage(card));
      await this.noticeRemoval(group, outcome);
      return outcome;
    };
    this.inBackground(run(), what, { groupId: group.id });
  }

  /** Marks the group once when the connector said the bot is no longer in its conversation. */
  private async noticeRemoval(group: GroupTarget, outcome: SendOutcome): Promise<void> {
    if (outcome.status !== 'failed' || !outcome.botRemoved || group.botRemovedAt) return;
    if (await this.deps.markRemoved(group.id, this.deps.clock.now())) {
      this.deps.logger.warn({ groupId: group.id }, 'bot removed from group; proactive messages stop');
    }
  }

  /** Runs a card update after the answer: failures are logged (ids only), never shown to anyone. */
  private inBackground(update: Promise<SendOutcome | undefined>, what: string, ids: { groupId?: string }): void {
    // Tracked from its start: a drain (shutdown, tests) also waits for the update this work has not queued yet.
    void this.deps.outbound
      .track(update)
      .then((outcome) => {
        if (outcome && outcome.status !== 'sent') this.deps.logger.warn({ ...ids, what, outcome: outcome.status }, 'could not update a posted card');
      })
      .catch((err: Error) => this.deps.logger.warn({ ...ids, what, err: err.message }, 'could not update a posted card'));
  }
}

function channelOutcome(outcome: SendOutcome, activityId: string | undefined): ChannelOutcome {
  switch (outcome.status) {
    case 'sent':
      return { status: 'sent', activityId: outcome.id ?? activityId ?? '' };
    case 'uncertain':
      return { status: 'uncertain', reason: outcome.reason };
    case 'failed':
      return { status: 'failed', reason: outcome.reason, botRemoved: outcome.botRemoved };
  }
}
