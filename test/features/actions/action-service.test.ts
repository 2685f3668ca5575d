import type { ActingPerson, FormOrigin } from '../../../src/features/actions/action-service';
import { actionsWorld, caseFile, group, member } from './support';

const ANNA = 'a0000000-0000-4000-8000-00000000000a';
const OLLE = 'a0000000-0000-4000-8000-00000000000b';
const FILIP = 'a0000000-0000-4000-8000-00000000000c';
const EVE = 'a0000000-0000-4000-8000-00000000000d';
const ADMIN = 'a0000000-0000-4000-8000-00000000000e';
const now = new Date('2026-03-10T09:00:00Z');
const coordinator: ActingPerson = { aadObjectId: ANNA, name: 'Anna', member: true, coordinator: true };
const olle: ActingPerson = { aadObjectId: OLLE, name: 'Olle', member: true, coordinator: false };
const filip: ActingPerson = { aadObjectId: FILIP, name: 'Filip', member: true, coordinator: false };
const stranger: ActingPerson = { aadObjectId: EVE, name: 'Eve', member: false, coordinator: false };

const ytterby = group('ytterby');
const kareby = group('kareby', { areas: ['Kareby'] });
const form = (over: Record<string, unknown> = {}) => ({
  title: 'Extra fältvandring', description: 'Fältassistenter går kvällstid', level: 'selektiv', area: 'ytterby', agency: 'fritid', ownerId: OLLE, dueDate: '2026-03-20', ...over
});

describe('ActionService on the embedded Cosmos server', () => {
  let world: Awaited<ReturnType<typeof actionsWorld>>;
  let formCounter = 0;

  /** Records a proposal form as the `insats ny` command does, and returns where its submit comes from. */
  async function postedForm(g = ytterby, conversationId = `19:${g.id}@thread`): Promise<FormOrigin> {
    const replyToId = `form-${++formCounter}`;
    await world.forms.remember('action', g.id, conversationId, replyToId, now);
    return { kind: 'channel', conversationId, replyToId };
  }

  beforeAll(async () => {
    world = await actionsWorld('actions-service');
    for (const g of [ytterby, kareby]) await world.groups.create(g);
    await world.members.update('ytterby', ANNA, () => member('ytterby', ANNA, ['samordnare']));
    await world.members.update('ytterby', OLLE, () => member('ytterby', OLLE));
    await world.members.update('ytterby', FILIP, () => member('ytterby', FILIP));
    await world.members.update('kareby', OLLE, () => member('kareby', OLLE));
    await world.cases.create(caseFile('K-2026-014', 'ytterby', 'open'));
    await world.cases.create(caseFile('K-2026-015', 'ytterby', 'closed'));
  });
  afterAll(() => world.store.close());

  it('proposes an action from a recorded form once; the same form again answers the same action', async () => {
    const origin = await postedForm();
    const first = await world.service.propose({ actor: filip, group: ytterby, origin, form: form(), now });
    expect(first).toMatchObject({ ok: true, created: true, action: { status: 'foreslagen', area: 'Ytterby', ownerAad: OLLE, ownerName: `Name ${OLLE}`, created: { by: FILIP, byName: 'Filip' } } });
    if (!first.ok) return;
    expect(first.action.posted).toEqual({ conversationId: origin.conversationId, activityId: origin.replyToId });
    const again = await world.service.propose({ actor: filip, group: ytterby, origin, form: form({ title: 'Changed' }), now });
    expect(again).toEqual({ ok: true, created: false, action: first.action });
    expect((await world.actions.listForGroup('ytterby')).filter((a) => a.id === first.action.id)).toHaveLength(1);
  });

  it('refuses a form the bot never recorded, or one recorded in another conversation or group', async () => {
    const before = (await world.actions.listForGroup('ytterby')).length;
    const forged: FormOrigin = { kind: 'channel', conversationId: '19:ytterby@thread', replyToId: 'not-a-form' };
    expect(await world.service.propose({ actor: coordinator, group: ytterby, origin: forged, form: form(), now })).toMatchObject({ ok: false, reason: 'foreignForm' });
    const elsewhere = await postedForm(ytterby, '19:other-channel@thread');
    const moved = { ...elsewhere, conversationId: '19:ytterby@thread' };
    expect(await world.service.propose({ actor: coordinator, group: ytterby, origin: moved, form: form(), now })).toMatchObject({ ok: false, reason: 'foreignForm' });
    const karebyForm = await postedForm(kareby);
    expect(await world.service.propose({ actor: coordinator, group: ytterby, origin: karebyForm, form: form(), now })).toMatchObject({ ok: false, reason: 'foreignForm' });
    expect(await world.service.propose({ actor: coordinator, group: ytterby, origin: { ...forged, replyToId: undefined }, form: form(), now })).toMatchObject({ ok: false, reason: 'foreignForm' });
    expect((await world.actions.listForGroup('ytterby')).length).toBe(before);
  });

  it('refuses a stranger before looking at the form', async () => {
    const origin = await postedForm();
    expect(await world.service.propose({ actor: stranger, group: ytterby, origin, form: form(), now })).toEqual({ ok: false, reason: 'denied', denied: 'notMember' });
    // The form is still unused: a member can submit it.
    expect(await world.service.propose({ actor: olle, group: ytterby, origin, form: form(), now })).toMatchObject({ ok: true, created: true });
  });

  it.each([
    [{ title: 'x' }, { kind: 'invalidProposal' }],
    [{ description: 'Ring 070-123 45 67 efter skolan' }, { kind: 'text', field: 'description', problem: 'personalData' }],
    [{ title: 'y'.repeat(121) }, { kind: 'text', field: 'title', problem: 'tooLong', max: 120 }],
    [{ level: 'indikerad', area: '' }, { kind: 'caseRequired' }],
    [{ level: 'indikerad', area: '', casePseudonym: 'K-2026-099' }, { kind: 'caseUnknown', pseudonym: 'K-2026-099' }],
    [{ level: 'indikerad', area: '', casePseudonym: 'k-2026-015' }, { kind: 'caseUnknown', pseudonym: 'K-2026-015' }],
    [{ casePseudonym: 'K-2026-014' }, { kind: 'caseOnlyIndicated' }],
    [{ area: '' }, { kind: 'areaRequired' }],
    [{ area: 'Narnia' }, { kind: 'areaRequired' }],
    [{ ownerId: '00000000-0000-4000-8000-000000000000' }, { kind: 'ownerNotMember' }],
    [{ dueDate: '2026-03-09' }, { kind: 'duePast' }],
    [{ dueDate: '2026-02-30' }, { kind: 'dueInvalid' }],
    [{ dueDate: '2030-03-10' }, { kind: 'dueTooFar' }],
    [{ promiseId: 'no-such-promise' }, { kind: 'promiseUnknown' }]
  ])('sends the form back with %j: %j, storing nothing and keeping the form', async (over, problem) => {
    const origin = await postedForm();
    const before = (await world.actions.listForGroup('ytterby')).length;
    const result = await world.service.propose({ actor: olle, group: ytterby, origin, form: form(over), now });
    expect(result).toEqual({ ok: false, reason: 'invalid', problem: expect.objectContaining(problem) });
    expect((await world.actions.listForGroup('ytterby')).length).toBe(before);
    expect(await world.forms.find('action', 'ytterby', origin.conversationId, origin.replyToId)).toHaveLength(1);
  });

  it('links an indicated action to an open case of the group by pseudonym only', async () => {
    const result = await world.service.propose({ actor: olle, group: ytterby, origin: await postedForm(), form: form({ level: 'indikerad', area: '', casePseudonym: 'k-2026-014' }), now });
    expect(result).toMatchObject({ ok: true, action: { level: 'indikerad', casePseudonym: 'K-2026-014' } });
    if (result.ok) expect(result.action.area).toBeUndefined();
  });

  it('lets only a coordinator decide, and decides once', async () => {
    const proposed = await world.service.propose({ actor: filip, group: ytterby, origin: await postedForm(), form: form(), now });
    if (!proposed.ok) throw new Error('not proposed');
    const id = proposed.action.id;
    expect(await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'approve', now })).toEqual({ ok: false, reason: 'denied', denied: 'notCoordinator' });
    const approved = await world.service.apply({ actor: coordinator, group: ytterby, actionId: id, type: 'approve', now });
    expect(approved).toMatchObject({ ok: true, changed: true, action: { status: 'godkand', decision: { by: ANNA, byName: 'Anna', outcome: 'godkand' } } });
    // A second coordinator's reject arrives later: the stored decision stands.
    expect(await world.service.apply({ actor: coordinator, group: ytterby, actionId: id, type: 'reject', note: 'Nej', now })).toMatchObject({ ok: true, changed: false, action: { status: 'godkand' } });
    // Another group's conversation does not find it.
    expect(await world.service.apply({ actor: coordinator, group: kareby, actionId: id, type: 'start', now })).toEqual({ ok: false, reason: 'notFound' });
  });

  it('lets the owner or a coordinator follow up through the status table, with a note where one is required', async () => {
    const proposed = await world.service.propose({ actor: filip, group: ytterby, origin: await postedForm(), form: form(), now });
    if (!proposed.ok) throw new Error('not proposed');
    const id = proposed.action.id;
    expect(await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'start', now })).toEqual({ ok: false, reason: 'illegal', from: 'foreslagen', to: 'pagar' });
    await world.service.apply({ actor: coordinator, group: ytterby, actionId: id, type: 'approve', now });
    expect(await world.service.apply({ actor: filip, group: ytterby, actionId: id, type: 'start', now })).toEqual({ ok: false, reason: 'denied', denied: 'notOwnerOrCoordinator' });
    expect(await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'start', now })).toMatchObject({ ok: true, changed: true, action: { status: 'pagar' } });
    expect(await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'done', note: '  ', now })).toMatchObject({ ok: false, reason: 'textRequired', action: { status: 'pagar' } });
    const pii = await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'done', note: 'Pratade med 121212-1212', now });
    expect(pii).toMatchObject({ ok: false, reason: 'noteRefused', problem: { field: 'note', problem: 'personalData' }, action: { status: 'pagar' } });
    const done = await world.service.apply({ actor: olle, group: ytterby, actionId: id, type: 'done', note: 'Sex kvällar', now });
    expect(done).toMatchObject({ ok: true, changed: true, action: { status: 'klar', finished: { outcome: 'klar', text: 'Sex kvällar', by: OLLE } } });
    if (done.ok) expect(done.action.history.map((h) => h.to)).toEqual(['foreslagen', 'godkand', 'pagar', 'klar']);
  });

  it("lists open and overdue actions of a group, and a person's own and overdue actions across their groups", async () => {
    const later = new Date('2026-03-25T09:00:00Z');
    const inKareby = await world.service.propose({ actor: olle, group: kareby, origin: await postedForm(kareby), form: form({ area: 'Kareby' }), now });
    if (!inKareby.ok) throw new Error('not proposed');
    await world.service.apply({ actor: { ...coordinator, aadObjectId: ADMIN }, group: kareby, actionId: inKareby.action.id, type: 'approve', now });
    const open = await world.service.openInGroup(ytterby);
    expect(open.every((a) => a.groupId === 'ytterby' && ['foreslagen', 'godkand', 'pagar'].includes(a.status))).toBe(true);
    expect((await world.service.overdueInGroup(ytterby, later)).every((a) => a.groupId === 'ytterby' && a.dueDate < '2026-03-25')).toBe(true);
    const overdue = await world.service.overdueForPerson(OLLE, later);
    expect(overdue.groups.map((g) => g.id).sort()).toEqual(['kareby', 'ytterby']);
    expect(overdue.actions.map((a) => a.groupId)).toContain('kareby');
    expect(overdue.actions.every((a) => a.status === 'godkand' || a.status === 'pagar')).toBe(true);
    const mine = await world.service.ownedBy(OLLE);
    expect(mine.actions.length).toBeGreaterThan(0);
    expect(mine.actions.every((a) => a.ownerAad === OLLE && a.status !== 'klar')).toBe(true);
    expect(await world.service.ownedBy(undefined)).toEqual({ groups: [], actions: [] });
    expect((await world.service.overdueForPerson(EVE, later)).actions).toEqual([]);
  });
});
