import type { ActingPerson } from '../../../src/features/actions/action-service';
import { actionsWorld, group } from './support';

const now = new Date('2026-03-10T09:00:00Z');
const COORD = 'b0000000-0000-4000-8000-00000000000a';
const coordinator: ActingPerson = { aadObjectId: COORD, name: 'Sara', member: true, coordinator: true };
const memberOnly: ActingPerson = { aadObjectId: 'b0000000-0000-4000-8000-00000000000b', name: 'Olle', member: true, coordinator: false };
const steering = group('styr', { kind: 'styrgrupp', areas: ['Kungälv'] });
const ytterby = group('ytterby');
const kareby = group('kareby');
const form = (over: Record<string, unknown> = {}) => ({
  title: 'Medborgarlöfte 2026', policeArea: 'LPO Kungälv', periodStart: '2026-01-01', periodEnd: '2026-12-31', commitments: '- Trygghetsvandringar\n• Föreläsningar\n\n', ...over
});

describe('PromiseService on the embedded Cosmos server', () => {
  let world: Awaited<ReturnType<typeof actionsWorld>>;
  beforeAll(async () => {
    world = await actionsWorld('actions-promises');
    for (const g of [steering, ytterby, kareby]) await world.groups.create(g);
    await world.links.link('ytterby', 'styr', COORD, now);
  });
  afterAll(() => world.store.close());

  it("creates a steering group coordinator's promise once per form, with the commitments one per line", async () => {
    const first = await world.promiseService.create({ actor: coordinator, group: steering, form: form(), formId: 'msg-1', now });
    expect(first).toMatchObject({ ok: true, created: true, promise: { municipalityKey: 'kungalv', groupId: 'styr', commitments: ['Trygghetsvandringar', 'Föreläsningar'], created: { by: COORD, byName: 'Sara' } } });
    const again = await world.promiseService.create({ actor: coordinator, group: steering, form: form(), formId: 'msg-1', now });
    expect(again).toMatchObject({ ok: true, created: false });
    expect(await world.promises.listForMunicipality('kungalv')).toHaveLength(1);
  });

  it('refuses outside a steering group, a non-coordinator, and bad forms, storing nothing', async () => {
    const before = (await world.promises.listForMunicipality('kungalv')).length;
    expect(await world.promiseService.create({ actor: coordinator, group: ytterby, form: form(), formId: 'msg-2', now })).toEqual({ ok: false, reason: 'denied', denied: 'notSteeringGroup' });
    expect(await world.promiseService.create({ actor: memberOnly, group: steering, form: form(), formId: 'msg-3', now })).toEqual({ ok: false, reason: 'denied', denied: 'notCoordinator' });
    for (const bad of [{ periodEnd: '2025-12-31' }, { periodStart: '2026-02-30' }, { commitments: '\n - \n' }, { title: 'x' }]) {
      expect(await world.promiseService.create({ actor: coordinator, group: steering, form: form(bad), formId: 'msg-4', now })).toEqual({ ok: false, reason: 'invalid', problem: { kind: 'invalidPromise' } });
    }
    const pii = await world.promiseService.create({ actor: coordinator, group: steering, form: form({ commitments: 'Ring 070-123 45 67' }), formId: 'msg-5', now });
    expect(pii).toEqual({ ok: false, reason: 'invalid', problem: { kind: 'text', field: 'commitments', problem: 'personalData', max: 300 } });
    expect((await world.promises.listForMunicipality('kungalv')).length).toBe(before);
  });

  it('counts progress over the groups the asking group reaches: a steering group its linked SSPF groups, an SSPF group itself', async () => {
    const [{ promise }] = await world.promiseService.withProgress(steering, now);
    const base = { municipalityKey: 'kungalv', title: 't', description: '', level: 'generell' as const, agency: 'skola' as const, ownerAad: 'o', ownerName: 'O', dueDate: '2026-03-01', promiseId: promise.id, history: [], created: { by: 'x', byName: 'X', at: now.toISOString() }, updatedAt: now.toISOString() };
    await world.actions.create({ ...base, id: 'c0000000-0000-4000-8000-000000000001', groupId: 'ytterby', status: 'godkand' });
    await world.actions.create({ ...base, id: 'c0000000-0000-4000-8000-000000000002', groupId: 'kareby', status: 'klar' });
    expect((await world.promiseService.withProgress(steering, now))[0].progress).toEqual({ total: 1, done: 0, overdue: 1, proposed: 0 });
    expect((await world.promiseService.withProgress(kareby, now))[0].progress).toEqual({ total: 1, done: 1, overdue: 0, proposed: 0 });
  });
});
