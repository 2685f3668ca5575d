import pino from 'pino';
import { ActionsReadApi } from '../../../src/features/actions/read-api';
import type { Action, ActionStatus } from '../../../src/features/actions/model';
import { GroupRepository } from '../../../src/features/groups/group-repository';
import type { Group } from '../../../src/features/groups/model';
import { openStore, type Store } from '../../../src/store/store';

const stamp = (at: string) => ({ by: 'x', byName: 'X', at });

function group(id: string, municipality: string): Group {
  return {
    id, key: id, kind: 'sspf', name: id, municipality, municipalityKey: municipality.toLowerCase(), areas: ['A'], language: 'sv',
    conversationType: 'channel', postConversationId: `19:${id}`, registeredBy: 'x', registeredAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'
  };
}

let n = 0;
function action(groupId: string, status: ActionStatus, dueDate: string, extra: Partial<Action> = {}): Action {
  return {
    id: `a0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, groupId, municipalityKey: 'kungalv', title: 't', description: '', level: 'generell', agency: 'skola',
    ownerAad: 'o', ownerName: 'O', dueDate, status, created: stamp('2026-03-10T10:00:00.000Z'), history: [], updatedAt: '2026-03-10T10:00:00.000Z', ...extra
  };
}

describe('ActionsReadApi on the embedded Cosmos server', () => {
  let store: Store;
  let api: ActionsReadApi;

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'actions-read' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    const groups = new GroupRepository(store);
    for (const g of [group('g1', 'Kungalv'), group('g2', 'Kungalv'), group('g3', 'Ronneby')]) await groups.create(g);
    api = new ActionsReadApi(store, groups);
    await api.promises.create({
      id: 'p1', municipalityKey: 'kungalv', municipality: 'Kungalv', groupId: 'sg', title: 'Löfte', periodStart: '2026-01-01', periodEnd: '2026-12-31',
      policeArea: 'LPO Kungälv', commitments: ['x'], created: stamp('2026-01-01T00:00:00Z'), updatedAt: '2026-01-01T00:00:00Z'
    });
    for (const a of [
      action('g1', 'godkand', '2026-03-12', { promiseId: 'p1', decision: { ...stamp('2026-03-10T11:00:00.000Z'), outcome: 'godkand' } }),
      action('g1', 'foreslagen', '2026-03-01'),
      action('g1', 'klar', '2026-03-05', { promiseId: 'p1', finished: { ...stamp('2026-03-11T11:00:00.000Z'), outcome: 'klar', text: 'ok' } }),
      action('g2', 'pagar', '2026-03-13', { promiseId: 'p1' }),
      action('g3', 'pagar', '2026-03-01')
    ]) await api.actions.create(a);
  });
  afterAll(() => store.close());

  it('reads open actions of one group and overdue actions of a set of groups only', async () => {
    expect((await api.openForGroup('g1')).map((a) => a.status)).toEqual(['foreslagen', 'godkand']);
    const overdue = await api.overdueForGroups(['g1', 'g2'], '2026-03-14');
    expect(overdue.map((a) => [a.groupId, a.dueDate])).toEqual([['g1', '2026-03-12'], ['g2', '2026-03-13']]);
  });

  it('counts over a set of groups in a period', async () => {
    const counts = await api.countsForGroups(['g1', 'g2'], { from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' }, '2026-03-14');
    expect(counts).toEqual({ proposed: 4, approved: 1, done: 1, overdue: 2 });
  });

  it("computes a promise's progress over the groups the asker reaches, and only those", async () => {
    const promise = (await api.promises.get('kungalv', 'p1'))!;
    expect(await api.promiseProgress(promise, ['g1', 'g2'], '2026-03-14')).toEqual({ total: 3, done: 1, overdue: 2, proposed: 0 });
    const [entry] = await api.promisesWithProgress('kungalv', ['g1', 'g2'], '2026-03-10');
    expect(entry.progress).toEqual({ total: 3, done: 1, overdue: 0, proposed: 0 });
    // Without the link to g2, its action does not count.
    const [own] = await api.promisesWithProgress('kungalv', ['g1'], '2026-03-10');
    expect(own.progress.total).toBe(2);
  });
});
