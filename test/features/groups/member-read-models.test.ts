import fc from 'fast-check';
import { MemberRepository } from '../../../src/features/groups/group-repository';
import type { Member } from '../../../src/features/groups/model';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { Collection } from '../../../src/store/collection';
import { openStore, type Store } from '../../../src/store/store';
import type { StoreFault } from '../../support/fault-proxy';
import { useReadModelStore } from '../../support/read-model-store';

/**
 * The membership read models never drift for good: concurrent writers, injected 412 and 503 answers on
 * the read-model writes and a crash between the source write and its projection, then one sweep, and
 * every read model equals a recomputation from the memberships.
 */
const logger = createLogger('silent');
const GROUPS = ['g1', 'g2', 'g3'];
const PEOPLE = ['p1', 'p2', 'p3', 'p4'];

type Op =
  | { kind: 'set'; group: string; person: string; agency: 'skola' | 'polis'; role: 'medlem' | 'samordnare' }
  | { kind: 'remove'; group: string; person: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), group: fc.constantFrom(...GROUPS), person: fc.constantFrom(...PEOPLE), agency: fc.constantFrom('skola' as const, 'polis' as const), role: fc.constantFrom('medlem' as const, 'samordnare' as const) }),
  fc.record({ kind: fc.constant('remove' as const), group: fc.constantFrom(...GROUPS), person: fc.constantFrom(...PEOPLE) })
);

const member = (op: Extract<Op, { kind: 'set' }>): Member => ({
  id: op.person, groupId: op.group, aadObjectId: op.person, agency: op.agency, roles: [op.role], updatedBy: 'test', updatedAt: '2026-11-30T00:00:00.000Z'
});

describe('membership read models under concurrency, faults and crashes', () => {
  const rm = useReadModelStore();
  let store: Store;
  /** The fault for the n-th read-model write from now on. */
  const fault = rm.failReadModelWrites;

  beforeAll(() => {
    store = rm.store;
  });

  const clear = () => rm.clear('members', 'read-models');

  /** Every read model, as stored, against what the memberships say. */
  async function compare(repo: MemberRepository): Promise<void> {
    const source = await new Collection<Member>(store.container('members'), 'groupId').queryAcrossPartitions<Member>('SELECT * FROM c', []);
    const views = new Collection<{ id: string; kind: string; groupId?: string; aadObjectId?: string; members?: Record<string, Member>; groups?: Record<string, unknown> }>(store.container('read-models'), 'id');
    for (const g of GROUPS) {
      const view = (await views.read(`roster:${g}`, `roster:${g}`))?.doc;
      const expected = source.filter((m) => m.groupId === g).sort((a, b) => a.id.localeCompare(b.id));
      if (view) expect(Object.values(view.members ?? {}).sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected);
      expect(await repo.roster(g)).toEqual(expected);
    }
    for (const p of PEOPLE) {
      const expected = Object.fromEntries(source.filter((m) => m.id === p).map((m) => [m.groupId, { agency: m.agency, roles: m.roles }]));
      const view = (await views.read(`person:${p}`, `person:${p}`))?.doc;
      if (view) expect(view.groups).toEqual(expected);
      expect((await repo.membershipsOf(p)).map((m) => m.groupId).sort()).toEqual(Object.keys(expected).sort());
    }
  }

  it('concurrent changes with 412/503 on the projections and crashes after the source write end equal to the source after a sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ op: opArb, crash: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { minLength: 0, maxLength: 30 }),
        fc.boolean(),
        async (s, steps, faults, readFirst) => {
          await clear();
          fault(() => undefined);
          const repo = new MemberRepository(store);
          const raw = new Collection<Member>(store.container('members'), 'groupId');
          // Some read models exist before the changes (built from the source on first read), some not.
          if (readFirst) for (const g of GROUPS) await repo.roster(g);
          if (readFirst) for (const p of PEOPLE) await repo.membershipsOf(p);
          fault((n) => faults[n - 1]);
          const run = async ({ op, crash }: { op: Op; crash: boolean }) => {
            if (crash) {
              // The process dies after the membership write, before its projection.
              if (op.kind === 'set') await raw.upsert(member(op));
              else await raw.delete(op.person, op.group);
              return;
            }
            try {
              if (op.kind === 'set') await repo.update(op.group, op.person, () => member(op));
              else await repo.remove(op.group, op.person);
            } catch {
              // A source write refused by an injected fault: the user would be told to try again.
            }
          };
          await s.waitFor(Promise.all(steps.map((step) => s.schedule(Promise.resolve(step)).then(run))));
          fault(() => undefined);
          await repo.readModels.sweep();
          await compare(repo);
        }
      ),
      { numRuns: 12 }
    );
  }, 180_000);

  it('the sweep finds nothing to do when nothing went wrong', async () => {
    await clear();
    const repo = new MemberRepository(store);
    await repo.update('g1', 'p1', () => member({ kind: 'set', group: 'g1', person: 'p1', agency: 'skola', role: 'medlem' }));
    await repo.roster('g1');
    await repo.membershipsOf('p1');
    await repo.update('g1', 'p2', () => member({ kind: 'set', group: 'g1', person: 'p2', agency: 'polis', role: 'medlem' }));
    await repo.remove('g1', 'p1');
    expect(await repo.readModels.sweep()).toBe(0);
    await compare(repo);
  });
});

describe('npm run rebuild-read-models', () => {
  it('recomputes read models someone corrupted, from the memberships', async () => {
    const { rebuildReadModels } = await import('../../../src/rebuild-read-models');
    const store = await openStore({ cosmos: { database: 'trygg' }, embedded: { snapshotMs: 200 }, logger });
    try {
      const groups = new (await import('../../../src/features/groups/group-repository')).GroupRepository(store);
      const repo = new MemberRepository(store);
      for (const g of ['g1', 'g2']) {
        await groups.create({ id: g, key: `team:${g}`, kind: 'sspf', name: g, municipality: 'Kungälv', municipalityKey: 'kungalv', areas: [], language: 'sv', postConversationId: g, registeredBy: 'x', registeredAt: '2026-11-30T00:00:00.000Z', updatedAt: '2026-11-30T00:00:00.000Z' } as never);
      }
      await repo.update('g1', 'p1', () => member({ kind: 'set', group: 'g1', person: 'p1', agency: 'skola', role: 'medlem' }));
      await repo.update('g2', 'p1', () => member({ kind: 'set', group: 'g2', person: 'p1', agency: 'skola', role: 'samordnare' }));
      await repo.roster('g1');
      // Someone writes nonsense into the read models behind the projections' back.
      const views = new Collection<{ id: string; kind: string; aadObjectId?: string; groupId?: string; groups?: object; members?: object }>(store.container('read-models'), 'id');
      await views.upsert({ id: 'person:p1', kind: 'person', aadObjectId: 'p1', groups: { g9: { agency: 'polis', roles: ['samordnare'] } } });
      await views.upsert({ id: 'roster:g1', kind: 'roster', groupId: 'g1', members: {} });
      expect(await repo.roster('g1')).toEqual([]);
      const result = await rebuildReadModels(store, loadConfig({}), logger);
      expect(result.members).toMatchObject({ rosters: 2, people: 1 });
      expect((await repo.roster('g1')).map((m) => m.id)).toEqual(['p1']);
      expect((await views.read('person:p1', 'person:p1'))?.doc.groups).toEqual({ g1: { agency: 'skola', roles: ['medlem'] }, g2: { agency: 'skola', roles: ['samordnare'] } });
    } finally {
      await store.close();
    }
  });
});
