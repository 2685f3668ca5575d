import { createLogger } from '../../src/logger';
import { Collection } from '../../src/store/collection';
import { openStore, type Store } from '../../src/store/store';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { DocCache } from '../../src/store/doc-cache';

interface Doc {
  id: string;
  groupId: string;
  n: number;
  nested?: { k: number };
}

const logger = createLogger('silent');
const cosmos = { database: 'trygg', endpoint: undefined, key: undefined, managedIdentityClientId: undefined };

/** Point reads that reached the embedded server's protocol (not the cache). */
const pointReads = (store: Store) => store.requestCounts!().pointReads;

describe('point-read cache of the embedded store in this process', () => {
  let store: Store;
  let members: Collection<Doc>;

  beforeAll(async () => {
    store = await openStore({ cosmos, embedded: { snapshotMs: 200 }, logger });
    members = new Collection<Doc>(store.container('members'), 'groupId');
  });
  afterAll(() => store.close());

  it('serves a repeated point read from memory', async () => {
    await members.create({ id: 'a', groupId: 'g1', n: 1 });
    await members.read('a', 'g1');
    const before = pointReads(store);
    expect((await members.read('a', 'g1'))?.doc.n).toBe(1);
    expect((await members.read('a', 'g1'))?.doc.n).toBe(1);
    expect(pointReads(store)).toBe(before);
  });

  it('never caches "not found": a missing item costs the same store call every time (no existence oracle)', async () => {
    await members.read('nobody', 'g1');
    const before = pointReads(store);
    expect(await members.read('nobody', 'g1')).toBeUndefined();
    expect(await members.read('nobody', 'g1')).toBeUndefined();
    expect(pointReads(store) - before).toBe(2);
  });

  it('a deletion is seen by the very next read', async () => {
    await members.create({ id: 'b', groupId: 'g1', n: 1 });
    expect(await members.read('b', 'g1')).toBeDefined();
    await members.delete('b', 'g1');
    expect(await members.read('b', 'g1')).toBeUndefined();
  });

  it('an update is seen by the very next read, with the ETag the store gave it', async () => {
    await members.create({ id: 'c', groupId: 'g1', n: 1 });
    await members.read('c', 'g1');
    const { doc } = await members.update('c', 'g1', (d) => d && { ...d, n: 2 });
    expect(doc?.n).toBe(2);
    const cached = await members.read('c', 'g1');
    expect(cached?.doc.n).toBe(2);
    // The cached ETag is the stored one: a conditional write with it succeeds.
    await expect(members.replace({ id: 'c', groupId: 'g1', n: 3 }, cached!.etag)).resolves.toBeDefined();
    expect((await members.read('c', 'g1'))?.doc.n).toBe(3);
  });

  it('a caller changing the document it got changes nothing cached', async () => {
    await members.create({ id: 'd', groupId: 'g1', n: 1 });
    const first = await members.read('d', 'g1');
    first!.doc.n = 99;
    expect((await members.read('d', 'g1'))?.doc.n).toBe(1);
  });

  it('a writer changing what it wrote, or what the write gave back, changes nothing cached', async () => {
    const written = { id: 'w', groupId: 'g1', n: 1, nested: { k: 1 } };
    const created = await members.create(written);
    written.n = 50;
    written.nested.k = 50;
    created!.doc.n = 60;
    expect((await members.readShared('w', 'g1'))?.doc).toEqual({ id: 'w', groupId: 'g1', n: 1, nested: { k: 1 } });
    const next = { id: 'w', groupId: 'g1', n: 2, nested: { k: 2 } };
    const replaced = await members.replace(next, (await members.read('w', 'g1'))!.etag);
    next.nested.k = 70;
    replaced.doc.n = 80;
    const upserted = await members.upsert({ ...next, n: 3, nested: { k: 3 } });
    upserted.doc.n = 90;
    const { doc: updated } = await members.update('w', 'g1', (d) => d && { ...d, n: 4 });
    updated!.n = 100;
    expect((await members.readShared('w', 'g1'))?.doc).toEqual({ id: 'w', groupId: 'g1', n: 4, nested: { k: 3 } });
    // What the cache holds is what the store holds.
    const { resource } = await store.container('members').item('w', 'g1').read();
    expect(resource).toMatchObject({ n: 4, nested: { k: 3 } });
  });

  it('an update without a copy (read models) gets the cached document frozen: changing it fails and stores nothing; a new document is stored', async () => {
    await members.create({ id: 'u', groupId: 'g1', n: 1, nested: { k: 1 } });
    const seenBefore = (await members.readShared('u', 'g1'))!.doc;
    await expect(
      members.updateShared('u', 'g1', (d) => {
        d!.n = 2;
        return d;
      })
    ).rejects.toThrow(TypeError);
    expect((await store.container('members').item('u', 'g1').read()).resource).toMatchObject({ n: 1 });
    const { doc } = await members.updateShared('u', 'g1', (d) => d && { ...d, n: 3 });
    expect(doc).toMatchObject({ n: 3, nested: { k: 1 } });
    // Whoever read before keeps what it read; the next read sees the new document, as the store has it.
    expect(seenBefore).toMatchObject({ n: 1 });
    expect((await members.readShared('u', 'g1'))?.doc).toEqual({ id: 'u', groupId: 'g1', n: 3, nested: { k: 1 } });
    expect((await store.container('members').item('u', 'g1').read()).resource).toMatchObject({ n: 3, nested: { k: 1 } });
  });

  it('a shared read (read models) gets the cached document itself, frozen: it cannot change the cache, and a write replaces it', async () => {
    await members.create({ id: 's', groupId: 'g1', n: 1 });
    const first = await members.readShared('s', 'g1');
    const again = await members.readShared('s', 'g1');
    expect(again?.doc).toBe(first?.doc);
    expect(() => {
      (again!.doc as Doc).n = 99;
    }).toThrow(TypeError);
    expect((await members.read('s', 'g1'))?.doc.n).toBe(1);
    // A plain read still gets a copy the caller may change.
    const copy = await members.read('s', 'g1');
    copy!.doc.n = 5;
    expect((await members.readShared('s', 'g1'))?.doc.n).toBe(1);
    await members.update('s', 'g1', (d) => d && { ...d, n: 2 });
    expect((await members.readShared('s', 'g1'))?.doc.n).toBe(2);
  });

  it('a read in flight while a write lands does not put the old value back', () => {
    const cache = new DocCache();
    const started = cache.begin();
    // The write lands while the read is on its way back with the value from before it.
    cache.wrote('e', 'g1', { doc: { n: 2 }, etag: '"2"' });
    cache.fill(started, 'e', 'g1', { doc: { n: 1 }, etag: '"1"' });
    expect(cache.get('e', 'g1')).toEqual({ doc: { n: 2 }, etag: '"2"' });
    // Same for a write whose outcome is unknown: the read's answer is not trusted either.
    const again = cache.begin();
    cache.forget('e', 'g1');
    cache.fill(again, 'e', 'g1', { doc: { n: 1 }, etag: '"1"' });
    expect(cache.get('e', 'g1')).toBeUndefined();
  });

  it('keeps at most its bound of entries, dropping the least recently used', () => {
    const cache = new DocCache(2);
    cache.wrote('a', 'p', { doc: 1, etag: 'a' });
    cache.wrote('b', 'p', { doc: 2, etag: 'b' });
    cache.get('a', 'p');
    cache.wrote('c', 'p', { doc: 3, etag: 'c' });
    expect(cache.get('b', 'p')).toBeUndefined();
    expect(cache.get('a', 'p')).toBeDefined();
    expect(cache.get('c', 'p')).toBeDefined();
  });

  it('a failed conditional write leaves nothing stale cached', async () => {
    await members.create({ id: 'g', groupId: 'g1', n: 1 });
    await expect(members.replace({ id: 'g', groupId: 'g1', n: 2 }, '"not-the-etag"')).rejects.toThrow();
    expect((await members.read('g', 'g1'))?.doc.n).toBe(1);
  });

  it('remembers a missing read model (a month without updates), and the very next read after its creation sees it', async () => {
    interface View {
      id: string;
      n: number;
    }
    const views = new Collection<View>(store.container('read-models'), 'id');
    expect(await views.read('picture:g1:2026-01', 'picture:g1:2026-01')).toBeUndefined();
    const before = pointReads(store);
    expect(await views.read('picture:g1:2026-01', 'picture:g1:2026-01')).toBeUndefined();
    expect(pointReads(store)).toBe(before);
    // Created through another Collection over the same container (as a projection does).
    await new Collection<View>(store.container('read-models'), 'id').create({ id: 'picture:g1:2026-01', n: 1 });
    expect((await views.read('picture:g1:2026-01', 'picture:g1:2026-01'))?.doc.n).toBe(1);
    // Deleted: missing again, from the next read on.
    await views.delete('picture:g1:2026-01', 'picture:g1:2026-01');
    expect(await views.read('picture:g1:2026-01', 'picture:g1:2026-01')).toBeUndefined();
  });

  it('a "not found" read in flight while the item is created does not hide the creation', async () => {
    const cache = new DocCache(10, true);
    const started = cache.begin();
    cache.wrote('v', 'v', { doc: { n: 1 }, etag: '"1"' });
    cache.fillMissing(started, 'v', 'v');
    expect(cache.get('v', 'v')).toEqual({ doc: { n: 1 }, etag: '"1"' });
    // And a cache that does not remember missing items never answers "missing".
    const plain = new DocCache(10);
    plain.fillMissing(plain.begin(), 'w', 'w');
    expect(plain.get('w', 'w')).toBeUndefined();
  });

  it('caches only groups, members, read models, group links and actions (never cases): other containers always ask the store', async () => {
    const updates = new Collection<Doc>(store.container('updates'), 'groupId');
    await updates.create({ id: 'u', groupId: 'g1', n: 1 });
    const before = pointReads(store);
    await updates.read('u', 'g1');
    await updates.read('u', 'g1');
    expect(pointReads(store) - before).toBe(2);
    expect(Object.keys(store.cacheStats()).sort()).toEqual(['actions', 'group-links', 'groups', 'members', 'read-models']);
  });
});

describe('no cache where another process may write', () => {
  it('a store reached over an endpoint (npm run store, Azure) caches nothing', async () => {
    const server = new EmbeddedCosmos({ snapshotMs: 200, logger });
    await server.start();
    const store = await openStore({ cosmos: { ...cosmos, endpoint: server.endpoint, key: EMBEDDED_KEY }, embedded: { snapshotMs: 200 }, logger });
    try {
      const members = new Collection<Doc>(store.container('members'), 'groupId');
      await members.create({ id: 'a', groupId: 'g1', n: 1 });
      await members.read('a', 'g1');
      // Another process writes behind this one's back: the next read must see it.
      const writer = new Collection<Doc>(store.container('members'), 'groupId');
      const other = await openStore({ cosmos: { ...cosmos, endpoint: server.endpoint, key: EMBEDDED_KEY }, embedded: { snapshotMs: 200 }, logger });
      await new Collection<Doc>(other.container('members'), 'groupId').upsert({ id: 'a', groupId: 'g1', n: 2 });
      await other.close();
      expect((await writer.read('a', 'g1'))?.doc.n).toBe(2);
      expect((await members.read('a', 'g1'))?.doc.n).toBe(2);
      expect(store.cacheStats()).toEqual({});
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
