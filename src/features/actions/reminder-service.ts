import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelOutcome, Mention, StoredReference } from '../../bot/port';
import type { Lang } from '../../i18n';
import { actionTexts } from '../../i18n/actions';
import type { Claims } from '../../store/claims';
import type { StoredConversation } from '../groups/conversation-repository';
import { personalLang } from '../groups/conversation-repository';
import type { MemberRepository } from '../groups/group-repository';
import type { Group } from '../groups/model';
import type { ActionRepository } from './action-repository';
import { actionDisplay } from './cards';
import { formatDate, reminderFor, swedishToday } from './dates';
import type { Action } from './model';

/** How one instance holds a reminder claim before another may take it over. */
export const REMINDER_LEASE_MS = 5 * 60_000;

/** Where reminders go (the group channel fits): a person's 1:1 chat, or the group's conversation. */
export interface ReminderChannel {
  sendTo(reference: StoredReference, text: string): Promise<ChannelOutcome>;
  /** A text into the group's conversation; `notPosted` when the bot was removed or has no reference there. */
  postText(group: Group, text: string, mention?: Mention): Promise<ChannelOutcome>;
}

export interface ReminderServiceDeps {
  actions: ActionRepository;
  groups: { listAll(): Promise<Group[]> };
  members: Pick<MemberRepository, 'get'>;
  conversations: { get(key: string): Promise<StoredConversation | undefined> };
  claims: Claims;
  channel: ReminderChannel;
  logger: Logger;
  clock: { now(): Date };
}

type ReminderKind = 'soon' | 'overdue';
type ReminderState = 'done' | 'uncertain' | 'failed';

/** The personal reminder, in the owner's language (their last locale in personal chat). */
function personalText(action: Action, kind: ReminderKind, lang: Lang): string {
  const t = actionTexts(lang);
  const title = actionDisplay(action, lang).title;
  const due = formatDate(action.dueDate, lang);
  return kind === 'soon' ? t.remindSoonPersonal(title, due) : t.remindOverduePersonal(title, due);
}

/** The group's reminder, in the group's language: mentioning the owner, or naming them. */
function groupText(action: Action, kind: ReminderKind, lang: Lang, mention?: Mention): string {
  const t = actionTexts(lang);
  const title = actionDisplay(action, lang).title;
  const due = formatDate(action.dueDate, lang);
  if (mention) return kind === 'soon' ? t.remindSoonMention(mention.text, title, due) : t.remindOverdueMention(mention.text, title, due);
  return kind === 'soon' ? t.remindSoonLine(title, due, action.ownerName) : t.remindOverdueLine(title, due, action.ownerName);
}

/**
 * The daily reminders: two days before the due date and every day after it, an approved or started action's
 * owner is reminded in personal chat (when they have talked to the bot) and the group in its conversation
 * (mentioning the owner who cannot be reached personally). Each action at most once per day, over all
 * instances and restarts: a claim per action and day is taken before sending.
 */
export class ReminderService {
  /** This instance's identity as a claim holder. */
  private readonly instance = randomUUID();

  constructor(private readonly deps: ReminderServiceDeps) {}

  /** Runs the reminders of the Swedish day of `now`; resolves to how many were delivered. */
  async run(now: Date): Promise<number> {
    const day = swedishToday(now);
    let sent = 0;
    for (const group of await this.deps.groups.listAll()) {
      if (group.botRemovedAt) continue;
      for (const action of await this.deps.actions.activeForGroup(group.id)) {
        const kind = reminderFor(action, day);
        if (kind && (await this.claimed(group, action, kind, day, now)) === 'done') sent++;
      }
    }
    this.deps.logger.info({ day, sent }, 'action reminders run');
    return sent;
  }

  /** Sends one action's reminder under its claim for `day`; undefined when another run holds or did it. */
  private async claimed(group: Group, action: Action, kind: ReminderKind, day: string, now: Date): Promise<ReminderState | undefined> {
    const key = `reminder:${action.id}:${day}`;
    const claim = await this.deps.claims.acquire(key, 'reminder', this.instance, now, REMINDER_LEASE_MS);
    if (!claim.acquired) return undefined;
    let state: ReminderState = 'failed';
    try {
      state = await this.remind(group, action, kind);
    } catch (err) {
      // A store read failed before anything was sent (sends report outcomes, they do not throw): 'failed' lets a later run retry.
      this.deps.logger.warn({ groupId: group.id, actionId: action.id, err: (err as Error).message }, 'action reminder failed');
    } finally {
      await this.deps.claims.complete(key, this.instance, state, this.deps.clock.now());
    }
    this.deps.logger.info({ groupId: group.id, actionId: action.id, kind, state }, 'action reminder');
    return state;
  }

  /** Sends one action's reminder; the caller holds its claim. */
  private async remind(group: Group, action: Action, kind: ReminderKind): Promise<ReminderState> {
    const outcomes: ChannelOutcome['status'][] = [];
    const personal = await this.deps.conversations.get(`user:${action.ownerAad}`);
    if (personal) {
      outcomes.push((await this.deps.channel.sendTo(personal.reference, personalText(action, kind, personalLang(personal, group.language)))).status);
    }
    // The owner cannot be reached in personal chat: mention them in the group instead.
    const owner = personal ? undefined : await this.deps.members.get(group.id, action.ownerAad);
    const mention = owner?.teamsUserId ? { teamsUserId: owner.teamsUserId, name: action.ownerName, text: `<at>${action.ownerName}</at>` } : undefined;
    outcomes.push((await this.deps.channel.postText(group, groupText(action, kind, group.language, mention), mention)).status);
    if (outcomes.includes('sent')) return 'done';
    return outcomes.includes('uncertain') ? 'uncertain' : 'failed';
  }
}
