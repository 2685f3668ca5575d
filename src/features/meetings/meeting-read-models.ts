import type { Logger } from 'pino';
import { Collection } from '../../store/collection';
import { cosmosStatus } from '../../store/errors';
import { groupedBy, KeyedProjection, Repairs, sameEntries, type KnownGroup, type ReadModel } from '../../store/read-models';
import type { Store } from '../../store/store';
import { isConfirmed, type Meeting, type MeetingDoc, type MeetingType } from './model';

const DAY_MS = 24 * 3600_000;

/**
 * How long a meeting stays in its group's read model after it ended (a confirmed one) or after its last
 * proposed time passed (an open one): until the group's latest meeting activity (the newest proposal or
 * confirmation, its *horizon*) is this many days later. The horizon comes from the data, not a clock, so
 * a recomputation always gives the same document; meetings still ahead are never pruned (the horizon is
 * never later than now). Pruned on write and by the sweep. A period starting before
 * `horizon - MEETING_KEEP_DAYS` is read from the meetings.
 */
export const MEETING_KEEP_DAYS = 120;

/**
 * One meeting in its group's read model (`meetings:<groupId>`): what `nästa möte`, its calendar link and
 * the weekly summary need. No answers, no agenda, no names.
 */
export type MeetingEntry =
  | { status: 'confirmed'; type: MeetingType; title: string; start: string; end: string; place: string; online: boolean; activeAt: string }
  | { status: 'open'; title: string; firstStart: string; lastStart: string; activeAt: string };

const docId = (groupId: string) => `meetings:${groupId}`;
const PREFIX = 'meetings:';

/** The read model's entry of a confirmed or open meeting, or undefined. Pure; no undefined fields. */
export function meetingEntryOf(m: Meeting): MeetingEntry | undefined {
  const activeAt = m.confirmedAt ?? m.createdAt;
  if (isConfirmed(m)) return { status: 'confirmed', type: m.type, title: m.title, start: m.start, end: m.end, place: m.place, online: m.online, activeAt };
  if (m.status !== 'open' || m.options.length === 0) return undefined;
  const starts = m.options.map((o) => o.start).sort();
  return { status: 'open', title: m.title, firstStart: starts[0], lastStart: starts[starts.length - 1], activeAt };
}

/** The instant before which past meetings leave the read model (and periods are not held whole). Pure. */
export function meetingsKeptSince(entries: Iterable<MeetingEntry>): number {
  let max: string | undefined;
  for (const e of entries) if (!max || e.activeAt > max) max = e.activeAt;
  return max === undefined ? -Infinity : Date.parse(max) - MEETING_KEEP_DAYS * DAY_MS;
}

const expiredSince = (e: MeetingEntry, since: number) => Date.parse(e.status === 'confirmed' ? e.end : e.lastStart) < since;

/** Pure: a group's entries from its meeting documents (answers skipped, past ones beyond the window left out). */
export function entriesOfMeetings(docs: readonly MeetingDoc[]): Record<string, MeetingEntry> {
  const all: Array<[string, MeetingEntry]> = [];
  for (const d of docs) {
    const entry = d.docType === 'meeting' ? meetingEntryOf(d) : undefined;
    if (entry) all.push([d.id, entry]);
  }
  const since = meetingsKeptSince(all.map(([, e]) => e));
  return Object.fromEntries(all.filter(([, e]) => !expiredSince(e, since)));
}

/** What the projection needs besides the store: a logger for failed projections. */
export interface MeetingProjectionOptions {
  logger?: Logger;
}

/**
 * The meetings read model (container `read-models`, one document per group): its confirmed meetings not
 * ended long ago, upcoming ones and open proposals. `nästa möte` (channel and personal chat) and the
 * weekly summary read it by id. Kept by `MeetingRepository.create`/`update` (every writer, retention
 * included); the projection reads the meeting inside the read model's ETag loop. A failed projection is
 * logged (ids only), never fails the write, and is repaired by the sweep.
 */
export class MeetingReadModels {
  readonly projection: KeyedProjection<MeetingEntry>;
  private readonly docs: Collection<MeetingDoc>;
  private readonly dirty = new Set<string>();

  constructor(
    store: Store,
    private readonly options: MeetingProjectionOptions = {}
  ) {
    this.projection = new KeyedProjection<MeetingEntry>(store, 'meetings');
    this.docs = new Collection<MeetingDoc>(store.container('meetings'), 'groupId');
  }

  private async fromSource(groupId: string): Promise<Record<string, MeetingEntry>> {
    const docs = await this.docs.query<MeetingDoc>("SELECT * FROM c WHERE c.groupId = @pk AND c.docType = 'meeting'", [], groupId);
    return entriesOfMeetings(docs);
  }

  /** Brings the group's read model in line with meeting `meetingId` as stored now. Never throws. */
  async project(groupId: string, meetingId: string): Promise<void> {
    const id = docId(groupId);
    try {
      const doc = await this.projection.project(id, meetingId, async () => {
        const m = (await this.docs.read(meetingId, groupId))?.doc;
        return m?.docType === 'meeting' ? meetingEntryOf(m) : undefined;
      }, () => this.fromSource(groupId));
      // Past meetings beyond the window leave once the group's activity moved on (rarely).
      const entries = Object.values(doc?.entries ?? {});
      const since = meetingsKeptSince(entries);
      if (entries.some((e) => expiredSince(e, since))) await this.projection.reconcile(id, () => this.fromSource(groupId));
      this.dirty.delete(id);
    } catch (err) {
      this.dirty.add(id);
      this.options.logger?.warn({ readModel: 'meetings', status: cosmosStatus(err) }, 'read-model projection failed; the sweep repairs it');
    }
  }

  /** The group's entries with their meeting ids: one point read (built from the source, once, when missing). */
  async entriesOf(groupId: string): Promise<Array<[string, MeetingEntry]>> {
    const doc = await this.projection.read(docId(groupId));
    if (doc) return Object.entries(doc.entries);
    let built: Record<string, MeetingEntry> = {};
    await this.projection.reconcile(docId(groupId), async () => (built = await this.fromSource(groupId)));
    return Object.entries(built);
  }

  /**
   * Compares every meetings read model with the meetings and reconciles each that differs (or
   * whose projection failed here). Returns how many documents it repaired.
   */
  async sweep(): Promise<number> {
    const [meetings, stored] = await Promise.all([
      this.docs.queryAcrossPartitions<MeetingDoc>("SELECT * FROM c WHERE c.docType = 'meeting'", []),
      this.projection.listAll()
    ]);
    const byGroup = groupedBy(meetings, (m) => m.groupId);
    const docs = new Map(stored.map((d) => [d.id, d.entries]));
    for (const id of this.dirty) if (!docs.has(id)) docs.set(id, {});
    const repairs = new Repairs();
    await repairs.each(docs, async ([id, entries]) => {
      const groupId = id.slice(PREFIX.length);
      if (sameEntries(entries, entriesOfMeetings(byGroup.get(groupId) ?? [])) && !this.dirty.has(id)) return false;
      const repaired = await this.projection.reconcile(id, () => this.fromSource(groupId));
      this.dirty.delete(id);
      return repaired;
    });
    return repairs.done();
  }

  /** Drops every meetings read model and builds them again from the meetings, for every known group too. */
  async rebuild(known: readonly KnownGroup[] = []): Promise<Record<string, number>> {
    const dropped = await this.projection.dropAll();
    const meetings = await this.docs.queryAcrossPartitions<MeetingDoc>("SELECT * FROM c WHERE c.docType = 'meeting'", []);
    const groups = new Set([...meetings.map((m) => m.groupId), ...known.map((g) => g.id)]);
    for (const g of groups) await this.projection.reconcile(docId(g), () => this.fromSource(g));
    this.dirty.clear();
    return { dropped, groups: groups.size };
  }
}

/** The meetings read models as one family of the registry. */
export function meetingsReadModel(models: MeetingReadModels): ReadModel {
  return { name: 'meetings', sweep: () => models.sweep(), rebuild: (_now, known) => models.rebuild(known) };
}
