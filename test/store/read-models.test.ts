import { createLogger } from '../../src/logger';
import { Collection } from '../../src/store/collection';
import { KeyedProjection, ReadModelRegistry, sameEntries, type ReadModel } from '../../src/store/read-models';
import { openStore, type Store } from '../../src/store/store';

interface Source {
  id: string;
  groupId: string;
  open: boolean;
  title: string;
}

const logger = createLogger('silent');

describe('keyed read-model documents', () => {
  let store: Store;
  let sources: Collection<Source>;
  let open: KeyedProjection<{ title: string }>;

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'trygg' }, embedded: { snapshotMs: 200 }, logger });
    sources = new Collection<Source>(store.container('actions'), 'groupId');
    open = new KeyedProjection<{ title: string }>(store, 'test-open');
  });
  afterAll(() => store.close());

  const fromSource = (id: string) => async () => {
    const s = (await sources.read(id, 'g1'))?.doc;
    return s?.open ? { title: s.title } : undefined;
  };

  it('a repeated projection of the same source ("försök igen") keeps one entry and does not write again', async () => {
    await sources.create({ id: 'a1', groupId: 'g1', open: true, title: 'Fältvandring' });
    await open.project('open:g1', 'a1', fromSource('a1'));
    const first = await open.readVersioned('open:g1');
    await open.project('open:g1', 'a1', fromSource('a1'));
    const second = await open.readVersioned('open:g1');
    expect(second?.doc.entries).toEqual({ a1: { title: 'Fältvandring' } });
    expect(second?.etag).toBe(first?.etag);
  });

  it('a projection reads the source itself: a closed source leaves the read model even when the caller saw it open', async () => {
    await sources.update('a1', 'g1', (s) => (s ? { ...s, open: false } : s));
    await open.project('open:g1', 'a1', fromSource('a1'));
    expect((await open.read('open:g1'))?.entries).toEqual({});
  });

  it('a missing document is seeded completely, never left as a partial list', async () => {
    await sources.create({ id: 'b1', groupId: 'g2', open: true, title: 'Läxhjälp' });
    await sources.create({ id: 'b2', groupId: 'g2', open: true, title: 'Nattvandring' });
    const seed = async () => ({ b1: { title: 'Läxhjälp' }, b2: { title: 'Nattvandring' } });
    const fromB2 = async () => ({ title: 'Nattvandring' });
    await open.project('open:g2', 'b2', fromB2, seed);
    expect((await open.read('open:g2'))?.entries).toEqual({ b1: { title: 'Läxhjälp' }, b2: { title: 'Nattvandring' } });
  });

  it('a document of another family under the same id is neither read as this one nor overwritten', async () => {
    const other = new KeyedProjection<{ n: number }>(store, 'test-other');
    await other.reconcile('shared:x', async () => ({ k: { n: 1 } }));
    expect(await open.read('shared:x')).toBeUndefined();
    await expect(open.project('shared:x', 'a1', async () => ({ title: 'x' }))).rejects.toThrow(/belongs to test-other/);
    await expect(open.reconcile('shared:x', async () => ({}))).rejects.toThrow(/belongs to test-other/);
    expect((await other.read('shared:x'))?.entries).toEqual({ k: { n: 1 } });
  });

  it('100 simultaneous projections onto one document all land: none gives up on ETag conflicts', async () => {
    // 50 people approving from cards at once project into the group's one `actions:` document. Each
    // projection retries a 412 a few times; racing each other, most gave up ("read-model projection
    // failed") and the list showed the old state until the sweep. Within the process they run in turn.
    const ids = Array.from({ length: 100 }, (_, i) => `burst${i}`);
    for (const id of ids) await sources.create({ id, groupId: 'g1', open: true, title: `Insats ${id}` });
    const burst = new KeyedProjection<{ title: string }>(store, 'test-burst');
    const other = new KeyedProjection<{ title: string }>(store, 'test-burst'); // a second instance, as each repository has its own
    const results = await Promise.allSettled(ids.map((id, i) => (i % 2 ? burst : other).project('burst:g1', id, fromSource(id))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(Object.keys((await burst.read('burst:g1'))?.entries ?? {}).sort()).toEqual([...ids].sort());
  });

  it('reconcile writes only when the recomputation differs', async () => {
    expect(await open.reconcile('open:g2', async () => ({ b2: { title: 'Nattvandring' }, b1: { title: 'Läxhjälp' } }))).toBe(false);
    expect(await open.reconcile('open:g2', async () => ({ b1: { title: 'Läxhjälp' } }))).toBe(true);
    expect((await open.read('open:g2'))?.entries).toEqual({ b1: { title: 'Läxhjälp' } });
  });

  it('dropAll removes only its own family', async () => {
    const before = (await open.listAll()).length;
    expect(await open.dropAll()).toBe(before);
    expect(await open.listAll()).toEqual([]);
    expect(await new KeyedProjection<{ n: number }>(store, 'test-other').read('shared:x')).toBeDefined();
  });

  it('entry maps compare regardless of key order, and differ on any value', () => {
    expect(sameEntries({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameEntries({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(false);
    expect(sameEntries({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameEntries({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('read-model registry', () => {
  const family = (name: string, sweep: ReadModel['sweep']): ReadModel => ({ name, sweep, rebuild: async () => ({ rebuilt: 1 }) });

  it('one failing family does not stop the sweep of the others, and is reported', async () => {
    const registry = new ReadModelRegistry();
    const swept: string[] = [];
    registry.register(family('a', async () => { swept.push('a'); throw new Error('503'); }));
    registry.register(family('b', async () => { swept.push('b'); return 2; }));
    const result = await registry.sweepAll(new Date());
    expect(swept).toEqual(['a', 'b']);
    expect(result).toEqual({ repaired: { b: 2 }, failed: { a: '503' } });
  });

  it('refuses a second family with the same name', () => {
    const registry = new ReadModelRegistry();
    registry.register(family('a', async () => 0));
    expect(() => registry.register(family('a', async () => 0))).toThrow(/already registered/);
  });

  it('rebuilds every family', async () => {
    const registry = new ReadModelRegistry();
    registry.register(family('a', async () => 0));
    registry.register(family('b', async () => 0));
    expect(await registry.rebuildAll(new Date())).toEqual({ a: { rebuilt: 1 }, b: { rebuilt: 1 } });
  });
});
