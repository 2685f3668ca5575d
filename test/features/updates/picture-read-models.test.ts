import fc from 'fast-check';
import type { SituationUpdate } from '../../../src/features/updates/model';
import { buildPicture, buildPictureFromRows, type AreaRef, type DayRange, type LatestUpdate } from '../../../src/features/updates/picture';
import { daysOfMonth, deriveView, entryOf, ledgerId, viewId, type DayLedger, type LedgerEntry, type PictureMonthView } from '../../../src/features/updates/picture-views';
import { UpdateRepository } from '../../../src/features/updates/update-repository';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { Collection } from '../../../src/store/collection';
import type { KeyedDoc } from '../../../src/store/read-models';
import { openStore, type Store } from '../../../src/store/store';
import type { StoreFault } from '../../support/fault-proxy';
import { useReadModelStore } from '../../support/read-model-store';

/**
 * The situation picture's read models never drift for good: concurrent writers (create, edit, withdraw,
 * repeated submits), injected 412 and 503 answers on the read-model writes and a crash between the
 * update's write and its projection, then one sweep, and every ledger and view equals a recomputation
 * from the updates, and the picture from the views equals the picture from the updates.
 */
const logger = createLogger('silent');
const GROUPS = ['g1', 'g2'];
const IDS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const AREAS = ['Ytterby', 'Kareby'];
// Two months and a month boundary, so an edit can move an update from one month view to another.
const DAYS = ['2026-02-20', '2026-02-28', '2026-03-01', '2026-03-09'];
const MONTHS = ['2026-02', '2026-03'];
const CATEGORIES = ['narkotika', 'vald'] as const;
const TRENDS = ['okande', 'oforandrad', 'minskande'] as const;

interface Content {
  area: string;
  category: (typeof CATEGORIES)[number];
  trend: (typeof TRENDS)[number];
  observedOn: string;
  text: string;
}
type Op =
  | ({ kind: 'create'; group: string; id: string } & Content)
  | ({ kind: 'edit'; group: string; id: string } & Content)
  | { kind: 'withdraw'; group: string; id: string };

const content = {
  area: fc.constantFrom(...AREAS),
  category: fc.constantFrom(...CATEGORIES),
  trend: fc.constantFrom(...TRENDS),
  observedOn: fc.constantFrom(...DAYS),
  text: fc.constantFrom('Klotter vid torget', 'Langning vid stationen')
};
const target = { group: fc.constantFrom(...GROUPS), id: fc.constantFrom(...IDS) };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), ...target, ...content }),
  fc.record({ kind: fc.constant('edit' as const), ...target, ...content }),
  fc.record({ kind: fc.constant('withdraw' as const), ...target })
);

/** "Now" for the sweeps: the day after the updates' days (the incremental sweep looks back a year from it). */
const SWEEP_AT = new Date('2026-03-10T08:00:00Z');
let tick = 0;
/** Distinct, increasing timestamps after SWEEP_AT (the incremental sweep looks at `updatedAt` since the last sweep). */
const stamp = () => new Date(SWEEP_AT.getTime() + tick++).toISOString();

function created(op: Extract<Op, { kind: 'create' }>): SituationUpdate {
  const at = stamp();
  return {
    id: op.id, groupId: op.group, municipalityKey: 'kungalv', area: op.area, areaKey: op.area.toLowerCase(), category: op.category, trend: op.trend, level: 'generell',
    observedOn: op.observedOn, text: op.text, agency: 'polis', authorAad: 'a', status: 'active', history: [], createdAt: at, updatedAt: at
  };
}

function changed(op: Exclude<Op, { kind: 'create' }>, u: SituationUpdate | undefined): SituationUpdate | undefined {
  if (!u || u.status !== 'active') return undefined;
  const at = stamp();
  if (op.kind === 'withdraw') return { ...u, status: 'withdrawn', withdrawnAt: at, updatedAt: at };
  return { ...u, area: op.area, areaKey: op.area.toLowerCase(), category: op.category, trend: op.trend, observedOn: op.observedOn, text: op.text, updatedAt: at };
}

const areas: AreaRef[] = AREAS.map((a) => ({ municipality: 'Kungälv', municipalityKey: 'kungalv', area: a, areaKey: a.toLowerCase() }));
/** Periods as `lägesbild` asks them (ending "today") and their previous periods, across the month boundary. */
const PERIODS: Array<{ current: DayRange; previous: DayRange }> = [
  { current: { from: '2026-03-01', to: '2026-03-09' }, previous: { from: '2026-02-20', to: '2026-02-28' } },
  { current: { from: '2026-02-28', to: '2026-03-09' }, previous: { from: '2026-02-18', to: '2026-02-27' } },
  { current: { from: '2026-02-08', to: '2026-03-09' }, previous: { from: '2026-01-09', to: '2026-02-07' } }
];

/** What the latest list shows of an update (the fields the views keep). */
const shown = (u: LatestUpdate): LatestUpdate => ({
  id: u.id, groupId: u.groupId, municipalityKey: u.municipalityKey, area: u.area, areaKey: u.areaKey, category: u.category, trend: u.trend, agency: u.agency, observedOn: u.observedOn, text: u.text, createdAt: u.createdAt
});

describe('situation-picture read models under concurrency, faults and crashes', () => {
  const rm = useReadModelStore();
  let store: Store;
  /** The fault for the n-th read-model write from now on. */
  const fault = rm.failReadModelWrites;

  beforeAll(() => {
    store = rm.store;
  });

  const clear = () => rm.clear('updates', 'read-models');

  /** Every ledger and view, as stored, against a recomputation from the updates; and the pictures built both ways. */
  async function compare(repo: UpdateRepository): Promise<void> {
    const docs = new Collection<{ id: string }>(store.container('read-models'), 'id');
    const raw = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
    for (const g of GROUPS) {
      const sources = await repo.list(g);
      for (const month of MONTHS) {
        const ledgers: DayLedger[] = [];
        for (const day of daysOfMonth(month)) {
          const expected: Record<string, LedgerEntry> = {};
          for (const u of sources) {
            const e = entryOf(u, day);
            if (e) expected[u.id] = e;
          }
          const ledger = await docs.read(ledgerId(g, day), ledgerId(g, day));
          expect((ledger?.doc as KeyedDoc<LedgerEntry> | undefined)?.entries ?? {}).toEqual(expected);
          if (ledger) ledgers.push({ day, entries: expected, etag: ledger.etag });
        }
        const view = (await docs.read(viewId(g, month), viewId(g, month)))?.doc as PictureMonthView | undefined;
        if (ledgers.some((l) => Object.keys(l.entries).length > 0)) expect(view).toBeDefined();
        if (view) {
          const ids = ledgers.flatMap((l) => Object.keys(l.entries));
          const texts = new Map(await Promise.all(ids.map(async (id) => [id, (await raw.read(id, g))!.doc.text] as [string, string])));
          expect(view).toEqual(deriveView(g, month, ledgers, texts));
        }
      }
      for (const { current, previous } of PERIODS) {
        const { rows, latest } = await repo.pictureRows(g, { from: previous.from, to: current.to });
        const want = buildPicture(sources, areas, current, previous);
        expect(buildPictureFromRows(rows, latest, areas, current, previous)).toEqual({ ...want, latest: want.latest.map(shown) });
      }
    }
  }

  it('concurrent creates, edits and withdrawals with 412/503 on the projections and crashes after the update write end equal to the updates after a sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ op: opArb, crash: fc.boolean() }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { minLength: 0, maxLength: 40 }),
        fc.boolean(),
        async (s, steps, faults, sweptBefore) => {
          fault(() => undefined);
          await clear();
          const repo = new UpdateRepository(store);
          const raw = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
          // With a sweep before the changes, the sweep after is the incremental one (dirty months and
          // updates changed since); without, it is the full comparison a start makes.
          if (sweptBefore) await repo.picture.sweep(SWEEP_AT);
          fault((n) => faults[n - 1]);
          const run = async ({ op, crash }: { op: Op; crash: boolean }) => {
            try {
              if (crash) {
                // The process dies after the update's write, before its projection.
                if (op.kind === 'create') await raw.create(created(op));
                else await raw.update(op.id, op.group, (u) => changed(op, u));
                return;
              }
              if (op.kind === 'create') await repo.create(created(op));
              else await repo.update(op.group, op.id, (u) => changed(op, u));
            } catch {
              // A write refused by an injected fault: the user would be told to try again.
            }
          };
          await s.waitFor(Promise.all(steps.map((step) => s.schedule(Promise.resolve(step)).then(run))));
          fault(() => undefined);
          await repo.picture.sweep(SWEEP_AT);
          expect(repo.picture.dirtyMonths()).toEqual([]);
          await compare(repo);
        }
      ),
      { numRuns: 15 }
    );
  }, 240_000);

  it('a projection that fails does not fail the acknowledged write: the month is dirty until the sweep repairs it', async () => {
    fault(() => undefined);
    await clear();
    const repo = new UpdateRepository(store);
    await repo.picture.sweep(SWEEP_AT);
    fault(() => ({ status: 503 }));
    const stored = await repo.create(created({ kind: 'create', group: 'g1', id: 'u1', area: 'Ytterby', category: 'vald', trend: 'okande', observedOn: '2026-03-09', text: 'Klotter' }));
    expect(stored?.id).toBe('u1');
    expect(repo.picture.dirtyMonths()).toEqual(['g1\n2026-03']);
    fault(() => undefined);
    expect((await repo.pictureRows('g1', { from: '2026-03-01', to: '2026-03-09' })).rows).toEqual([]);
    expect(await repo.picture.sweep(SWEEP_AT)).toBe(1);
    expect((await repo.pictureRows('g1', { from: '2026-03-01', to: '2026-03-09' })).rows.map((r) => r.count)).toEqual([1]);
    await compare(repo);
  });

  it('a crash after an edit that moved an update to another month: the next sweep takes it out of the month it left', async () => {
    fault(() => undefined);
    await clear();
    const repo = new UpdateRepository(store);
    await repo.picture.sweep(SWEEP_AT);
    await repo.create(created({ kind: 'create', group: 'g1', id: 'u1', area: 'Ytterby', category: 'vald', trend: 'okande', observedOn: '2026-03-01', text: 'Klotter' }));
    const raw = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
    await raw.update('u1', 'g1', (x) => changed({ kind: 'edit', group: 'g1', id: 'u1', area: 'Ytterby', category: 'vald', trend: 'okande', observedOn: '2026-02-28', text: 'Klotter' }, x));
    expect((await repo.pictureRows('g1', { from: '2026-03-01', to: '2026-03-31' })).rows.map((r) => r.count)).toEqual([1]);
    expect(await repo.picture.sweep(SWEEP_AT)).toBe(2);
    expect((await repo.pictureRows('g1', { from: '2026-03-01', to: '2026-03-31' })).rows).toEqual([]);
    expect((await repo.pictureRows('g1', { from: '2026-02-01', to: '2026-02-28' })).rows.map((r) => r.day)).toEqual(['2026-02-28']);
    await compare(repo);
  });

  it('the sweep finds nothing to do when nothing went wrong, and an edit that changes the month moves the count', async () => {
    fault(() => undefined);
    await clear();
    const repo = new UpdateRepository(store);
    const u = created({ kind: 'create', group: 'g1', id: 'u1', area: 'Ytterby', category: 'vald', trend: 'okande', observedOn: '2026-03-01', text: 'Klotter' });
    await repo.create(u);
    await repo.create(u); // a repeated submit counts once
    await repo.update('g1', 'u1', (x) => changed({ kind: 'edit', group: 'g1', id: 'u1', area: 'Kareby', category: 'narkotika', trend: 'minskande', observedOn: '2026-02-28', text: 'Annat' }, x));
    const feb = await repo.pictureRows('g1', { from: '2026-02-01', to: '2026-02-28' });
    const mar = await repo.pictureRows('g1', { from: '2026-03-01', to: '2026-03-31' });
    expect(feb.rows).toEqual([expect.objectContaining({ area: 'Kareby', category: 'narkotika', trend: 'minskande', day: '2026-02-28', count: 1 })]);
    expect(feb.latest.map((x) => x.text)).toEqual(['Annat']);
    expect(mar.rows).toEqual([]);
    await repo.update('g1', 'u1', (x) => changed({ kind: 'withdraw', group: 'g1', id: 'u1' }, x));
    expect((await repo.pictureRows('g1', { from: '2026-02-01', to: '2026-03-31' })).rows).toEqual([]);
    expect(await repo.picture.sweep(SWEEP_AT)).toBe(0);
    expect(await repo.picture.sweep(SWEEP_AT)).toBe(0);
    await compare(repo);
  });
});

describe('npm run rebuild-read-models', () => {
  it('recomputes situation-picture read models someone corrupted or dropped, from the updates', async () => {
    const { rebuildReadModels } = await import('../../../src/rebuild-read-models');
    const store = await openStore({ cosmos: { database: 'picture-rebuild' }, embedded: { snapshotMs: 200 }, logger });
    try {
      const repo = new UpdateRepository(store);
      await repo.create(created({ kind: 'create', group: 'g1', id: 'u1', area: 'Ytterby', category: 'vald', trend: 'okande', observedOn: '2026-03-01', text: 'Klotter' }));
      await repo.create(created({ kind: 'create', group: 'g1', id: 'u2', area: 'Ytterby', category: 'vald', trend: 'minskande', observedOn: '2026-02-01', text: 'Klotter' }));
      const docs = new Collection<{ id: string; kind: string; [k: string]: unknown }>(store.container('read-models'), 'id');
      const month = '2026-03';
      // Someone writes nonsense into the read models behind the projections' back, and drops one.
      await docs.upsert({ id: ledgerId('g1', '2026-03-01'), kind: 'picture-ledger', entries: {} });
      await docs.upsert({ id: viewId('g1', month), kind: 'picture-month', groupId: 'g1', month, ledgers: {}, cells: [], days: {}, latest: [] });
      await docs.delete(viewId('g1', '2026-02'), viewId('g1', '2026-02'));
      expect((await repo.pictureRows('g1', { from: '2026-02-01', to: '2026-03-31' })).rows).toEqual([]);
      const report = await rebuildReadModels(store, loadConfig({}), logger);
      expect(report.picture).toEqual(expect.objectContaining({ months: 2 }));
      const rows = (await repo.pictureRows('g1', { from: '2026-02-01', to: '2026-03-31' })).rows;
      expect(rows.map((r) => [r.day, r.trend, r.count]).sort()).toEqual([['2026-02-01', 'minskande', 1], ['2026-03-01', 'okande', 1]]);
    } finally {
      await store.close();
    }
  });
});
