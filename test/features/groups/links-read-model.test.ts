import fc from 'fast-check';
import { LinkRepository, type GroupLink } from '../../../src/features/groups/link-repository';
import { Collection } from '../../../src/store/collection';
import type { Store } from '../../../src/store/store';
import type { StoreFault } from '../../support/fault-proxy';
import { useReadModelStore } from '../../support/read-model-store';

/**
 * What a steering group reaches comes from its read model `links-to:<id>` (one point read). The read
 * model fails closed: a fault or a crash between the link's write and its projection may hide a link
 * until the sweep, but never lets a steering group keep reaching a group whose link was ended.
 */
const STEERING = ['s1', 's2'];
const SSPF = ['g1', 'g2', 'g3'];
const now = new Date('2026-11-30T08:00:00Z');

describe('steering groups read their links from a read model that fails closed', () => {
  const rm = useReadModelStore();
  let store: Store;
  let links: LinkRepository;
  let raw: Collection<GroupLink>;
  /** The fault for the n-th read-model write from now on. */
  const fault = rm.failReadModelWrites;
  /** Queries (and query plans) that reached the store. */
  const queries = () => rm.requests.filter((r) => r.isQuery).length;
  /** Writes of link documents that reached the store. */
  const linkWrites = () => rm.requests.filter((r) => r.path.includes('/colls/group-links/') && ['PUT', 'POST'].includes(r.method) && !r.isQuery).length;

  beforeAll(() => {
    store = rm.store;
    links = new LinkRepository(store);
    raw = new Collection<GroupLink>(store.container('group-links'), 'steeringGroupId');
  });

  async function clear(): Promise<void> {
    fault(() => undefined);
    await rm.clear('group-links', 'read-models');
  }

  /** The SSPF groups each steering group reaches according to the link documents themselves. */
  async function truth(steering: string): Promise<string[]> {
    return (await links.toSteeringGroup(steering)).filter((l) => !l.endedAt).map((l) => l.sspfGroupId).sort();
  }
  const reached = async (steering: string) => (await links.activeToSteeringGroup(steering)).map((l) => l.sspfGroupId).sort();

  it('reads the active links with a point read and no query once the read model exists', async () => {
    await clear();
    await links.link('g1', 's1', 'anna', now);
    await links.link('g2', 's1', 'anna', now);
    await links.end('g2', 's1', 'anna', 'removed', now);
    const before = queries();
    expect(await reached('s1')).toEqual(['g1']);
    expect(queries() - before).toBe(0);
    // The first read of a steering group without a read model builds it from the links (one query).
    await new Collection<{ id: string }>(store.container('read-models'), 'id').delete('links-to:s1', 'links-to:s1');
    const rebuilt = queries();
    expect(await reached('s1')).toEqual(['g1']);
    expect(queries() - rebuilt).toBeGreaterThan(0);
  });

  it('attack: ending a link while the read model cannot be written fails the act and changes nothing', async () => {
    await clear();
    await links.link('g1', 's1', 'anna', now);
    fault(() => ({ status: 503 }));
    await expect(links.end('g1', 's1', 'anna', 'declined', now)).rejects.toThrow();
    fault(() => undefined);
    expect(await truth('s1')).toEqual(['g1']);
    expect(await reached('s1')).toEqual(['g1']);
  });

  it('attack: a link ended while its projection fails afterwards is never reached again', async () => {
    await clear();
    await links.link('g1', 's1', 'anna', now);
    // Every read-model write after the link document is ended fails.
    const ended = linkWrites();
    fault(() => (linkWrites() > ended ? { status: 503 } : undefined));
    await links.end('g1', 's1', 'anna', 'removed', now);
    fault(() => undefined);
    expect(await truth('s1')).toEqual([]);
    expect(await reached('s1')).toEqual([]);
  });

  it('a link whose projection failed is hidden until the sweep adds it (fails closed, then repairs)', async () => {
    await clear();
    await links.link('g1', 's1', 'anna', now);
    fault(() => ({ status: 503 }));
    await links.link('g2', 's1', 'anna', now);
    fault(() => undefined);
    expect(await truth('s1')).toEqual(['g1', 'g2']);
    expect(await reached('s1')).toEqual(['g1']);
    expect(await links.sweep()).toBe(1);
    expect(await reached('s1')).toEqual(['g1', 'g2']);
  });

  it('a read model someone wrote behind the repository (an ended link in it) is repaired by the sweep', async () => {
    await clear();
    await links.link('g1', 's1', 'anna', now);
    await links.end('g1', 's1', 'anna', 'removed', now);
    const docs = new Collection<{ id: string; kind: string; entries: Record<string, unknown> }>(store.container('read-models'), 'id');
    await docs.upsert({ id: 'links-to:s1', kind: 'links-to', entries: { 'g1|s1': { sspfGroupId: 'g1', linkedBy: 'anna', linkedAt: now.toISOString() } } });
    expect(await links.sweep()).toBe(1);
    expect(await reached('s1')).toEqual([]);
    expect((await links.rebuild()).dropped).toBe(1);
    expect(await reached('s1')).toEqual([]);
  });

  it('concurrent links and ends with 412/503 and crashes between the two writes: never an ended link reached, equal to the links after the sweep', async () => {
    type Op = { kind: 'link' | 'end'; sspf: string; steering: string; crash: boolean };
    const opArb: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('link' as const, 'end' as const), sspf: fc.constantFrom(...SSPF), steering: fc.constantFrom(...STEERING), crash: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { maxLength: 30 }),
        async (s, ops, faults) => {
          await clear();
          for (const st of STEERING) await links.activeToSteeringGroup(st);
          fault((n) => faults[n - 1]);
          const run = async (op: Op) => {
            const id = LinkRepository.idFor(op.sspf, op.steering);
            if (op.crash && op.kind === 'link') {
              // The process dies after the link's write, before its projection.
              await raw.upsert({ id, sspfGroupId: op.sspf, steeringGroupId: op.steering, linkedBy: 'anna', linkedAt: now.toISOString() });
              return;
            }
            try {
              if (op.kind === 'link') await links.link(op.sspf, op.steering, 'anna', now);
              else await links.end(op.sspf, op.steering, 'anna', 'removed', now);
            } catch {
              // Refused by an injected fault: the user is told to try again.
            }
          };
          await s.waitFor(Promise.all(ops.map((op) => s.schedule(Promise.resolve(op)).then(run))));
          fault(() => undefined);
          // Fails closed before the sweep: everything reached is linked in the source.
          for (const st of STEERING) {
            const active = await truth(st);
            for (const g of await reached(st)) expect(active).toContain(g);
          }
          await links.sweep();
          for (const st of STEERING) expect(await reached(st)).toEqual(await truth(st));
        }
      ),
      { numRuns: 15 }
    );
  }, 180_000);
});
