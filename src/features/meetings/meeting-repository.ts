import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import { MeetingReadModels, type MeetingEntry, type MeetingProjectionOptions } from './meeting-read-models';
import { answerId, isConfirmed, type AnswerValue, type ConfirmedMeeting, type Meeting, type MeetingAnswer, type MeetingDoc } from './model';

/**
 * Meetings and members' answers, partitioned by group: a group's meetings and one meeting's answers are
 * single-partition queries. Answers are one document per member and meeting, so concurrent answers by
 * different members never conflict, and one member's changes are ETag read-modify-writes. Every meeting
 * write keeps the group's read model (`meeting-read-models.ts`), which `nästa möte` and the summary read.
 */
export class MeetingRepository {
  private readonly docs: Collection<MeetingDoc>;
  /** The read model every meeting write of this repository keeps (`meeting-read-models.ts`). */
  readonly readModels: MeetingReadModels;

  constructor(store: Store, options: MeetingProjectionOptions = {}) {
    this.docs = new Collection<MeetingDoc>(store.container('meetings'), 'groupId');
    this.readModels = new MeetingReadModels(store, options);
  }

  async get(groupId: string, meetingId: string): Promise<Meeting | undefined> {
    const doc = (await this.docs.read(meetingId, groupId))?.doc;
    return doc?.docType === 'meeting' ? doc : undefined;
  }

  /** Creates the meeting; `undefined` when one with this id exists (an idempotent re-run). */
  async create(meeting: Meeting): Promise<Meeting | undefined> {
    const created = (await this.docs.create(meeting))?.doc as Meeting | undefined;
    // Also when it existed: a repeated create repairs a projection an earlier attempt could not make.
    await this.readModels.project(meeting.groupId, meeting.id);
    return created;
  }

  /** ETag read-modify-write of one meeting; every writer (confirm, jobs, retention) projects through here. */
  async update(groupId: string, meetingId: string, mutate: Mutation<Meeting>): Promise<{ doc: Meeting | undefined; changed: boolean }> {
    const result = await this.docs.update(meetingId, groupId, (doc) => (doc === undefined || doc.docType === 'meeting' ? mutate(doc) : undefined));
    // An unchanged write costs no projection; one that failed earlier is the sweep's.
    if (result.changed && result.doc?.docType === 'meeting') await this.readModels.project(groupId, meetingId);
    return { doc: result.doc?.docType === 'meeting' ? result.doc : undefined, changed: result.changed };
  }

  /** The group's next confirmed meeting that has not ended at `now`, from its read model (one point read). */
  async nextEntry(groupId: string, now: Date): Promise<(Extract<MeetingEntry, { status: 'confirmed' }> & { id: string }) | undefined> {
    const iso = now.toISOString();
    const coming = (await this.readModels.entriesOf(groupId))
      .flatMap(([id, e]) => (e.status === 'confirmed' && e.end > iso ? [{ id, ...e }] : []))
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    return coming[0];
  }

  /** The title of the group's latest open proposal with a time still ahead, from its read model. */
  async latestProposalTitle(groupId: string, now: Date): Promise<string | undefined> {
    const iso = now.toISOString();
    const open = (await this.readModels.entriesOf(groupId))
      .flatMap(([id, e]) => (e.status === 'open' && e.lastStart > iso ? [{ id, ...e }] : []))
      .sort((a, b) => a.firstStart.localeCompare(b.firstStart) || a.id.localeCompare(b.id));
    return open[open.length - 1]?.title;
  }

  /** Sets one member's answer to one option (read-modify-write of the member's own answer document). */
  async setAnswer(meeting: Meeting, aadObjectId: string, name: string, optionId: string, value: AnswerValue, now: Date): Promise<MeetingAnswer> {
    const id = answerId(meeting.id, aadObjectId);
    const { doc } = await this.docs.update(id, meeting.groupId, (current) => {
      const existing = current?.docType === 'answer' ? current : undefined;
      if (existing?.answers[optionId] === value && existing.name === name) return undefined;
      return {
        id,
        groupId: meeting.groupId,
        docType: 'answer',
        meetingId: meeting.id,
        aadObjectId: aadObjectId.toLowerCase(),
        name,
        answers: { ...(existing?.answers ?? {}), [optionId]: value },
        updatedAt: now.toISOString()
      };
    });
    return doc as MeetingAnswer;
  }

  async answers(groupId: string, meetingId: string): Promise<MeetingAnswer[]> {
    return this.docs.query<MeetingAnswer>("SELECT * FROM c WHERE c.groupId = @pk AND c.docType = 'answer' AND c.meetingId = @m", [{ name: '@m', value: meetingId }], groupId);
  }

  /** Every meeting of a group, oldest first. */
  async list(groupId: string): Promise<Meeting[]> {
    const all = await this.docs.query<Meeting>("SELECT * FROM c WHERE c.groupId = @pk AND c.docType = 'meeting'", [], groupId);
    return all.sort((a, b) => (a.start ?? a.options[0]?.start ?? '').localeCompare(b.start ?? b.options[0]?.start ?? ''));
  }

  /** The start of the group's last confirmed meeting before `before`, if any. */
  async previousStart(groupId: string, before: Date): Promise<Date | undefined> {
    const iso = before.toISOString();
    const held = (await this.list(groupId)).filter(isConfirmed).filter((m) => m.start < iso);
    const last = held[held.length - 1];
    return last ? new Date(last.start) : undefined;
  }

  /**
   * Confirmed meetings starting in [from, to) across all groups: a cross-partition query for the
   * reminder and cadence sweeps (hourly, on an indexed range), never per turn.
   */
  async confirmedStartingBetween(from: Date, to: Date): Promise<ConfirmedMeeting[]> {
    const rows = await this.docs.queryAcrossPartitions<Meeting>(
      "SELECT * FROM c WHERE c.docType = 'meeting' AND c.status = 'confirmed' AND c.start >= @from AND c.start < @to",
      [
        { name: '@from', value: from.toISOString() },
        { name: '@to', value: to.toISOString() }
      ]
    );
    return rows.filter(isConfirmed);
  }

  /** Confirmed meetings with a cadence that ended before `now` and have no successor yet (cadence sweep). */
  async cadenceDue(now: Date): Promise<ConfirmedMeeting[]> {
    const rows = await this.docs.queryAcrossPartitions<Meeting>(
      "SELECT * FROM c WHERE c.docType = 'meeting' AND c.status = 'confirmed' AND c.cadence != 'none' AND c.start <= @now",
      [{ name: '@now', value: now.toISOString() }]
    );
    const iso = now.toISOString();
    return rows.filter(isConfirmed).filter((m) => !m.nextProposedId && m.end <= iso);
  }
}
