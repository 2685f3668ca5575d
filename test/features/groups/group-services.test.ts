import type { Store } from '../../../src/store/store';
import { systemClock } from '../../../src/clock';
import type { GroupServiceDeps } from '../../../src/features/groups/group-service';
import { MembershipService } from '../../../src/features/groups/membership-service';
import { RegistrationService } from '../../../src/features/groups/registration-service';
import { RosterEventsService } from '../../../src/features/groups/roster-events-service';
import type { MembershipChange } from '../../../src/features/membership-events';
import { ADMIN, TENANT, actorOf, channel, groupDeps, personal, rosterOf, staff } from './support';

let minute = 0;
/** Each use case a minute after the last, so the log's order is the order of the acts. */
const later = () => new Date(Date.UTC(2026, 2, 10, 9, minute++));
const sara = staff(1, 'Sara Lärare');
const anna = staff(2, 'Anna Samordnare');
const olle = staff(3, 'Olle Polis');
const gustav = staff(4, 'Gustav Gäst', 'guest');
const admin = { ...staff(5, 'Ada Admin'), aadObjectId: ADMIN };
const roster = rosterOf(sara, anna, olle, gustav, admin);
const form = (agency: string, over: Record<string, unknown> = {}) => ({ kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency, ...over });

describe('group services on the embedded store', () => {
  let store: Store;
  let deps: GroupServiceDeps;
  let events: MembershipChange[];
  let registration: RegistrationService;
  let membership: MembershipService;
  const where = channel('ytterby');

  beforeAll(async () => {
    ({ store, deps, events } = await groupDeps('group-services'));
    registration = new RegistrationService(deps);
    membership = new MembershipService({ ...deps, clock: systemClock });
  });
  afterAll(async () => store.close());

  const scope = (who: typeof sara) => membership.scopeOf(where, actorOf(who));
  const log = async () => deps.repos.groupAudit.listForGroup((await scope(sara)).group?.id ?? '');

  it('a guest registers nothing; the first registrant becomes coordinator with her agency, logged', async () => {
    expect(await registration.submit(await membership.scopeOf(channel('guests'), actorOf(gustav)), form('polis'), roster, later())).toEqual({ ok: false, reason: 'refused', denied: 'guest' });
    expect(await registration.submit({ where: personal, actor: actorOf(sara) }, form('skola'), roster, later())).toEqual({ ok: false, reason: 'groupOnly' });
    const bad = await registration.submit(await scope(sara), form('skola', { name: 'x' }), roster, later());
    expect(bad).toMatchObject({ ok: false, reason: 'invalid', update: false });
    expect((await scope(sara)).group).toBeUndefined();
    const done = await registration.submit(await scope(sara), form('skola'), roster, later());
    expect(done).toMatchObject({ ok: true, updated: false, coordinatorName: 'Sara Lärare', group: { name: 'SSPF Ytterby', areas: ['Ytterby', 'Kareby'], tenantId: TENANT } });
    expect((await scope(sara)).member).toMatchObject({ agency: 'skola', roles: ['samordnare'], userRole: 'user' });
    expect((await log()).at(-1)).toMatchObject({ action: 'register', decision: 'allowed', actingAs: 'registrant', to: { agency: 'skola', roles: ['samordnare'] } });
  });

  it('a second registration card becomes a settings change: refused for a non-coordinator, nothing changes', async () => {
    const res = await registration.submit(await scope(olle), form('polis', { name: 'Kapad' }), roster, later());
    expect(res).toEqual({ ok: false, reason: 'alreadyRegistered', name: 'SSPF Ytterby' });
    expect((await scope(olle)).group?.name).toBe('SSPF Ytterby');
    expect((await log()).at(-1)).toMatchObject({ actorAadObjectId: olle.aadObjectId, action: 'settings', decision: 'refused', reason: 'notCoordinator' });
    expect(registration.open(await scope(olle), 'sv', later())).toEqual({ ok: false, reason: 'alreadyRegistered', name: 'SSPF Ytterby' });
  });

  it('the coordinator opens and saves the settings: areas change, her agency does not', async () => {
    const opened = registration.open(await scope(sara), 'sv', later());
    expect(opened).toMatchObject({ ok: true, update: true, values: { name: 'SSPF Ytterby' } });
    const res = await registration.submit(await scope(sara), form('polis', { areas: 'Ytterby, Kode' }), roster, later());
    expect(res).toMatchObject({ ok: true, updated: true, group: { areas: ['Ytterby', 'Kode'] } });
    expect((await scope(sara)).member).toMatchObject({ agency: 'skola' });
    expect((await log()).at(-1)).toMatchObject({ action: 'settings', decision: 'allowed', actingAs: 'coordinator', changed: ['areas'] });
  });

  it('adds and changes members under the lock, refuses own changes and the last coordinator, announces every change', async () => {
    const added = await membership.change(where, actorOf(sara), { kind: 'set', userId: anna.aadObjectId, agency: 'socialtjanst', role: 'samordnare' }, roster, later());
    expect(added).toMatchObject({ ok: true, done: 'saved', name: 'Anna Samordnare' });
    expect(events.at(-1)).toEqual({ groupId: (await scope(sara)).group?.id, aadObjectId: anna.aadObjectId, kind: 'saved' });
    const own = await membership.change(where, actorOf(anna), { kind: 'set', userId: anna.aadObjectId, agency: 'polis', role: 'samordnare' }, roster, later());
    expect(own).toMatchObject({ ok: false, reason: 'refused', denied: 'ownMembership' });
    expect((await log()).at(-1)).toMatchObject({ action: 'memberSet', decision: 'refused', reason: 'ownMembership', from: { agency: 'socialtjanst' }, to: { agency: 'polis' } });
    // Someone not in the team's roster is not added, whatever id the card carries.
    const stranger = await membership.change(where, actorOf(anna), { kind: 'set', userId: 'b0b0b0b0-0000-4000-8000-000000000009', agency: 'polis', role: 'medlem' }, roster, later());
    expect(stranger).toMatchObject({ ok: false, reason: 'memberNotFound' });
    await membership.change(where, actorOf(anna), { kind: 'set', userId: sara.aadObjectId, agency: 'skola', role: 'medlem' }, roster, later());
    const last = await membership.change(where, actorOf(admin), { kind: 'remove', userId: anna.aadObjectId }, roster, later());
    expect(last).toMatchObject({ ok: false, reason: 'refused', denied: 'lastCoordinator' });
    expect((await scope(anna)).member).toMatchObject({ roles: ['samordnare'] });
    const byMember = await membership.change(where, actorOf(sara), { kind: 'set', userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' }, roster, later());
    expect(byMember).toMatchObject({ ok: false, reason: 'refused', denied: 'notCoordinator' });
  });

  it('two coordinators demoting each other at once: one wins, the group keeps a coordinator', async () => {
    await membership.change(where, actorOf(anna), { kind: 'set', userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' }, roster, later());
    const [a, b] = await Promise.all([
      membership.change(where, actorOf(anna), { kind: 'set', userId: olle.aadObjectId, agency: 'polis', role: 'medlem' }, roster, later()),
      membership.change(where, actorOf(olle), { kind: 'set', userId: anna.aadObjectId, agency: 'socialtjanst', role: 'medlem' }, roster, later())
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const members = await deps.repos.members.list((await scope(anna)).group?.id ?? '');
    expect(members.filter((m) => m.roles.includes('samordnare'))).toHaveLength(1);
  });

  it('lists members for everyone in the group, the change form for coordinators only', async () => {
    expect(await membership.list({ where: personal, actor: actorOf(anna) }, false)).toEqual({ ok: false, reason: 'groupOnly' });
    expect(await membership.list(await membership.scopeOf(channel('nowhere'), actorOf(anna)), false)).toEqual({ ok: false, reason: 'notInGroup' });
    expect(await membership.list(await scope(sara), true)).toEqual({ ok: false, reason: 'coordinatorOnly' });
    expect(await membership.list(await scope(sara), false)).toMatchObject({ ok: true, canEdit: false });
    expect(await membership.list(await scope(admin), true)).toMatchObject({ ok: true, canEdit: true });
  });

  it('a person leaving the team loses the membership (found by Teams id), logged as a system act; the bot removed and back', async () => {
    const rosterEvents = new RosterEventsService(deps);
    const group = (await scope(sara)).group!;
    expect(await rosterEvents.membersLeft(group, [{ teamsUserId: sara.id }, { teamsUserId: '29:unknown' }], later())).toEqual([sara.aadObjectId]);
    expect((await scope(sara)).member).toBeUndefined();
    expect((await log()).at(-1)).toMatchObject({ action: 'memberLeft', actingAs: 'system', via: 'event', targetAadObjectId: sara.aadObjectId, from: { agency: 'skola', roles: ['medlem'] } });
    expect(events.at(-1)).toMatchObject({ aadObjectId: sara.aadObjectId, kind: 'removed' });
    const gone = later();
    await rosterEvents.botRemoved(group, gone);
    const removed = (await scope(anna)).group!;
    expect(removed.botRemovedAt).toBe(gone.toISOString());
    await rosterEvents.botAdded(removed, later());
    expect((await scope(anna)).group?.botRemovedAt).toBeUndefined();
  });
});
