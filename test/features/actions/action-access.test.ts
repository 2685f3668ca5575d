import { decideActionAct, type ActionActor } from '../../../src/features/actions/action-access';

const member: ActionActor = { aadObjectId: 'AAAA-owner', member: true, coordinator: false };
const coordinator: ActionActor = { aadObjectId: 'cccc', member: true, coordinator: true };
const stranger: ActionActor = { aadObjectId: 'ssss', member: false, coordinator: false };

describe('who may act on actions (decideActionAct)', () => {
  it('lets only coordinators approve or reject, whoever owns the action', () => {
    for (const type of ['approve', 'reject'] as const) {
      expect(decideActionAct(member, { kind: 'command', type, ownerAad: 'aaaa-owner' })).toEqual({ allow: false, reason: 'notCoordinator' });
      expect(decideActionAct(coordinator, { kind: 'command', type, ownerAad: 'aaaa-owner' })).toEqual({ allow: true });
    }
  });

  it('lets the owner (ids compared case-insensitively) or a coordinator follow up, nobody else', () => {
    for (const type of ['start', 'done', 'cancel'] as const) {
      expect(decideActionAct(member, { kind: 'command', type, ownerAad: 'aaaa-owner' })).toEqual({ allow: true });
      expect(decideActionAct(coordinator, { kind: 'command', type, ownerAad: 'aaaa-owner' })).toEqual({ allow: true });
      expect(decideActionAct({ ...member, aadObjectId: 'bbbb' }, { kind: 'command', type, ownerAad: 'aaaa-owner' })).toEqual({ allow: false, reason: 'notOwnerOrCoordinator' });
      // An empty owner id never matches an actor.
      expect(decideActionAct({ ...member, aadObjectId: 'x' }, { kind: 'command', type, ownerAad: '' })).toEqual({ allow: false, reason: 'notOwnerOrCoordinator' });
    }
  });

  it('lets members and coordinators propose, not strangers', () => {
    expect(decideActionAct(member, { kind: 'propose' })).toEqual({ allow: true });
    expect(decideActionAct({ ...coordinator, member: false }, { kind: 'propose' })).toEqual({ allow: true });
    expect(decideActionAct(stranger, { kind: 'propose' })).toEqual({ allow: false, reason: 'notMember' });
  });

  it('lets only coordinators of a steering group create citizen promises (the group kind is checked first)', () => {
    expect(decideActionAct(coordinator, { kind: 'createPromise', groupKind: 'styrgrupp' })).toEqual({ allow: true });
    expect(decideActionAct(coordinator, { kind: 'createPromise', groupKind: 'sspf' })).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideActionAct(member, { kind: 'createPromise', groupKind: 'sspf' })).toEqual({ allow: false, reason: 'notSteeringGroup' });
    expect(decideActionAct(member, { kind: 'createPromise', groupKind: 'styrgrupp' })).toEqual({ allow: false, reason: 'notCoordinator' });
  });

  it('fails closed: no identity, an unknown act or command, or a malformed actor refuses', () => {
    expect(decideActionAct({ member: true, coordinator: true }, { kind: 'propose' })).toEqual({ allow: false, reason: 'unidentified' });
    expect(decideActionAct({ ...coordinator, aadObjectId: '' }, { kind: 'command', type: 'approve', ownerAad: 'x' })).toEqual({ allow: false, reason: 'unidentified' });
    const forged = { kind: 'command', type: 'delete', ownerAad: 'cccc' } as unknown as Parameters<typeof decideActionAct>[1];
    expect(decideActionAct(coordinator, forged)).toEqual({ allow: false, reason: 'error' });
    expect(decideActionAct(coordinator, { kind: 'archive' } as unknown as Parameters<typeof decideActionAct>[1])).toEqual({ allow: false, reason: 'error' });
    expect(decideActionAct(null as unknown as ActionActor, { kind: 'propose' })).toEqual({ allow: false, reason: 'unidentified' });
  });
});
