import { ActionRepository } from '../../src/features/actions/action-repository';
import { entriesOfGroup } from '../../src/features/actions/action-read-models';
import type { Action } from '../../src/features/actions/model';
import { createLogger } from '../../src/logger';
import { Collection } from '../../src/store/collection';
import { ReadModelRegistry, Repairs, SweepIncomplete } from '../../src/store/read-models';
import { useReadModelStore } from '../support/read-model-store';

/**
 * "Never wrong for good" holds per document: a read model that cannot be written (here refused as Azure
 * Cosmos DB refuses an item over 2 MB, every time) must not keep the sweep from repairing the others.
 */
const logger = createLogger('silent');
const at = '2026-11-02T09:00:00.000Z';

function action(groupId: string, n: number): Action {
  return {
    id: `${groupId}-a${n}`, groupId, municipalityKey: 'kungalv', title: `Fältvandring ${n}`, description: '', level: 'generell', area: 'Ytterby',
    agency: 'polis', ownerAad: 'o1', ownerName: 'Olle Polis', dueDate: '2026-12-01', status: 'foreslagen',
    created: { by: 'o1', byName: 'Olle Polis', at }, history: [], updatedAt: at
  };
}

describe('a read-model sweep repairs every document it can, whatever one of them does', () => {
  const rm = useReadModelStore();

  it.each([
    ['the refused document comes first', 'g-a'],
    ['the refused document comes last', 'g-b']
  ])('actions: %s', async (_order, refused) => {
    await rm.clear('actions', 'read-models');
    rm.failReadModelWrites(() => undefined);
    const repo = new ActionRepository(rm.store, { logger });
    const raw = new Collection<Action>(rm.store.container('actions'), 'groupId');
    // Both groups' read models exist, then each group gets an action written around them (a crash between
    // the source write and its projection): both are stale.
    for (const g of ['g-a', 'g-b']) await repo.create(action(g, 1));
    for (const g of ['g-a', 'g-b']) await raw.create(action(g, 2));
    rm.failReadModelWrites((_n, req) => (decodeURIComponent(req.path).includes(`actions:${refused}`) ? { status: 413 } : undefined));

    const registry = new ReadModelRegistry();
    registry.register({ name: 'actions', sweep: () => repo.readModels.sweep(), rebuild: async () => ({}) });
    const { repaired, failed } = await registry.sweepAll(new Date(at));
    expect(failed.actions).toMatch(/^1 read-model document\(s\) could not be repaired \(first: store status 413\); 1 repaired$/);
    expect(repaired.actions).toBe(1);
    const stored = async (g: string) => (await rm.store.container('read-models').item(`actions:${g}`, `actions:${g}`).read()).resource?.entries;
    const healthy = refused === 'g-a' ? 'g-b' : 'g-a';
    expect(await stored(healthy)).toEqual(entriesOfGroup([action(healthy, 1), action(healthy, 2)]));
    expect(Object.keys(await stored(refused))).toEqual([`${refused}-a1`]);

    // Once the store takes it again, the next sweep repairs the one left.
    rm.failReadModelWrites(() => undefined);
    expect(await repo.readModels.sweep()).toBe(1);
    expect(await stored(refused)).toEqual(entriesOfGroup([action(refused, 1), action(refused, 2)]));
  });

  it('counts what it repaired and throws only after trying every document', async () => {
    const tried: string[] = [];
    const repairs = new Repairs();
    await repairs.each(['a', 'b', 'c', 'd'], async (k) => {
      tried.push(k);
      if (k === 'b' || k === 'c') throw Object.assign(new Error('refused'), { code: 503 });
      return k === 'a';
    });
    expect(tried).toEqual(['a', 'b', 'c', 'd']);
    expect(() => repairs.done()).toThrow(SweepIncomplete);
    expect(() => repairs.done()).toThrow('2 read-model document(s) could not be repaired (first: store status 503); 1 repaired');
    const clean = new Repairs();
    await clean.each([true, false, true], async (k) => k);
    expect(clean.done()).toBe(2);
  });
});
