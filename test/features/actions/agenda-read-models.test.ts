import fc from 'fast-check';
import { ActionRepository } from '../../../src/features/actions/action-repository';
import { entriesOfBook, entriesOfGroup } from '../../../src/features/actions/action-read-models';
import type { Action, ActionStatus } from '../../../src/features/actions/model';
import { PromiseRepository, type CitizenPromise } from '../../../src/features/actions/promise-repository';
import { removeCaseCopies } from '../../../src/features/cases/retention-copies';
import type { CaseFile } from '../../../src/features/cases/model';
import { MeetingRepository } from '../../../src/features/meetings/meeting-repository';
import { entriesOfMeetings } from '../../../src/features/meetings/meeting-read-models';
import type { Meeting, MeetingDoc } from '../../../src/features/meetings/model';
import { createLogger } from '../../../src/logger';
import { Collection } from '../../../src/store/collection';
import { openStore, type Store } from '../../../src/store/store';
import type { StoreFault } from '../../support/fault-proxy';
import { useReadModelStore } from '../../support/read-model-store';

/**
 * The actions and meetings read models never drift for good: concurrent writers (fc.scheduler), injected
 * 412 and 503 answers on the read-model writes and crashes between the source write and its projection,
 * then one sweep, and every read model equals a recomputation from the sources. Timestamps spread over
 * more than a year, so the closed/past window prunes too.
 */
const logger = createLogger('silent');
const GROUPS = ['g1', 'g2'];
const MK = 'kungalv';
const DAY = 24 * 3600_000;
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, 1) + day * DAY + hour * 3600_000).toISOString();
const date = (day: number) => at(day).slice(0, 10);

type ActionOp =
  | { kind: 'propose'; group: string; n: number; promise: boolean; day: number; level: 'selektiv' | 'indikerad' }
  | { kind: 'advance'; group: string; n: number; to: Exclude<ActionStatus, 'foreslagen'>; day: number }
  | { kind: 'redact'; group: string; n: number }
  | { kind: 'promise'; n: number; day: number };

const actionOpArb: fc.Arbitrary<ActionOp> = fc.oneof(
  fc.record({ kind: fc.constant('propose' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }), promise: fc.boolean(), day: fc.integer({ min: 0, max: 400 }), level: fc.constantFrom('selektiv' as const, 'indikerad' as const) }),
  fc.record({ kind: fc.constant('advance' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }), to: fc.constantFrom('godkand' as const, 'avslagen' as const, 'pagar' as const, 'klar' as const, 'avbruten' as const), day: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('redact' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('promise' as const), n: fc.integer({ min: 1, max: 2 }), day: fc.integer({ min: 0, max: 400 }) })
);

const actionId = (group: string, n: number) => `${group}-a${n}`;
const stamp = (day: number) => ({ by: 'o1', byName: 'Olle Polis', at: at(day) });

function proposed(op: Extract<ActionOp, { kind: 'propose' }>): Action {
  return {
    id: actionId(op.group, op.n), groupId: op.group, municipalityKey: MK, title: `Fältvandring ${op.n}`, description: 'Två och två', level: op.level,
    ...(op.level === 'indikerad' ? { casePseudonym: 'K-2026-001' } : { area: 'Ytterby' }),
    agency: 'polis', ownerAad: op.n % 2 ? 'o1' : 'o2', ownerName: 'Olle Polis', dueDate: date(op.day + 10), ...(op.promise ? { promiseId: `p${(op.n % 2) + 1}` } : {}),
    status: 'foreslagen', created: stamp(op.day), history: [], updatedAt: at(op.day)
  };
}

/** Any status change the read model must follow (not only the legal ones: it mirrors what is stored). */
function advanced(a: Action, op: Extract<ActionOp, { kind: 'advance' }>): Action {
  const next: Action = { ...a, status: op.to, updatedAt: at(op.day) };
  if (op.to === 'godkand' || op.to === 'avslagen') next.decision = { ...stamp(op.day), outcome: op.to };
  if (op.to === 'klar' || op.to === 'avbruten') next.finished = { ...stamp(op.day), outcome: op.to, text: 'Klart' };
  return next;
}

const promiseOf = (n: number, day: number): CitizenPromise => ({
  id: `p${n}`, municipalityKey: MK, municipality: 'Kungälv', groupId: 'sg', title: `Löfte ${n}`, periodStart: '2026-01-01', periodEnd: '2026-12-31',
  policeArea: 'LPO Kungälv', commitments: ['x'], created: stamp(day), updatedAt: at(day)
});

type MeetingOp =
  | { kind: 'propose'; group: string; n: number; day: number }
  | { kind: 'confirm'; group: string; n: number; option: 0 | 1; day: number }
  | { kind: 'scrub'; group: string; n: number };

const meetingOpArb: fc.Arbitrary<MeetingOp> = fc.oneof(
  fc.record({ kind: fc.constant('propose' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }), day: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('confirm' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }), option: fc.constantFrom(0 as const, 1 as const), day: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('scrub' as const), group: fc.constantFrom(...GROUPS), n: fc.integer({ min: 1, max: 4 }) })
);

function meetingOf(op: Extract<MeetingOp, { kind: 'propose' }>): Meeting {
  const id = `${op.group}-m${op.n}`;
  return {
    id, groupId: op.group, docType: 'meeting', type: 'sspf', title: `SSPF ${op.n}`, place: 'Rum 1', online: op.n % 2 === 0, agendaNotes: '', cadence: 'none',
    options: [{ id: 'o1', start: at(op.day + 5, 12), end: at(op.day + 5, 13) }, { id: 'o2', start: at(op.day + 7, 12), end: at(op.day + 7, 13) }],
    status: 'open', seriesId: id, seq: 1, createdBy: 'a1', createdAt: at(op.day), updatedAt: at(op.day)
  };
}

describe('actions and meetings read models under concurrency, faults and crashes', () => {
  const rm = useReadModelStore();
  let store: Store;
  /** The fault for the n-th read-model write from now on. */
  const fault = rm.failReadModelWrites;

  beforeAll(() => {
    store = rm.store;
  });

  const clear = () => rm.clear('actions', 'promises', 'meetings', 'read-models');

  const rawActions = () => new Collection<Action>(store.container('actions'), 'groupId');
  const rawPromises = () => new Collection<CitizenPromise>(store.container('promises'), 'municipalityKey');
  const rawMeetings = () => new Collection<MeetingDoc>(store.container('meetings'), 'groupId');
  const views = () => new Collection<{ id: string; kind: string; entries: Record<string, unknown> }>(store.container('read-models'), 'id');

  /** Every actions read model, as stored, against a recomputation from the actions and promises. */
  async function compareActions(repo: ActionRepository): Promise<void> {
    const actions = await rawActions().queryAcrossPartitions<Action>('SELECT * FROM c', []);
    const promises = await rawPromises().queryAcrossPartitions<CitizenPromise>('SELECT * FROM c', []);
    for (const g of GROUPS) {
      const source = actions.filter((a) => a.groupId === g);
      const stored = (await views().read(`actions:${g}`, `actions:${g}`))?.doc;
      if (stored) expect(stored.entries).toEqual(entriesOfGroup(source));
      const open = source.filter((a) => ['foreslagen', 'godkand', 'pagar'].includes(a.status)).map((a) => a.id).sort();
      expect((await repo.openEntries(g)).map((e) => e.id).sort()).toEqual(open);
    }
    const book = (await views().read(`promises:${MK}`, `promises:${MK}`))?.doc;
    if (book) expect(book.entries).toEqual(entriesOfBook(promises, actions, MK));
    expect(await repo.readModels.bookOf(MK)).toEqual(entriesOfBook(promises, actions, MK));
  }

  async function compareMeetings(repo: MeetingRepository): Promise<void> {
    const docs = await rawMeetings().queryAcrossPartitions<MeetingDoc>('SELECT * FROM c', []);
    for (const g of GROUPS) {
      const expected = entriesOfMeetings(docs.filter((d) => d.groupId === g));
      const stored = (await views().read(`meetings:${g}`, `meetings:${g}`))?.doc;
      if (stored) expect(stored.entries).toEqual(expected);
      expect(Object.fromEntries(await repo.readModels.entriesOf(g))).toEqual(expected);
    }
  }

  it('actions: concurrent writes with 412/503 on the projections and crashes after the source write end equal to the sources after a sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ op: actionOpArb, crash: fc.boolean() }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { maxLength: 30 }),
        fc.boolean(),
        async (s, steps, faults, readFirst) => {
          await clear();
          fault(() => undefined);
          const repo = new ActionRepository(store, { logger });
          const promises = new PromiseRepository(store, { logger });
          // Some read models exist before the writes (built from the sources on first read), some not.
          if (readFirst) for (const g of GROUPS) await repo.openEntries(g);
          if (readFirst) await repo.readModels.bookOf(MK);
          fault((n) => faults[n - 1]);
          const run = async ({ op, crash }: { op: ActionOp; crash: boolean }) => {
            try {
              if (op.kind === 'promise') {
                // The process dies after the promise write, before its projection.
                if (crash) await rawPromises().create(promiseOf(op.n, op.day));
                else await promises.create(promiseOf(op.n, op.day));
                return;
              }
              if (op.kind === 'propose') {
                // As the proposal does: an action links only to a promise that exists (else "promiseUnknown").
                const link = proposed(op).promiseId;
                if (link && !(await rawPromises().read(link, MK))) return;
                if (crash) await rawActions().create(proposed(op));
                else await repo.create(proposed(op));
                return;
              }
              const mutate = (a: Action | undefined) => a && (op.kind === 'advance' ? advanced(a, op) : { ...a, title: `Indikerad insats ${a.casePseudonym ?? ''}`, description: '' });
              if (crash) await rawActions().update(actionId(op.group, op.n), op.group, mutate);
              else await repo.update(op.group, actionId(op.group, op.n), mutate);
            } catch {
              // A source write refused by an injected fault: the user would be told to try again.
            }
          };
          await s.waitFor(Promise.all(steps.map((step) => s.schedule(Promise.resolve(step)).then(run))));
          fault(() => undefined);
          await repo.readModels.sweep();
          await compareActions(repo);
        }
      ),
      { numRuns: 12 }
    );
  }, 240_000);

  it('meetings: concurrent writes with 412/503 on the projections and crashes after the source write end equal to the sources after a sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ op: meetingOpArb, crash: fc.boolean() }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.constantFrom<StoreFault | undefined>({ status: 412 }, { status: 503 }, undefined, undefined), { maxLength: 30 }),
        fc.boolean(),
        async (s, steps, faults, readFirst) => {
          await clear();
          fault(() => undefined);
          const repo = new MeetingRepository(store, { logger });
          if (readFirst) for (const g of GROUPS) await repo.readModels.entriesOf(g);
          fault((n) => faults[n - 1]);
          const run = async ({ op, crash }: { op: MeetingOp; crash: boolean }) => {
            try {
              if (op.kind === 'propose') {
                if (crash) await rawMeetings().create(meetingOf(op));
                else await repo.create(meetingOf(op));
                return;
              }
              const id = `${op.group}-m${op.n}`;
              const mutate = (m: Meeting | undefined): Meeting | undefined => {
                if (!m) return undefined;
                if (op.kind === 'scrub') return { ...m, title: '[gallrad]' };
                const o = m.options[op.option];
                return { ...m, status: 'confirmed', chosenOptionId: o.id, start: o.start, end: o.end, confirmedBy: 'a1', confirmedAt: at(op.day), updatedAt: at(op.day) };
              };
              if (crash) await rawMeetings().update(id, op.group, (d) => (d?.docType === 'meeting' ? mutate(d) : undefined));
              else await repo.update(op.group, id, mutate);
            } catch {
              // Refused by an injected fault: the user would be told to try again.
            }
          };
          await s.waitFor(Promise.all(steps.map((step) => s.schedule(Promise.resolve(step)).then(run))));
          fault(() => undefined);
          await repo.readModels.sweep();
          await compareMeetings(repo);
        }
      ),
      { numRuns: 12 }
    );
  }, 240_000);

  it('the sweeps find nothing to do when nothing went wrong, and closed actions past the window leave on the next write', async () => {
    await clear();
    const repo = new ActionRepository(store, { logger });
    const meetings = new MeetingRepository(store, { logger });
    const old = proposed({ kind: 'propose', group: 'g1', n: 1, promise: false, day: 0, level: 'selektiv' });
    await repo.create(old);
    await repo.update('g1', old.id, (a) => a && advanced(a, { kind: 'advance', group: 'g1', n: 1, to: 'avslagen', day: 1 }));
    expect((await repo.readModels.entriesOf('g1')).map((e) => e.id)).toEqual([old.id]);
    // 200 days later the group is active again: the rejection 199 days ago leaves the read model.
    await repo.create(proposed({ kind: 'propose', group: 'g1', n: 2, promise: true, day: 200, level: 'indikerad' }));
    const entries = await repo.readModels.entriesOf('g1');
    expect(entries.map((e) => e.id)).toEqual(['g1-a2']);
    // An indicated action's entry carries its pseudonym, never its title.
    expect(entries[0]).not.toHaveProperty('title');
    expect(entries[0].casePseudonym).toBe('K-2026-001');
    await meetings.create(meetingOf({ kind: 'propose', group: 'g1', n: 1, day: 3 }));
    expect(await repo.readModels.sweep()).toBe(0);
    expect(await meetings.readModels.sweep()).toBe(0);
    await compareActions(repo);
    await compareMeetings(meetings);
  });
});

describe('retention and the read models', () => {
  it('leaves no removed case text in any read model: the meeting title and the indicated action are rewritten there too', async () => {
    const store = await openStore({ cosmos: { database: 'trygg' }, embedded: { snapshotMs: 200 }, logger });
    try {
      const actions = new ActionRepository(store, { logger });
      const meetings = new MeetingRepository(store, { logger });
      const mark = 'Ylva RMNAMN';
      await actions.create({ ...proposed({ kind: 'propose', group: 'g1', n: 1, promise: false, day: 300, level: 'indikerad' }), title: `Samtal med ${mark}` });
      await meetings.create({ ...meetingOf({ kind: 'propose', group: 'g1', n: 1, day: 300 }), title: `Nätverksmöte ${mark}` });
      await meetings.readModels.entriesOf('g1');
      const readModels = async () => JSON.stringify((await store.container('read-models').items.readAll().fetchAll()).resources);
      expect(await readModels()).toContain(mark);
      const before = { id: 'K-2026-001', groupId: 'g1', details: { name: mark, birthYear: 2012, area: 'Skolgården', concern: 'Oro för' }, observations: [] } as unknown as CaseFile;
      await removeCaseCopies(store, before, new Date(at(330)));
      expect(await readModels()).not.toContain(mark);
      expect(Object.fromEntries(await meetings.readModels.entriesOf('g1'))['g1-m1']).toMatchObject({ title: '[gallrad]' });
    } finally {
      await store.close();
    }
  });
});
