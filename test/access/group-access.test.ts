import {
  decideGroupAct,
  decideReach,
  type AccessActor,
  type AccessGroup,
  type AccessLink,
  type AccessMembership,
  type GroupAccessRequest,
  type GroupAct
} from '../../src/access/group-access';

const TENANT = 'tenant-a';
const NOW = new Date('2026-03-02T10:00:00Z');
const SSPF: AccessGroup = { id: 'g-sspf', kind: 'sspf', tenantId: TENANT };
const STEERING: AccessGroup = { id: 'g-steer', kind: 'styrgrupp', tenantId: TENANT };

const anna: AccessActor = { aadObjectId: 'aad-anna', tenantId: TENANT, admin: false, userRole: 'user' };
const ada: AccessActor = { aadObjectId: 'aad-ada', tenantId: TENANT, admin: true, userRole: 'user' };
const coordinatorOf = (group: AccessGroup, aad = 'aad-anna', agency = 'skola'): AccessMembership => ({ groupId: group.id, aadObjectId: aad, agency, roles: ['samordnare'], userRole: 'user' });
const memberOf = (group: AccessGroup, aad: string, agency = 'polis'): AccessMembership => ({ groupId: group.id, aadObjectId: aad, agency, roles: ['medlem'], userRole: 'user' });

/** A request that is allowed as a coordinator of SSPF; each test changes one thing. */
function request(act: GroupAct, over: Partial<GroupAccessRequest> = {}): GroupAccessRequest {
  return { actor: anna, membership: coordinatorOf(SSPF), group: SSPF, act, where: 'userSpecific', rules: { allowedTenants: [TENANT] }, now: NOW, ...over };
}
const settings: GroupAct = { kind: 'changeSettings' };
const setOlle = (over: Partial<Extract<GroupAct, { kind: 'setMember' }>> = {}): GroupAct => ({
  kind: 'setMember',
  target: { aadObjectId: 'aad-olle', current: memberOf(SSPF, 'aad-olle') },
  agency: 'polis',
  role: 'medlem',
  coordinators: ['aad-anna'],
  ...over
});

describe('decideGroupAct: who acts, from where', () => {
  it('refuses an invalid clock, a missing identity and any other tenant', () => {
    expect(decideGroupAct(request(settings, { now: new Date(NaN) }))).toEqual({ allow: false, reason: 'error' });
    expect(decideGroupAct(request(settings, { now: '2026-03-02' as unknown as Date }))).toEqual({ allow: false, reason: 'error' });
    expect(decideGroupAct(request(settings, { actor: { ...anna, aadObjectId: undefined } }))).toEqual({ allow: false, reason: 'unidentified' });
    expect(decideGroupAct(request(settings, { actor: { ...anna, aadObjectId: '' } }))).toEqual({ allow: false, reason: 'unidentified' });
    expect(decideGroupAct(request(settings, { actor: undefined as unknown as AccessActor }))).toEqual({ allow: false, reason: 'unidentified' });
    expect(decideGroupAct(request(settings, { actor: { ...anna, tenantId: undefined } }))).toEqual({ allow: false, reason: 'otherTenant' });
    expect(decideGroupAct(request(settings, { actor: { ...anna, tenantId: 'tenant-b' } }))).toEqual({ allow: false, reason: 'otherTenant' });
    // An admin of another tenant is no admin here.
    expect(decideGroupAct(request(settings, { actor: { ...ada, tenantId: 'tenant-b' }, membership: undefined }))).toEqual({ allow: false, reason: 'otherTenant' });
    // The group's own tenant counts even when any tenant is accepted (local mode).
    expect(decideGroupAct(request(settings, { actor: { ...anna, tenantId: 'tenant-b' }, rules: { allowedTenants: [] } }))).toEqual({ allow: false, reason: 'otherTenant' });
    expect(decideGroupAct(request(settings, { rules: { allowedTenants: [] } }))).toEqual({ allow: true, as: 'coordinator' });
    // With neither a list nor a tenant on the group, the actor's own tenant must still be known and listed.
    const untenanted = { group: { ...SSPF, tenantId: undefined }, membership: coordinatorOf({ ...SSPF, tenantId: undefined }) };
    expect(decideGroupAct(request(settings, { ...untenanted, actor: { ...anna, tenantId: undefined }, rules: { allowedTenants: [] } }))).toEqual({ allow: false, reason: 'otherTenant' });
    expect(decideGroupAct(request(settings, { ...untenanted, actor: { ...anna, tenantId: 'tenant-b' } }))).toEqual({ allow: false, reason: 'otherTenant' });
    expect(decideGroupAct(request(settings, { group: { ...SSPF, tenantId: undefined }, membership: coordinatorOf({ ...SSPF, tenantId: undefined }) }))).toEqual({ allow: true, as: 'coordinator' });
  });

  it('a throwing input refuses with error instead of throwing', () => {
    const demoteSara = setOlle({ target: { aadObjectId: 'aad-sara', current: coordinatorOf(SSPF, 'aad-sara') }, coordinators: null as unknown as string[] });
    expect(decideGroupAct(request(demoteSara))).toEqual({ allow: false, reason: 'error' });
    expect(decideGroupAct(request({ kind: 'fly' } as unknown as GroupAct))).toEqual({ allow: false, reason: 'error' });
  });

  it('group acts are typed in the group; logs only in personal chat', () => {
    for (const where of ['channel', 'groupChat', 'userSpecific'] as const) {
      expect(decideGroupAct(request(settings, { where }))).toEqual({ allow: true, as: 'coordinator' });
      expect(decideGroupAct(request({ kind: 'readLog' }, { where }))).toEqual({ allow: false, reason: 'personalChatOnly' });
      expect(decideGroupAct(request({ kind: 'exportLog' }, { where }))).toEqual({ allow: false, reason: 'personalChatOnly' });
    }
    expect(decideGroupAct(request(settings, { where: 'personal' }))).toEqual({ allow: false, reason: 'groupConversationOnly' });
    expect(decideGroupAct(request({ kind: 'readLog' }, { where: 'personal' }))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ kind: 'exportLog' }, { where: 'personal' }))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ kind: 'exportLog' }, { where: 'personal', actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
  });
});

describe('decideGroupAct: registration and settings', () => {
  const register = (agency = 'skola'): GroupAct => ({ kind: 'register', agency });

  it('the first registration is allowed to a full user, with their own agency', () => {
    expect(decideGroupAct(request(register(), { group: undefined, membership: undefined }))).toEqual({ allow: true, as: 'registrant' });
    expect(decideGroupAct(request(register('annan'), { group: undefined, membership: undefined, where: 'channel' }))).toEqual({ allow: true, as: 'registrant' });
  });

  it('a registered group cannot be registered again, not even by its registrant or an admin', () => {
    expect(decideGroupAct(request(register()))).toEqual({ allow: false, reason: 'alreadyRegistered' });
    expect(decideGroupAct(request(register(), { actor: ada, membership: undefined }))).toEqual({ allow: false, reason: 'alreadyRegistered' });
  });

  it('guests, unknown roles and bad agencies register nothing', () => {
    for (const userRole of ['guest', 'anonymous', undefined, 'bot']) {
      expect(decideGroupAct(request(register(), { group: undefined, membership: undefined, actor: { ...anna, userRole } }))).toEqual({ allow: false, reason: 'guest' });
    }
    expect(decideGroupAct(request(register('kung'), { group: undefined, membership: undefined }))).toEqual({ allow: false, reason: 'invalidAgency' });
    expect(decideGroupAct(request(register(), { group: undefined, membership: undefined, where: 'personal' }))).toEqual({ allow: false, reason: 'groupConversationOnly' });
  });

  it('settings: current coordinators, or an admin as an admin act; nothing for having registered', () => {
    expect(decideGroupAct(request(settings))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request(settings, { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
    // An admin who is a coordinator acts as coordinator.
    expect(decideGroupAct(request(settings, { actor: ada, membership: coordinatorOf(SSPF, 'aad-ada') }))).toEqual({ allow: true, as: 'coordinator' });
    // The registrant, demoted or removed: nothing.
    expect(decideGroupAct(request(settings, { membership: memberOf(SSPF, 'aad-anna') }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: undefined }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { group: undefined }))).toEqual({ allow: false, reason: 'notRegistered' });
  });

  it('a membership that is not the actor’s own, in this group, as a full user, is no coordinator', () => {
    expect(decideGroupAct(request(settings, { membership: coordinatorOf(STEERING) }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: coordinatorOf(SSPF, 'aad-sara') }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: { ...coordinatorOf(SSPF), userRole: 'guest' } }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: { ...coordinatorOf(SSPF), userRole: undefined } }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: { ...coordinatorOf(SSPF), roles: 'samordnare' as unknown as string[] } }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: { ...coordinatorOf(SSPF), aadObjectId: '' } }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(settings, { membership: { ...coordinatorOf(SSPF), aadObjectId: undefined as unknown as string } }))).toEqual({ allow: false, reason: 'notCoordinator' });
    // Ids compare case-insensitively.
    expect(decideGroupAct(request(settings, { membership: coordinatorOf(SSPF, 'AAD-ANNA') }))).toEqual({ allow: true, as: 'coordinator' });
  });
});

describe('decideGroupAct: membership', () => {
  it('a coordinator adds, changes and removes other members', () => {
    expect(decideGroupAct(request(setOlle()))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: 'aad-new' } })))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request(setOlle({ role: 'samordnare', agency: 'fritid' })))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: 'aad-olle', current: memberOf(SSPF, 'aad-olle') }, coordinators: ['aad-anna'] }))).toEqual({ allow: true, as: 'coordinator' });
  });

  it('members, removed members and the demoted registrant change nobody', () => {
    expect(decideGroupAct(request(setOlle(), { membership: memberOf(SSPF, 'aad-anna') }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(setOlle(), { membership: undefined }))).toEqual({ allow: false, reason: 'notCoordinator' });
  });

  it('nobody changes their own agency or role; an admin may, as an admin act', () => {
    const own = setOlle({ target: { aadObjectId: 'aad-anna', current: coordinatorOf(SSPF) }, agency: 'polis', role: 'samordnare', coordinators: ['aad-anna', 'aad-sara'] });
    expect(decideGroupAct(request(own))).toEqual({ allow: false, reason: 'ownMembership' });
    expect(decideGroupAct(request({ ...own, target: { aadObjectId: 'AAD-ANNA', current: coordinatorOf(SSPF) } } as GroupAct))).toEqual({ allow: false, reason: 'ownMembership' });
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: 'aad-anna', current: coordinatorOf(SSPF) }, coordinators: ['aad-anna', 'aad-sara'] }))).toEqual({ allow: false, reason: 'ownMembership' });
    // An admin adds themselves (not a member before): allowed, as admin.
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: 'aad-ada' }, role: 'samordnare' }), { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
    // An admin who is a coordinator changing their own agency: still an admin act.
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: 'aad-ada', current: coordinatorOf(SSPF, 'aad-ada') }, role: 'samordnare', coordinators: ['aad-ada'] }), { actor: ada, membership: coordinatorOf(SSPF, 'aad-ada') }))).toEqual({ allow: true, as: 'admin' });
    // An admin changing someone else without being a member: admin act.
    expect(decideGroupAct(request(setOlle(), { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
  });

  it('every known agency and role is accepted', () => {
    for (const agency of ['skola', 'socialtjanst', 'polis', 'fritid', 'annan']) {
      for (const role of ['samordnare', 'medlem']) expect(decideGroupAct(request(setOlle({ agency, role })))).toEqual({ allow: true, as: 'coordinator' });
      expect(decideGroupAct(request({ kind: 'register', agency }, { group: undefined, membership: undefined }))).toEqual({ allow: true, as: 'registrant' });
    }
  });

  it('bad agencies and roles are refused, whatever the card sent', () => {
    expect(decideGroupAct(request(setOlle({ agency: 'kung' })))).toEqual({ allow: false, reason: 'invalidAgency' });
    expect(decideGroupAct(request(setOlle({ role: 'kung' })))).toEqual({ allow: false, reason: 'invalidRole' });
    expect(decideGroupAct(request(setOlle({ agency: 'annan' })))).toEqual({ allow: true, as: 'coordinator' });
  });

  it('removing someone who is not a member is refused; so is an empty target', () => {
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: 'aad-olle' }, coordinators: ['aad-anna'] }))).toEqual({ allow: false, reason: 'notMember' });
    // A membership of another group or person does not count as the target's.
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: 'aad-olle', current: memberOf(STEERING, 'aad-olle') }, coordinators: ['aad-anna'] }))).toEqual({ allow: false, reason: 'notMember' });
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: 'aad-olle', current: memberOf(SSPF, 'aad-sara') }, coordinators: ['aad-anna'] }))).toEqual({ allow: false, reason: 'notMember' });
    expect(decideGroupAct(request({ kind: 'removeMember', target: { aadObjectId: '' }, coordinators: ['aad-anna'] }))).toEqual({ allow: false, reason: 'notMember' });
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: 7 as unknown as string } })))).toEqual({ allow: false, reason: 'notMember' });
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: '' } })))).toEqual({ allow: false, reason: 'notMember' });
    expect(decideGroupAct(request(setOlle({ target: undefined as unknown as { aadObjectId: string } })))).toEqual({ allow: false, reason: 'notMember' });
  });

  it('the last coordinator cannot be removed or demoted, by anyone', () => {
    const sara = coordinatorOf(SSPF, 'aad-sara');
    const onlySara = ['aad-sara'];
    const demote = setOlle({ target: { aadObjectId: 'aad-sara', current: sara }, role: 'medlem', coordinators: onlySara });
    const remove: GroupAct = { kind: 'removeMember', target: { aadObjectId: 'aad-sara', current: sara }, coordinators: onlySara };
    for (const actor of [ada]) {
      expect(decideGroupAct(request(demote, { actor, membership: undefined }))).toEqual({ allow: false, reason: 'lastCoordinator' });
      expect(decideGroupAct(request(remove, { actor, membership: undefined }))).toEqual({ allow: false, reason: 'lastCoordinator' });
    }
    // The admin demoting herself as the last coordinator: refused too.
    expect(decideGroupAct(request(setOlle({ target: { aadObjectId: 'aad-ada', current: coordinatorOf(SSPF, 'aad-ada') }, role: 'medlem', coordinators: ['AAD-ADA'] }), { actor: ada, membership: coordinatorOf(SSPF, 'aad-ada') }))).toEqual({ allow: false, reason: 'lastCoordinator' });
    // With another coordinator it is allowed; keeping the role is not a demotion.
    expect(decideGroupAct(request({ ...demote, coordinators: ['aad-sara', 'aad-anna'] } as GroupAct))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ ...remove, coordinators: ['aad-sara', 'aad-anna'] } as GroupAct))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ ...demote, role: 'samordnare', agency: 'fritid' } as GroupAct, { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
    // Demoting a plain member never needs another coordinator.
    expect(decideGroupAct(request(setOlle({ coordinators: [] })))).toEqual({ allow: true, as: 'coordinator' });
  });
});

describe('decideGroupAct: links and admin recovery', () => {
  const link = (over: Partial<Extract<GroupAct, { kind: 'link' }>> = {}): GroupAct => ({ kind: 'link', steeringGroup: STEERING, existing: [], ...over });
  const active: AccessLink = { sspfGroupId: SSPF.id, steeringGroupId: STEERING.id };
  const steeringCoordinator = { membership: coordinatorOf(STEERING), group: STEERING };

  it('an SSPF coordinator (or admin) links the group to a registered steering group of the same tenant', () => {
    expect(decideGroupAct(request(link()))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request(link(), { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
    expect(decideGroupAct(request(link(), { membership: memberOf(SSPF, 'aad-anna') }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request(link(), steeringCoordinator))).toEqual({ allow: false, reason: 'notSspfGroup' });
    expect(decideGroupAct(request(link({ steeringGroup: undefined })))).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideGroupAct(request(link({ steeringGroup: { ...SSPF, id: 'g-other' } })))).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideGroupAct(request(link({ steeringGroup: { ...STEERING, id: SSPF.id } })))).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideGroupAct(request(link({ steeringGroup: { ...STEERING, tenantId: 'tenant-b' } })))).toEqual({ allow: false, reason: 'otherTenant' });
    expect(decideGroupAct(request(link({ existing: [active] })))).toEqual({ allow: false, reason: 'alreadyLinked' });
    // An ended link, or a link to another steering group, does not block a new one.
    expect(decideGroupAct(request(link({ existing: [{ ...active, endedAt: '2026-01-01T00:00:00Z' }, { ...active, steeringGroupId: 'g-x' }, { ...active, sspfGroupId: 'g-y' }] })))).toEqual({ allow: true, as: 'coordinator' });
  });

  it('the steering group’s coordinators decline; the SSPF group’s coordinators unlink', () => {
    expect(decideGroupAct(request({ kind: 'declineLink', link: active }, steeringCoordinator))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ kind: 'declineLink', link: active }))).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideGroupAct(request({ kind: 'declineLink', link: undefined }, steeringCoordinator))).toEqual({ allow: false, reason: 'linkNotFound' });
    expect(decideGroupAct(request({ kind: 'declineLink', link: { ...active, steeringGroupId: 'g-x' } }, steeringCoordinator))).toEqual({ allow: false, reason: 'linkNotFound' });
    expect(decideGroupAct(request({ kind: 'declineLink', link: { ...active, endedAt: NOW.toISOString() } }, steeringCoordinator))).toEqual({ allow: false, reason: 'linkNotFound' });
    expect(decideGroupAct(request({ kind: 'declineLink', link: active }, { ...steeringCoordinator, membership: memberOf(STEERING, 'aad-anna') }))).toEqual({ allow: false, reason: 'notCoordinator' });
    expect(decideGroupAct(request({ kind: 'unlink', link: active }))).toEqual({ allow: true, as: 'coordinator' });
    expect(decideGroupAct(request({ kind: 'unlink', link: active }, steeringCoordinator))).toEqual({ allow: false, reason: 'notSspfGroup' });
    expect(decideGroupAct(request({ kind: 'unlink', link: undefined }))).toEqual({ allow: false, reason: 'linkNotFound' });
    expect(decideGroupAct(request({ kind: 'unlink', link: { ...active, sspfGroupId: 'g-x' } }))).toEqual({ allow: false, reason: 'linkNotFound' });
    expect(decideGroupAct(request({ kind: 'unlink', link: { ...active, endedAt: NOW.toISOString() } }))).toEqual({ allow: false, reason: 'linkNotFound' });
  });

  it('admin recovery: only an admin, only when no coordinator is left', () => {
    expect(decideGroupAct(request({ kind: 'adminRecovery', coordinators: [] }, { actor: ada, membership: undefined }))).toEqual({ allow: true, as: 'admin' });
    expect(decideGroupAct(request({ kind: 'adminRecovery', coordinators: ['aad-sara'] }, { actor: ada, membership: undefined }))).toEqual({ allow: false, reason: 'hasCoordinator' });
    expect(decideGroupAct(request({ kind: 'adminRecovery', coordinators: [] }))).toEqual({ allow: false, reason: 'notAdmin' });
    expect(decideGroupAct(request({ kind: 'adminRecovery', coordinators: [] }, { actor: ada, membership: undefined, group: undefined }))).toEqual({ allow: false, reason: 'notRegistered' });
  });
});

describe('decideReach: steering groups see only what is linked', () => {
  const link: AccessLink = { sspfGroupId: SSPF.id, steeringGroupId: STEERING.id };

  it('a group sees itself in full', () => {
    expect(decideReach(SSPF, SSPF, [])).toEqual({ allow: true, view: 'full' });
    expect(decideReach(STEERING, STEERING, [])).toEqual({ allow: true, view: 'full' });
  });

  it('a steering group sees a linked SSPF group’s counts and trends, nothing unlinked', () => {
    expect(decideReach(STEERING, SSPF, [link])).toEqual({ allow: true, view: 'countsAndTrends' });
    expect(decideReach(STEERING, SSPF, [])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach(STEERING, SSPF, [{ ...link, endedAt: '2026-03-01T00:00:00Z' }])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach(STEERING, SSPF, [{ ...link, steeringGroupId: 'g-other' }])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach(STEERING, SSPF, [{ ...link, sspfGroupId: 'g-other' }])).toEqual({ allow: false, reason: 'notLinked' });
  });

  it('links run one way only, within one tenant', () => {
    expect(decideReach(SSPF, STEERING, [link])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach({ ...SSPF, id: 'g-2' }, SSPF, [{ sspfGroupId: SSPF.id, steeringGroupId: 'g-2' }])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach({ ...STEERING, id: 'g-3' }, { ...STEERING }, [{ sspfGroupId: STEERING.id, steeringGroupId: 'g-3' }])).toEqual({ allow: false, reason: 'notLinked' });
    expect(decideReach(STEERING, { ...SSPF, tenantId: 'tenant-b' }, [link])).toEqual({ allow: false, reason: 'otherTenant' });
  });

  it('malformed input refuses', () => {
    expect(decideReach(undefined as unknown as AccessGroup, SSPF, [])).toEqual({ allow: false, reason: 'error' });
    expect(decideReach(STEERING, undefined as unknown as AccessGroup, [])).toEqual({ allow: false, reason: 'error' });
    expect(decideReach({ ...STEERING, id: 7 as unknown as string }, SSPF, [])).toEqual({ allow: false, reason: 'error' });
    expect(decideReach(STEERING, { ...SSPF, id: 7 as unknown as string }, [])).toEqual({ allow: false, reason: 'error' });
    expect(decideReach(STEERING, SSPF, null as unknown as AccessLink[])).toEqual({ allow: false, reason: 'error' });
  });
});
