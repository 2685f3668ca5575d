import type { Store } from '../../store/store';
import { MeetingRepository } from './meeting-repository';
import { meetingsKeptSince } from './meeting-read-models';
import { isConfirmed, type MeetingType } from './model';

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

/** The next confirmed meeting of a group that has not ended at `now` (one point read of its read model). */
export async function nextMeetingOf(store: Store, groupId: string, now: Date): Promise<MeetingSummary | undefined> {
  const next = await new MeetingRepository(store).nextEntry(groupId, now);
  return next && { id: next.id, groupId, type: next.type, title: next.title, start: next.start, end: next.end, place: next.place, online: next.online };
}

/**
 * Confirmed meetings of the given groups starting in [from, to): `held` ended before `now`, `coming`
 * did not. One point read per group of its read model when that holds the whole period (the weekly
 * summary's weeks); an older period (a resend long after) is read with one partition query per group.
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
    const entries = await repo.readModels.entriesOf(groupId);
    const whole = from.getTime() >= meetingsKeptSince(entries.map(([, e]) => e));
    const confirmed: MeetingSummary[] = whole
      ? entries.flatMap(([id, e]) => (e.status === 'confirmed' ? [{ id, groupId, type: e.type, title: e.title, start: e.start, end: e.end, place: e.place, online: e.online }] : []))
      : (await repo.list(groupId)).filter(isConfirmed).map((m) => ({ id: m.id, groupId, type: m.type, title: m.title, start: m.start, end: m.end, place: m.place, online: m.online }));
    for (const m of confirmed) {
      if (m.start < fromIso || m.start >= toIso) continue;
      (m.end <= nowIso ? held : coming).push(m);
    }
  }
  const byStart = (a: MeetingSummary, b: MeetingSummary) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id);
  return { held: held.sort(byStart), coming: coming.sort(byStart) };
}
