import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { ChannelOutcome, GroupChannel } from '../../bot/port';
import { meetingTexts } from '../../i18n/meetings';
import type { Claims } from '../../store/claims';
import type { GroupRepository } from '../groups/group-repository';
import type { Group } from '../groups/model';
import { cadenceLabel, confirmedCard, pollCard } from './cards';
import type { MeetingRepository } from './meeting-repository';
import type { MeetingService } from './meeting-service';
import { CADENCE_WEEKS, isConfirmed, tallyAnswers, typeLabel, type ConfirmedMeeting, type Meeting, type TimeOption } from './model';
import { MEETING_ZONE, isNonWorkingDay, shiftToWorkingDay } from './time';

/** The reminder goes out from this local hour on the day before the meeting. */
export const REMINDER_HOUR = 9;
const LEASE_MS = 10 * 60_000;

/** What the scheduled meeting jobs work with. `instance` names this process in the shared claims. */
export interface MeetingJobsDeps {
  meetings: MeetingRepository;
  groups: Pick<GroupRepository, 'get'>;
  service: Pick<MeetingService, 'agendaFor' | 'icsLink'>;
  claims: Pick<Claims, 'acquire' | 'complete'>;
  channel: Pick<GroupChannel, 'post'>;
  logger: Logger;
  instance: string;
}

/** How a job's post ended, as a claim state and detail. */
function claimOutcome(outcome: ChannelOutcome): { state: 'done' | 'uncertain' | 'failed'; detail?: string } {
  if (outcome.status === 'sent') return { state: 'done' };
  if (outcome.status === 'notPosted') return { state: 'failed', detail: outcome.reason };
  return { state: outcome.status, detail: outcome.status };
}

/** The next meeting of a cadence: the same weekday and local time after the interval, past holidays. */
export function nextOptions(meeting: ConfirmedMeeting, now: Date): TimeOption[] {
  const weeks = CADENCE_WEEKS[meeting.cadence];
  const duration = Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000);
  let first = shiftToWorkingDay(new Date(meeting.start), duration, weeks);
  while (first.start.getTime() <= now.getTime()) first = shiftToWorkingDay(first.start, duration, weeks);
  // A second choice: the next working day at the same time.
  let local = DateTime.fromJSDate(first.start).setZone(MEETING_ZONE).plus({ days: 1 });
  while (isNonWorkingDay(local.toISODate() ?? '')) local = local.plus({ days: 1 });
  return [
    { id: 'o1', start: first.start.toISOString(), end: first.end.toISOString() },
    { id: 'o2', start: local.toUTC().toJSDate().toISOString(), end: local.plus({ minutes: duration }).toUTC().toJSDate().toISOString() }
  ];
}

/**
 * The meeting jobs: the reminder the day before (exactly once per meeting, across instances and restarts)
 * and the next proposal of a recurring meeting. Posts go through the group channel only.
 */
export class MeetingJobs {
  constructor(private readonly deps: MeetingJobsDeps) {}

  /** From REMINDER_HOUR local time: reminds each group of tomorrow's confirmed meetings, with the agenda refreshed. */
  async remindTomorrow(now: Date): Promise<void> {
    const local = DateTime.fromJSDate(now).setZone(MEETING_ZONE);
    if (local.hour < REMINDER_HOUR) return;
    const tomorrow = local.startOf('day').plus({ days: 1 });
    const due = await this.deps.meetings.confirmedStartingBetween(tomorrow.toJSDate(), tomorrow.plus({ days: 1 }).toJSDate());
    for (const found of due) {
      const group = await this.deps.groups.get(found.groupId);
      if (!group || group.botRemovedAt || !isConfirmed(found)) continue;
      await this.once(`meeting-reminder:${found.id}`, 'meeting-reminder', now, async () => {
        const outcome = await this.remind(group, found, now);
        this.deps.logger.info({ groupId: group.id, meetingId: found.id, outcome: outcome.status }, 'meeting reminder');
        return outcome;
      });
    }
  }

  /** After a recurring meeting ended: proposes the next one (two times), posted once, recorded on the previous. */
  async proposeNextOfCadence(now: Date): Promise<void> {
    for (const previous of await this.deps.meetings.cadenceDue(now)) {
      const group = await this.deps.groups.get(previous.groupId);
      if (!group || !isConfirmed(previous)) continue;
      const next = this.successorOf(previous, group, now);
      const stored = (await this.deps.meetings.create(next)) ?? (await this.deps.meetings.get(group.id, next.id));
      if (!stored) continue;
      await this.once(`meeting-proposal:${next.id}`, 'meeting-proposal', now, async () => {
        const card = pollCard(group.language, stored, tallyAnswers(stored, []), stored.createdByName ?? '', stored.intro ?? '');
        const outcome = await this.deps.channel.post(group, card);
        if (outcome.status === 'sent') {
          const posted = { conversationId: group.postConversationId, activityId: outcome.activityId };
          await this.deps.meetings.update(group.id, next.id, (m) => m && { ...m, card: posted });
        }
        return outcome;
      });
      await this.deps.meetings.update(group.id, previous.id, (m) => (m && !m.nextProposedId ? { ...m, nextProposedId: next.id, updatedAt: now.toISOString() } : undefined));
      this.deps.logger.info({ groupId: group.id, meetingId: next.id, previous: previous.id }, 'next meeting of cadence proposed');
    }
  }

  private async remind(group: Group, found: ConfirmedMeeting, now: Date): Promise<ChannelOutcome> {
    const lang = group.language;
    const agenda = await this.deps.service.agendaFor(found, new Date(found.start), lang);
    const updated = (await this.deps.meetings.update(group.id, found.id, (m) => m && { ...m, agenda, updatedAt: now.toISOString() })).doc;
    const meeting = updated && isConfirmed(updated) ? updated : found;
    const heading = meetingTexts(lang).reminderTitle(typeLabel(meeting.type, lang), meeting.title);
    const card = confirmedCard(lang, meeting, { ics: this.deps.service.icsLink(meeting), teams: '' }, meeting.confirmedByName ?? '', heading);
    return this.deps.channel.post(group, card);
  }

  /** Runs `send` only for the instance that claims `key`, and records how it ended. */
  private async once(key: string, kind: string, now: Date, send: () => Promise<ChannelOutcome>): Promise<void> {
    const { claims, instance } = this.deps;
    if (!(await claims.acquire(key, kind, instance, now, LEASE_MS)).acquired) return;
    try {
      const { state, detail } = claimOutcome(await send());
      await claims.complete(key, instance, state, now, detail);
    } catch (err) {
      await claims.complete(key, instance, 'failed', now, (err as Error).message).catch(() => undefined);
      throw err;
    }
  }

  private successorOf(previous: ConfirmedMeeting, group: Group, now: Date): Meeting {
    const id = `${previous.seriesId}-${previous.seq + 1}`;
    const { type, title, place, online, agendaNotes, cadence, seriesId } = previous;
    return {
      id,
      groupId: group.id,
      docType: 'meeting',
      ...{ type, title, place, online, agendaNotes, cadence, seriesId },
      options: nextOptions(previous, now),
      status: 'open',
      seq: previous.seq + 1,
      intro: meetingTexts(group.language).cadenceIntro(cadenceLabel(cadence, group.language)),
      createdBy: previous.confirmedBy ?? previous.createdBy,
      createdByName: 'Trygg',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString()
    };
  }
}
