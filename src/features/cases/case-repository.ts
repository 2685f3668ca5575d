import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import { ConsentReadModel } from './consent-read-model';
import { formatPseudonym, type CaseFile } from './model';

interface Sequence {
  id: string;
  next: number;
}

interface PseudonymIndex {
  id: string;
  cases: Array<{ groupId: string; municipalityKey: string }>;
}

/** A coordinator-visible record of what retention deleted in one group (counts only). */
export interface RetentionReport {
  id: string;
  groupId: string;
  lastRunAt?: string;
  runs: Array<{ at: string; caseDetails: number; consents: number; auditEntries: number }>;
}

/** A one-time CSV export link: only the hash of its token is stored. */
export interface ExportLink {
  id: string;
  groupId: string;
  requestedBy: string;
  expiresAt: string;
  usedAt?: string;
}

/** The new-case forms the bot posted in a group's conversations: a case may be created only from one of these, once. */
export interface NewCaseForms {
  id: string;
  forms: Array<{ conversationId: string; activityId: string }>;
}

type Meta = Sequence | PseudonymIndex | RetentionReport | ExportLink | NewCaseForms;

/**
 * Individual cases. A case lives in its owning group's partition with id = pseudonym, consents and
 * observations inside: the case and its consents are one point read. Other features read cases through
 * this repository (meetings: due for follow-up; summaries: consents expiring soon). Every case write
 * projects the case's consent validity into the per-group consents read model (`consentWindows`).
 */
export class CaseRepository {
  private readonly cases: Collection<CaseFile>;
  private readonly meta: Collection<Meta>;
  /** Per group, the validity windows of its consents (the summary's `consents` section reads them). */
  readonly consentWindows: ConsentReadModel;

  constructor(
    store: Store,
    /** The age rule of the consent policy (config `YOUTH_CONSENT_AGE`, default 15): the read model dates it. */
    youthConsentAge = 15
  ) {
    this.cases = new Collection<CaseFile>(store.container('cases'), 'groupId');
    this.meta = new Collection<Meta>(store.container('case-meta'), 'id');
    this.consentWindows = new ConsentReadModel(
      store,
      {
        get: (groupId, caseId) => this.get(groupId, caseId),
        listByGroup: (groupId) => this.listByGroup(groupId),
        groupsWithCases: async () => [...new Set((await this.cases.queryAcrossPartitions<{ groupId: string }>('SELECT c.groupId FROM c', [])).map((r) => r.groupId))]
      },
      youthConsentAge
    );
  }

  /** One point read. */
  async get(groupId: string, pseudonym: string): Promise<CaseFile | undefined> {
    return (await this.cases.read(pseudonym, groupId))?.doc;
  }

  /** The groups that own a case with this pseudonym (pseudonyms are unique per municipality and year). One point read. */
  async ownersOf(pseudonym: string): Promise<Array<{ groupId: string; municipalityKey: string }>> {
    const doc = (await this.meta.read(`p:${pseudonym}`, `p:${pseudonym}`))?.doc as PseudonymIndex | undefined;
    return doc?.cases ?? [];
  }

  /** Takes the next pseudonym of a municipality and year (ETag-guarded counter: never handed out twice). */
  async nextPseudonym(municipalityKey: string, year: number): Promise<string> {
    const id = `seq:${municipalityKey}:${year}`;
    const { doc } = await this.meta.update(id, id, (current) => ({ id, next: ((current as Sequence | undefined)?.next ?? 0) + 1 }));
    return formatPseudonym(year, (doc as Sequence).next);
  }

  /** Creates the case and indexes its pseudonym; `undefined` if the id was already taken. */
  async create(c: CaseFile): Promise<CaseFile | undefined> {
    const id = `p:${c.id}`;
    await this.meta.update(id, id, (current) => {
      const cases = (current as PseudonymIndex | undefined)?.cases ?? [];
      if (cases.some((x) => x.groupId === c.groupId)) return undefined;
      return { id, cases: [...cases, { groupId: c.groupId, municipalityKey: c.municipalityKey }] };
    });
    const created = (await this.cases.create(c))?.doc;
    if (created) await this.consentWindows.project(c.groupId, c.id);
    return created;
  }

  /** Read-modify-write with ETags; a change is projected into the consents read model. */
  async update(groupId: string, pseudonym: string, mutate: Mutation<CaseFile>): Promise<{ doc: CaseFile | undefined; changed: boolean }> {
    const result = await this.cases.update(pseudonym, groupId, mutate);
    if (result.changed) await this.consentWindows.project(groupId, pseudonym);
    return result;
  }

  /** Every case of a group (one partition query). */
  async listByGroup(groupId: string): Promise<CaseFile[]> {
    return this.cases.query<CaseFile>('SELECT * FROM c WHERE c.groupId = @pk ORDER BY c.createdAt', [], groupId);
  }

  /** Open cases of a group, oldest first (meeting agendas). */
  async listOpen(groupId: string): Promise<CaseFile[]> {
    return this.cases.query<CaseFile>("SELECT * FROM c WHERE c.groupId = @pk AND c.status = 'open' ORDER BY c.createdAt", [], groupId);
  }

  /** Open cases whose follow-up date is on or before `onOrBefore` (yyyy-mm-dd): meeting agendas. */
  async dueForFollowUp(groupId: string, onOrBefore: string): Promise<CaseFile[]> {
    return this.cases.query<CaseFile>(
      "SELECT * FROM c WHERE c.groupId = @pk AND c.status = 'open' AND IS_DEFINED(c.followUpOn) AND c.followUpOn <= @d ORDER BY c.followUpOn",
      [{ name: '@d', value: onOrBefore }],
      groupId
    );
  }

  /**
   * How many consents active now expire within `days` days, across `groupIds` (weekly summary: counts
   * only). One point read per group, of the consents read model.
   */
  async countConsentsExpiringWithin(groupIds: readonly string[], days: number, now: Date): Promise<number> {
    return this.consentWindows.countExpiringWithin(groupIds, days, now);
  }

  async retentionReport(groupId: string): Promise<RetentionReport | undefined> {
    const id = `r:${groupId}`;
    return (await this.meta.read(id, id))?.doc as RetentionReport | undefined;
  }

  async recordRetention(groupId: string, run: RetentionReport['runs'][number]): Promise<void> {
    const id = `r:${groupId}`;
    await this.meta.update(id, id, (current) => {
      const prev = current as RetentionReport | undefined;
      return { id, groupId, lastRunAt: run.at, runs: [run, ...(prev?.runs ?? [])].slice(0, 30) };
    });
  }

  /** Records a new-case form the bot posted (the last 20 per group are kept). */
  async rememberNewCaseForm(groupId: string, conversationId: string, activityId: string): Promise<void> {
    const id = `f:${groupId}`;
    await this.meta.update(id, id, (current) => {
      const forms = (current as NewCaseForms | undefined)?.forms ?? [];
      return { id, forms: [...forms, { conversationId, activityId }].slice(-20) };
    });
  }

  /** The new-case forms recorded for a group (for the binding check). One point read. */
  async newCaseForms(groupId: string): Promise<NewCaseForms['forms']> {
    const id = `f:${groupId}`;
    return ((await this.meta.read(id, id))?.doc as NewCaseForms | undefined)?.forms ?? [];
  }

  /** Takes a recorded form, once (ETag-guarded): false when it was not recorded or already used. */
  async takeNewCaseForm(groupId: string, conversationId: string, activityId: string): Promise<boolean> {
    const id = `f:${groupId}`;
    let taken = false;
    await this.meta.update(id, id, (current) => {
      const forms = (current as NewCaseForms | undefined)?.forms ?? [];
      const rest = forms.filter((f) => !(f.conversationId === conversationId && f.activityId === activityId));
      taken = rest.length < forms.length;
      return taken ? { id, forms: rest } : undefined;
    });
    return taken;
  }

  /** Stores a one-time export link under the token's hash. */
  async createExportLink(link: ExportLink): Promise<void> {
    await this.meta.create(link);
  }

  /** Marks the link used and returns it, once; undefined when unknown, used or expired. */
  async consumeExportLink(id: string, now: Date): Promise<ExportLink | undefined> {
    let taken: ExportLink | undefined;
    await this.meta.update(id, id, (current) => {
      const link = current as ExportLink | undefined;
      if (!link || !('expiresAt' in link) || link.usedAt || Date.parse(link.expiresAt) <= now.getTime()) return undefined;
      taken = { ...link, usedAt: now.toISOString() };
      return taken;
    });
    return taken;
  }
}
