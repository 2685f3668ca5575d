import pino from 'pino';
import { Collection } from '../../src/store/collection';
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

  it('refuses a partition query that does not filter on the partition key', async () => {
    await expect(members.query('SELECT * FROM c', [], 'g3')).rejects.toThrow(/c.groupId = @pk/);
  });
});
