import pino from 'pino';
import { Collection, QUERY_PAGE_SIZE } from '../../src/store/collection';
import { ConflictError } from '../../src/store/errors';
import { openStore, type Store } from '../../src/store/store';

interface Doc { id: string; groupId: string; n: number }

describe('Collection on the embedded Cosmos server', () => {
  let store: Store;
  let members: Collection<Doc>;
  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'contract' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    members = new Collection<Doc>(store.container('members'), 'groupId');
  });
  afterAll(() => store.close());

  it('creates once, reads, and refuses a stale replace', async () => {
    const first = await members.create({ id: 'a', groupId: 'g1', n: 1 });
    expect(first?.etag).toBeTruthy();
    expect(await members.create({ id: 'a', groupId: 'g1', n: 2 })).toBeUndefined();
    const read = await members.read('a', 'g1');
    expect(read?.doc).toEqual({ id: 'a', groupId: 'g1', n: 1 });
    await members.replace({ id: 'a', groupId: 'g1', n: 3 }, read!.etag);
    await expect(members.replace({ id: 'a', groupId: 'g1', n: 4 }, read!.etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await members.read('a', 'g1'))?.doc.n).toBe(3);
  });

  it('loses no increment when 20 updates race', async () => {
    await members.create({ id: 'counter', groupId: 'g2', n: 0 });
    await Promise.all(Array.from({ length: 20 }, () => members.update('counter', 'g2', (d) => d && { ...d, n: d.n + 1 }, 50)));
    expect((await members.read('counter', 'g2'))?.doc.n).toBe(20);
  });

  it('queries one partition and pages through continuation tokens', async () => {
    for (let i = 0; i < 130; i++) await members.create({ id: `p${i}`, groupId: 'g3', n: i });
    await members.create({ id: 'other', groupId: 'g4', n: 999 });
    const rows = await members.query<Doc>('SELECT * FROM c WHERE c.groupId = @pk AND c.n >= @min', [{ name: '@min', value: 0 }], 'g3');
    expect(rows).toHaveLength(130);
    expect(rows.every((r) => r.groupId === 'g3')).toBe(true);
  });

  it('answers a large query in pages of at most its page size, and drains every page (one partition and across partitions)', async () => {
    expect(QUERY_PAGE_SIZE).toBe(10_000);
    // A small page size keeps the data small: on a loaded CI machine 2 000 documents made one page
    // outlast the client's request timeout (the embedded server copies the container for every page).
    const paged = new Collection<Doc>(store.container('members'), 'groupId', 50);
    const total = 50 * 2 + 7;
    for (let i = 0; i < total; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, total - i) }, (_, k) => members.create({ id: `big${i + k}`, groupId: 'g5', n: i + k })));
    }
    const before = store.requestCounts!().queries;
    const rows = await paged.query<Pick<Doc, 'n'>>('SELECT c.n FROM c WHERE c.groupId = @pk', [], 'g5');
    expect(rows.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(store.requestCounts!().queries - before).toBe(3);
    const across = await paged.queryAcrossPartitions<Pick<Doc, 'id'>>('SELECT c.id FROM c WHERE STARTSWITH(c.id, "big")', []);
    expect(new Set(across.map((r) => r.id)).size).toBe(total);
  });

  it('refuses a partition query that does not filter on the partition key', async () => {
    await expect(members.query('SELECT * FROM c', [], 'g3')).rejects.toThrow(/c.groupId = @pk/);
  });
});

describe('the embedded server narrows partition queries to their partition', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'narrow' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    const c = new Collection<Doc>(store.container('members'), 'groupId');
    for (let i = 0; i < 30; i++) await c.create({ id: `d${i}`, groupId: i % 3 === 0 ? 'a' : 'b', n: i });
  });
  afterAll(() => store.close());

  const raw = async (query: string, parameters: Array<{ name: string; value: unknown }>) =>
    (await store.container('members').items.query<Doc>({ query, parameters: parameters as never }).fetchAll()).resources.map((d) => d.id).sort();

  it('returns exactly the matching items of the partition, in ORDER BY order', async () => {
    const c = new Collection<Doc>(store.container('members'), 'groupId');
    const rows = await c.query<Doc>('SELECT * FROM c WHERE c.groupId = @pk AND c.n >= @min ORDER BY c.n', [{ name: '@min', value: 10 }], 'a');
    expect(rows.map((r) => r.n)).toEqual([12, 15, 18, 21, 24, 27]);
  });

  it('leaves queries of any other shape to the server unchanged', async () => {
    // An OR can match other partitions: it must not be narrowed.
    expect(await raw('SELECT * FROM c WHERE c.groupId = @pk OR c.n = @n', [{ name: '@pk', value: 'a' }, { name: '@n', value: 1 }])).toContain('d1');
    // The partition condition not first: not narrowed either, and still correct.
    expect(await raw('SELECT * FROM c WHERE c.n = @n AND c.groupId = @pk', [{ name: '@pk', value: 'b' }, { name: '@n', value: 2 }])).toEqual(['d2']);
  });
});
