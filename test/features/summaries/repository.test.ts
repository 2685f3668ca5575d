import { createLogger } from '../../../src/logger';
import { DELIVERY_WEEKS_KEPT, SummaryRepository } from '../../../src/features/summaries/repository';
import { Collection } from '../../../src/store/collection';
import { openStore, type Store } from '../../../src/store/store';

/** Delivery records: one log document per group, read with one point read, written with ETags. */
describe('SummaryRepository delivery log', () => {
  let store: Store;
  const now = new Date('2026-03-09T07:00:00Z');
  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'summary-repo' }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
  });
  afterAll(async () => store.close());

  const counts = () => store.requestCounts!();

  it('concurrent records of different weeks all stay, and reading them is a point read, never a query', async () => {
    const repo = new SummaryRepository(store);
    const weeks = Array.from({ length: 8 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`);
    await Promise.all(weeks.map((w) => repo.record('g1', w, 'sending', now)));
    await Promise.all(weeks.map((w, i) => repo.record('g1', w, i % 2 ? 'sent' : 'uncertain', now, { reason: i % 2 ? undefined : 'http 504' })));
    const before = counts();
    const all = await repo.deliveries('g1');
    const one = await repo.delivery('g1', '2026-W03');
    const after = counts();
    expect(all.map((d) => d.week)).toEqual([...weeks].reverse());
    expect(all.every((d) => d.attempts === 1)).toBe(true);
    expect(one).toMatchObject({ week: '2026-W03', state: 'uncertain', reason: 'http 504', attempts: 1 });
    expect(after.queries - before.queries).toBe(0);
    expect(after.pointReads - before.pointReads).toBe(2);
  });

  it('takes per-week records stored by earlier versions into the log, once', async () => {
    const raw = new Collection<{ id: string; groupId: string; type: string; week: string; state: string; attempts: number; updatedAt: string }>(store.container('summaries'), 'groupId');
    await raw.upsert({ id: 'week:2026-W05', groupId: 'g2', type: 'delivery', week: '2026-W05', state: 'sending', attempts: 1, updatedAt: now.toISOString() });
    const repo = new SummaryRepository(store);
    // A holder that died mid-send is still seen after the upgrade: never sent twice.
    expect((await repo.delivery('g2', '2026-W05'))?.state).toBe('sending');
    await repo.record('g2', '2026-W05', 'uncertain', now, { reason: 'holder lost while sending' });
    expect(await repo.deliveries('g2')).toEqual([expect.objectContaining({ week: '2026-W05', state: 'uncertain', attempts: 1 })]);
    const before = counts();
    await repo.deliveries('g2');
    expect(counts().queries - before.queries).toBe(0);
  });

  it('a group without deliveries costs one query once, then point reads', async () => {
    const repo = new SummaryRepository(store);
    expect(await repo.deliveries('g3')).toEqual([]);
    const before = counts();
    expect(await repo.deliveries('g3')).toEqual([]);
    expect(counts().queries - before.queries).toBe(0);
  });

  it(`keeps the newest ${DELIVERY_WEEKS_KEPT} weeks`, async () => {
    const repo = new SummaryRepository(store);
    for (let y = 2024; y <= 2026; y++) for (let w = 1; w <= 40; w++) await repo.record('g4', `${y}-W${String(w).padStart(2, '0')}`, 'sent', now);
    const kept = await repo.deliveries('g4');
    expect(kept).toHaveLength(DELIVERY_WEEKS_KEPT);
    expect(kept[0].week).toBe('2026-W40');
    expect(kept.at(-1)!.week).toBe('2024-W17');
  });
});
