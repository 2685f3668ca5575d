import { consentState } from '../../privacy/consent-policy';
import { KeyedProjection, Repairs, sameEntries, type KnownGroup, type ReadModel } from '../../store/read-models';
import type { Store } from '../../store/store';
import type { CaseFile, Consent } from './model';

/**
 * One consent as the weekly summary needs it: validity dates and a status, nothing else (no names,
 * no scope, no archive reference, no birth year). Kept so that `activeAt` equals
 * `consentState(...) === 'active'` at every instant.
 */
export interface ConsentWindow {
  /** `complete`: every requirement that does not depend on the date is met; `incomplete` never becomes active. */
  status: 'complete' | 'incomplete';
  signedAt: string;
  validUntil: string;
  revokedAt?: string;
  /**
   * From this instant the young person's own signature is required and missing (the age rule: the year
   * the young person reaches `youthConsentAge`), so the consent stops being active then.
   */
  youthRequiredFrom?: string;
}

/** The read-model family's `kind`, and the id of a group's document. */
export const CONSENT_WINDOWS_KIND = 'consent-windows';
export const consentWindowsId = (groupId: string) => `consents:${groupId}`;

/** The windows of one consent, from the case's own data and the policy's age rule. */
export function consentWindow(consent: Consent, birthYear: number | undefined, youthConsentAge: number): ConsentWindow {
  // Decided once with a date where no age rule can apply: what is left to time is dates only.
  const timeless = consentState({ ...consent, revokedAt: undefined }, birthYear, { allowedTenants: [], youthConsentAge: Number.MAX_SAFE_INTEGER }, new Date(consent.signedAt));
  const complete = timeless !== 'incomplete';
  const youthMissing = complete && consent.youthRequired !== true && consent.youthSigned !== true && typeof birthYear === 'number';
  return {
    status: complete ? 'complete' : 'incomplete',
    signedAt: consent.signedAt,
    validUntil: consent.validUntil,
    ...(consent.revokedAt !== undefined ? { revokedAt: consent.revokedAt } : {}),
    ...(youthMissing ? { youthRequiredFrom: youthFrom(birthYear, youthConsentAge) } : {})
  };
}

/** 1 January (UTC) of the year the young person turns `age`, as the policy counts age (year difference). */
function youthFrom(birthYear: number, age: number): string {
  const d = new Date(0);
  d.setUTCFullYear(birthYear + age, 0, 1);
  return d.toISOString();
}

/** Whether the consent is active at `now`: equal to `consentState(...) === 'active'`. */
export function activeAt(w: ConsentWindow, now: Date): boolean {
  const t = now.getTime();
  if (w.status !== 'complete') return false;
  if (w.revokedAt !== undefined) {
    const revoked = Date.parse(w.revokedAt);
    if (Number.isNaN(revoked) || revoked <= t) return false;
  }
  if (w.youthRequiredFrom !== undefined && t >= Date.parse(w.youthRequiredFrom)) return false;
  return Date.parse(w.signedAt) <= t && Date.parse(w.validUntil) > t;
}

/** A case's entry: the windows of its consents (none once retention removed them). */
export function windowsOf(c: CaseFile, youthConsentAge: number): ConsentWindow[] {
  return c.consents.map((consent) => consentWindow(consent, c.details?.birthYear, youthConsentAge));
}

/** What the read model needs of the cases: the source, read fresh inside each projection. */
export interface ConsentSource {
  get(groupId: string, caseId: string): Promise<CaseFile | undefined>;
  listByGroup(groupId: string): Promise<CaseFile[]>;
  /** Every group that has cases (sweep and rebuild only). */
  groupsWithCases(): Promise<string[]>;
}

/**
 * Per group, the validity windows of its cases' consents (container `read-models`, one document per
 * group, keyed by case id), kept by CaseRepository's writes, so the weekly summary's `consents` section
 * is one point read per group instead of a query over the group's cases. Case documents stay the
 * truth: every projection reads the case inside the read model's ETag loop, a failed projection or a
 * crash between the two writes is repaired by `sweep`, and `rebuild` recomputes everything.
 */
export class ConsentReadModel {
  private readonly projection: KeyedProjection<ConsentWindow[]>;
  /** Groups whose projection failed: the next sweep does them first. */
  private readonly dirty = new Set<string>();

  constructor(
    store: Store,
    private readonly source: ConsentSource,
    private readonly youthConsentAge: number
  ) {
    this.projection = new KeyedProjection<ConsentWindow[]>(store, CONSENT_WINDOWS_KIND);
  }

  private async entriesOf(groupId: string): Promise<Record<string, ConsentWindow[]>> {
    return Object.fromEntries((await this.source.listByGroup(groupId)).map((c) => [c.id, windowsOf(c, this.youthConsentAge)]));
  }

  /**
   * Projects one case after its source write. Never throws: the case is written; a failure leaves the
   * group for the sweep (stale for minutes, never wrong for good).
   */
  async project(groupId: string, caseId: string): Promise<void> {
    try {
      await this.projection.project(
        consentWindowsId(groupId),
        caseId,
        async () => {
          const c = await this.source.get(groupId, caseId);
          return c ? windowsOf(c, this.youthConsentAge) : undefined;
        },
        () => this.entriesOf(groupId)
      );
    } catch {
      this.dirty.add(groupId);
    }
  }

  /** The group's consent windows by case id: one point read (a first read builds the document from the cases). */
  async windows(groupId: string): Promise<Record<string, ConsentWindow[]>> {
    const doc = await this.projection.read(consentWindowsId(groupId));
    if (doc) return doc.entries;
    const entries = await this.entriesOf(groupId);
    await this.projection.reconcile(consentWindowsId(groupId), () => this.entriesOf(groupId)).catch(() => this.dirty.add(groupId));
    return entries;
  }

  /** How many consents active at `now` end within `days` days, across `groupIds` (counts only). */
  async countExpiringWithin(groupIds: readonly string[], days: number, now: Date): Promise<number> {
    const horizon = now.getTime() + days * 86400000;
    const all = await Promise.all(groupIds.map((g) => this.windows(g)));
    let count = 0;
    for (const entries of all) {
      for (const windows of Object.values(entries)) count += windows.filter((w) => activeAt(w, now) && Date.parse(w.validUntil) <= horizon).length;
    }
    return count;
  }

  /**
   * Makes every group's document equal to a recomputation from its cases where it differs (groups whose
   * projection failed first). Returns how many documents it repaired.
   */
  async sweep(): Promise<number> {
    const stored = await this.projection.listAll();
    const groups = new Set([...this.dirty, ...(await this.source.groupsWithCases()), ...stored.map((d) => d.id.slice('consents:'.length))]);
    this.dirty.clear();
    const byId = new Map(stored.map((d) => [d.id, d]));
    const repairs = new Repairs();
    await repairs.each(groups, async (groupId) => {
      try {
        const current = byId.get(consentWindowsId(groupId));
        const expected = await this.entriesOf(groupId);
        if (current && sameEntries(current.entries, expected)) return false;
        // A group without cases and without a document needs none.
        if (!current && Object.keys(expected).length === 0) return false;
        return await this.projection.reconcile(consentWindowsId(groupId), () => this.entriesOf(groupId));
      } catch (err) {
        this.dirty.add(groupId);
        throw err;
      }
    });
    return repairs.done();
  }

  /** Drops every document and computes them again from the cases, for every known group too. */
  async rebuild(known: readonly KnownGroup[] = []): Promise<Record<string, number>> {
    const dropped = await this.projection.dropAll();
    const groups = new Set([...(await this.source.groupsWithCases()), ...known.map((g) => g.id)]);
    for (const g of groups) await this.projection.reconcile(consentWindowsId(g), () => this.entriesOf(g));
    return { dropped, groups: groups.size };
  }
}

/** The consents read model as one family of the registry (swept with the others, rebuilt by the script). */
export function consentReadModelFamily(model: ConsentReadModel): ReadModel {
  return { name: 'consents', sweep: () => model.sweep(), rebuild: (_now, known) => model.rebuild(known) };
}
