import pino from 'pino';
import { Claims } from '../../src/store/claims';
import { openStore, type Store } from '../../src/store/store';

describe('Claims on the embedded Cosmos server', () => {
  let store: Store;
  let claims: Claims;
  const t0 = new Date('2026-03-09T07:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'claims' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    claims = new Claims(store);
  });
  afterAll(() => store.close());

  it('lets exactly one of 30 racing instances take a claim', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => claims.acquire('summary:g1:2026-W10', 'summary', `i${i}`, t0, 60_000)));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });

  it('hands an expired lease to someone else, but never a done or uncertain one', async () => {
    expect((await claims.acquire('k1', 'summary', 'a', t0, 1000)).acquired).toBe(true);
    expect((await claims.acquire('k1', 'summary', 'b', later(500), 1000)).acquired).toBe(false);
    const takeover = await claims.acquire('k1', 'summary', 'b', later(1500), 1000);
    expect(takeover).toMatchObject({ acquired: true, claim: { owner: 'b', attempts: 2 } });
    expect(await claims.complete('k1', 'a', 'done', later(1600))).toBe(false); // lost its lease
    expect(await claims.complete('k1', 'b', 'uncertain', later(1600))).toBe(true);
    expect((await claims.acquire('k1', 'summary', 'c', later(999_999), 1000)).acquired).toBe(false);
  });

  it('lets a certain failure be retried, and lists claims by state', async () => {
    await claims.acquire('k2', 'reminder', 'a', t0, 1000);
    await claims.complete('k2', 'a', 'failed', t0, 'http 403');
    expect((await claims.list('reminder', ['failed'])).map((c) => c.key)).toEqual(['k2']);
    expect((await claims.acquire('k2', 'reminder', 'b', t0, 1000)).acquired).toBe(true);
    expect(await claims.list('reminder', ['failed'])).toEqual([]);
  });

  it('gives an uncertain or failed claim back to exactly one of 20 concurrent resends, and never a leased or done one', async () => {
    for (const outcome of ['uncertain', 'failed'] as const) {
      const key = `k3-${outcome}`;
      await claims.acquire(key, 'summary', 'a', t0, 60_000);
      await claims.complete(key, 'a', outcome, t0);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claims.retake(key, 'summary', `r${i}`, later(1000), 60_000)));
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      expect(await claims.get(key)).toMatchObject({ state: 'leased', owner: winners[0].claim.owner, attempts: 2 });
      // Leased by the winner: a late press does not take it over.
      expect((await claims.retake(key, 'summary', 'late', later(2000), 60_000)).acquired).toBe(false);
      expect(await claims.complete(key, winners[0].claim.owner, 'done', later(3000))).toBe(true);
      expect((await claims.retake(key, 'summary', 'later', later(4000), 60_000)).acquired).toBe(false);
      expect((await claims.get(key))?.state).toBe('done');
    }
  });
});
