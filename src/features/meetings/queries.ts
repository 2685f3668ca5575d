import type { Store } from '../../store/store';
import { MeetingRepository } from './meeting-repository';
import { isConfirmed, type ConfirmedMeeting, type MeetingType } from './model';

/** What other features (ask, weekly summary) need to know about a meeting; no answers, no names. */
export interface MeetingSummary {
  id: string;
  groupId: string;
  type: MeetingType;
  title: string;
  /** UTC ISO instants. */
  start: string;
  end: string;
  place: string;
  online: boolean;
}

function summarize(m: ConfirmedMeeting): MeetingSummary {
  return { id: m.id, groupId: m.groupId, type: m.type, title: m.title, start: m.start, end: m.end, place: m.place, online: m.online };
}

/** The next confirmed meeting of a group that has not ended at `now`. */
export async function nextMeetingOf(store: Store, groupId: string, now: Date): Promise<MeetingSummary | undefined> {
  const next = await new MeetingRepository(store).next(groupId, now);
  return next && summarize(next);
}

/**
 * Confirmed meetings of the given groups starting in [from, to): `held` ended before `now`, `coming`
 * did not. One single-partition query per group (groups are few per summary).
 */
export async function meetingsInPeriod(
  store: Store,
  groupIds: readonly string[],
  from: Date,
  to: Date,
  now: Date
): Promise<{ held: MeetingSummary[]; coming: MeetingSummary[] }> {
  const repo = new MeetingRepository(store);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const nowIso = now.toISOString();
  const held: MeetingSummary[] = [];
  const coming: MeetingSummary[] = [];
  for (const groupId of new Set(groupIds)) {
    for (const m of await repo.list(groupId)) {
      if (!isConfirmed(m) || m.start < fromIso || m.start >= toIso) continue;
      (m.end <= nowIso ? held : coming).push(summarize(m));
    }
  }
  const byStart = (a: MeetingSummary, b: MeetingSummary) => a.start.localeCompare(b.start);
  return { held: held.sort(byStart), coming: coming.sort(byStart) };
}
