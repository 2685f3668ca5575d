import fc from 'fast-check';
import { activeAt, consentWindow, consentWindowsId, CONSENT_WINDOWS_KIND, type ConsentWindow } from '../../../src/features/cases/consent-read-model';
import { CaseRepository } from '../../../src/features/cases/case-repository';
import type { CaseFile, Consent } from '../../../src/features/cases/model';
import { createLogger } from '../../../src/logger';
import { consentState } from '../../../src/privacy/consent-policy';
import { Collection } from '../../../src/store/collection';
import { openStore, type Store } from '../../../src/store/store';
import type { StoreFault } from '../../support/fault-proxy';
import { useReadModelStore } from '../../support/read-model-store';

/**
 * The consents read model (per group, each case's consent validity windows) answers exactly what the
 * consent policy answers, and never drifts for good: concurrent case writes, injected 412 and 503 answers
 * on the read-model writes and a crash between the case write and its projection, then one sweep, and
 * every document equals a recomputation from the cases.
 */
const logger = createLogger('silent');
const AGE = 15;
const rules = { allowedTenants: [], youthConsentAge: AGE };
const GROUPS = ['g1', 'g2'];
const CASES = ['K-2026-001', 'K-2026-002', 'K-2026-003'];
const NOW = new Date('2026-03-10T09:00:00Z');
const day = (d: number) => new Date(NOW.getTime() + d * 86400000).toISOString();

const consent = (id: string, over: Partial<Consent> = {}): Consent => ({
  id, scope: ['skola'], guardiansWithCustody: 1, guardiansSigned: 1, youthSigned: false, matureEnough: false, youthRequired: false,
  signedAt: day(-30), validUntil: day(20), archiveRef: 'Pärm 7 hemlig', registeredBy: 'a', registeredAt: day(-30), ...over
});
const caseFile = (id: string, groupId: string, consents: Consent[]): CaseFile => ({
  id, groupId, municipalityKey: 'kungalv', status: 'open', createdAt: day(-40), createdBy: 'a', updatedAt: '',
  details: { name: 'Hemlig Persson', birthYear: 2013, area: 'Ytterby', concern: 'Oro hemlig text' }, observations: [], consents,
  lifecycle: { step: 'oro', completed: [], checked: {} }, shownViews: [], postedCards: []
});

describe('consent windows equal the consent policy', () => {
  // Any instant, and often exactly a new year (where the age rule turns) or just before it.
  const iso = fc.oneof(
    fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t).toISOString()),
    fc.tuple(fc.integer({ min: 2020, max: 2040 }), fc.constantFrom(0, -1)).map(([y, d]) => new Date(Date.UTC(y, 0, 1) + d).toISOString())
  );
  const consentArb = fc.record({
    signedAt: fc.oneof(iso, fc.constant('not a date')),
    validUntil: iso,
    revokedAt: fc.option(fc.oneof(iso, fc.constant('garbage')), { nil: undefined }),
    guardiansWithCustody: fc.integer({ min: 0, max: 3 }),
    guardiansSigned: fc.integer({ min: 0, max: 3 }),
    youthSigned: fc.boolean(),
    youthRequired: fc.boolean(),
    scope: fc.subarray(['skola', 'polis', 'socialtjanst'] as Array<Consent['scope'][number]>)
  });

  it('is active exactly when consentState says active, at any instant and birth year', () => {
    fc.assert(
      fc.property(consentArb, fc.option(fc.integer({ min: 1995, max: 2030 }), { nil: undefined }), fc.integer({ min: 10, max: 18 }), iso, (over, birthYear, age, at) => {
        const c = consent('c1', over);
        const now = new Date(at);
        expect(activeAt(consentWindow(c, birthYear, age), now)).toBe(consentState(c, birthYear, { allowedTenants: [], youthConsentAge: age }, now) === 'active');
      }),
      { numRuns: 2000 }
    );
  });

  it('holds validity dates and status only: no names, texts, scope or archive reference', () => {
    const w = consentWindow(consent('c1'), 2013, AGE);
    expect(Object.keys(w).sort()).toEqual(['signedAt', 'status', 'validUntil', 'youthRequiredFrom']);
    expect(w.youthRequiredFrom).toBe('2028-01-01T00:00:00.000Z');
    // The young person turns 15 (by year) on 1 January 2028: without their signature the consent ends then.
    const lasting = consent('c2', { signedAt: '2027-06-01T00:00:00.000Z', validUntil: '2029-01-01T00:00:00.000Z' });
    const lastMs = new Date('2027-12-31T23:59:59.999Z');
    const turned = new Date('2028-01-01T00:00:00.000Z');
    expect(activeAt(consentWindow(lasting, 2013, AGE), lastMs)).toBe(true);
    expect(activeAt(consentWindow(lasting, 2013, AGE), turned)).toBe(false);
    expect(consentState(lasting, 2013, rules, turned)).not.toBe('active');
  });
});

type Op =
  | { kind: 'create'; group: string; caseId: string; validUntil: number }
  | { kind: 'extend'; group: string; caseId: string; validUntil: number }
  | { kind: 'revoke'; group: string; caseId: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), group: fc.constantFrom(...GROUPS), caseId: fc.constantFrom(...CASES), validUntil: fc.integer({ min: -5, max: 60 }) }),
  fc.record({ kind: fc.constant('extend' as const), group: fc.constantFrom(...GROUPS), caseId: fc.constantFrom(...CASES), validUntil: fc.integer({ min: -5, max: 60 }) }),
  fc.record({ kind: fc.constant('revoke' as const), group: fc.constantFrom(...GROUPS), caseId: fc.constantFrom(...CASES) })
);

/** The case after `op`, from `current` (undefined: no change). */
function apply(op: Op, current: CaseFile | undefined): CaseFile | undefined {
  if (op.kind === 'create') return current ? undefined : caseFile(op.caseId, op.group, [consent('c1', { validUntil: day(op.validUntil) })]);
  if (!current) return undefined;
  if (op.kind === 'extend') return { ...current, consents: [...current.consents, consent(`c${current.consents.length + 1}`, { validUntil: day(op.validUntil) })] };
  return { ...current, consents: current.consents.map((c) => (c.revokedAt ? c : { ...c, revokedAt: day(-1) })) };
}

describe('consents read model under concurrency, faults and crashes', () => {
  const rm = useReadModelStore();
  let store: Store;
  /** The fault for the n-th read-model write from now on. */
  const fault = rm.failReadModelWrites;

  beforeAll(() => {
    store = rm.store;
  });

  const clear = () => rm.clear('cases', 'case-meta', 'read-models');

  /** Every stored document against the cases, and the count against the policy over the cases. */
  async function compare(repo: CaseRepository): Promise<void> {
    const source = await new Collection<CaseFile>(store.container('cases'), 'groupId').queryAcrossPartitions<CaseFile>('SELECT * FROM c', []);
    const views = new Collection<{ id: string; kind: string; entries: Record<string, ConsentWindow[]> }>(store.container('read-models'), 'id');
    for (const g of GROUPS) {
      const cases = source.filter((c) => c.groupId === g);
      const view = (await views.read(consentWindowsId(g), consentWindowsId(g)))?.doc;
      const expected = Object.fromEntries(cases.map((c) => [c.id, c.consents.map((x) => consentWindow(x, c.details?.birthYear, AGE))]));
      if (view || cases.length > 0) expect(view?.entries).toEqual(expected);
      for (const days of [7, 30, 90]) {
        const horizon = NOW.getTime() + days * 86400000;
        const policy = cases.flatMap((c) => c.consents.filter((x) => consentState(x, c.details?.birthYear, rules, NOW) === 'active' && Date.parse(x.validUntil) <= horizon)).length;
        expect(await repo.countConsentsExpiringWithin([g], days, NOW)).toBe(policy);
      }
    }
  }

  it('concurrent case writes with 412/503 on the projections and crashes after the case write end equal to the cases after a sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ op: opArb, crash: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { minLength: 0, maxLength: 30 }),
        fc.boolean(),
        async (s, steps, faults, readFirst) => {
          await clear();
          fault(() => undefined);
          const repo = new CaseRepository(store, AGE);
          const raw = new Collection<CaseFile>(store.container('cases'), 'groupId');
          // Some documents exist before the changes (built from the cases on first read), some not.
          if (readFirst) await repo.countConsentsExpiringWithin(GROUPS, 30, NOW);
          fault((n) => faults[n - 1]);
          const run = async ({ op, crash }: { op: Op; crash: boolean }) => {
            if (crash) {
              // The process dies after the case write, before its projection.
              await raw.update(op.caseId, op.group, (cur) => apply(op, cur));
              return;
            }
            try {
              if (op.kind === 'create') {
                const made = apply(op, undefined)!;
                if (!(await repo.get(op.group, op.caseId))) await repo.create(made);
              } else await repo.update(op.group, op.caseId, (cur) => apply(op, cur));
            } catch {
              // A case write refused (an id taken concurrently): the user would be told.
            }
          };
          await s.waitFor(Promise.all(steps.map((step) => s.schedule(Promise.resolve(step)).then(run))));
          fault(() => undefined);
          await repo.consentWindows.sweep();
          await compare(repo);
        }
      ),
      { numRuns: 12 }
    );
  }, 180_000);

  it('the sweep finds nothing to do when nothing went wrong, and the summary reads one point read per group', async () => {
    await clear();
    const repo = new CaseRepository(store, AGE);
    await repo.create(caseFile('K-2026-001', 'g1', [consent('c1', { validUntil: day(10) }), consent('c2', { validUntil: day(100) })]));
    await repo.create(caseFile('K-2026-002', 'g1', [consent('c1', { validUntil: day(5), revokedAt: day(-2) })]));
    await repo.update('g1', 'K-2026-001', (c) => c && { ...c, consents: [...c.consents, consent('c3', { validUntil: day(25) })] });
    expect(await repo.consentWindows.sweep()).toBe(0);
    const before = rm.server.requestCounts();
    expect(await repo.countConsentsExpiringWithin(['g1'], 30, NOW)).toBe(2);
    const after = rm.server.requestCounts();
    expect(after.queries - before.queries).toBe(0);
    expect(after.pointReads - before.pointReads).toBeLessThanOrEqual(1);
    // Names, free text and archive references never reach the read model.
    const doc = JSON.stringify((await new Collection<{ id: string }>(store.container('read-models'), 'id').read(consentWindowsId('g1'), consentWindowsId('g1')))?.doc);
    for (const secret of ['Hemlig', 'hemlig', 'Ytterby', '2013']) expect(doc).not.toContain(secret);
    await compare(repo);
  });

  it('rebuild recomputes documents someone corrupted, from the cases', async () => {
    await clear();
    const repo = new CaseRepository(store, AGE);
    await repo.create(caseFile('K-2026-001', 'g1', [consent('c1', { validUntil: day(10) })]));
    const views = new Collection<{ id: string; kind: string; entries: object }>(store.container('read-models'), 'id');
    await views.upsert({ id: consentWindowsId('g1'), kind: CONSENT_WINDOWS_KIND, entries: {} });
    await views.upsert({ id: consentWindowsId('g9'), kind: CONSENT_WINDOWS_KIND, entries: { 'K-2026-009': [{ status: 'complete', signedAt: day(-1), validUntil: day(3) }] } });
    expect(await repo.countConsentsExpiringWithin(['g1', 'g9'], 30, NOW)).toBe(1);
    expect(await repo.consentWindows.rebuild()).toEqual({ dropped: 2, groups: 1 });
    expect(await repo.countConsentsExpiringWithin(['g1', 'g9'], 30, NOW)).toBe(1);
    // g9 has no cases: its document, built again on first read, is empty.
    expect((await views.read(consentWindowsId('g9'), consentWindowsId('g9')))?.doc.entries ?? {}).toEqual({});
    await compare(repo);
  });
});
