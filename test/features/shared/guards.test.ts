import type { Access } from '../../../src/features/groups/access';
import type { Group, Member } from '../../../src/features/groups/model';
import { requireCoordinator, requireGroup, requireMember, requireMemberOrCoordinator, refusalAnswer } from '../../../src/features/shared/guards';
import { commonTexts } from '../../../src/i18n/common';

const group = { id: 'g1', name: 'SSPF Ytterby', language: 'sv' } as Group;
const member = { id: 'a1', groupId: 'g1', aadObjectId: 'a1', agency: 'skola', roles: ['medlem'] } as Member;

function access(over: Partial<Access>): Access {
  return {
    where: { kind: 'channel', conversationId: '19:c', groupKey: 'team:t' },
    actor: { aadObjectId: 'a1', teamsUserId: '29:u1' },
    coordinator: false,
    groupLang: 'sv',
    userLang: 'sv',
    ...over
  };
}

describe('shared guards: fail closed, in order, with the common refusal texts', () => {
  it('refuses personal chat first, even for a coordinator with a group in hand', () => {
    const a = access({ where: { kind: 'personal', conversationId: 'a:1' }, group, member, coordinator: true });
    for (const guard of [requireGroup, requireMember, requireMemberOrCoordinator, requireCoordinator]) {
      expect(guard(a, 'en')).toEqual({ ok: false, refusal: commonTexts('en').groupOnly });
    }
  });

  it('refuses an unregistered conversation', () => {
    for (const guard of [requireGroup, requireMember, requireMemberOrCoordinator, requireCoordinator]) {
      expect(guard(access({}), 'sv')).toEqual({ ok: false, refusal: commonTexts('sv').notInGroup });
    }
  });

  it('a non-member in a registered group may not act as a member', () => {
    expect(requireMember(access({ group }), 'sv')).toEqual({ ok: false, refusal: commonTexts('sv').notMember });
    expect(requireMemberOrCoordinator(access({ group }), 'en')).toEqual({ ok: false, refusal: commonTexts('en').notMember });
    expect(requireGroup(access({ group }), 'sv').ok).toBe(true);
  });

  it('a plain member may not do what only coordinators do', () => {
    expect(requireCoordinator(access({ group, member }), 'sv')).toEqual({ ok: false, refusal: commonTexts('sv').coordinatorOnly });
  });

  it('an administrator who is no member passes the coordinator guard but not the member guard', () => {
    const admin = access({ group, coordinator: true });
    expect(requireCoordinator(admin, 'sv').ok).toBe(true);
    expect(requireMemberOrCoordinator(admin, 'sv').ok).toBe(true);
    expect(requireMember(admin, 'sv').ok).toBe(false);
  });

  it('narrows: a passed access has its group and member without assertions', () => {
    const passed = requireMember(access({ group, member }), 'sv');
    if (!passed.ok) throw new Error('expected a member to pass');
    expect(passed.access.group.name).toBe('SSPF Ytterby');
    expect(passed.access.member.roles).toEqual(['medlem']);
  });

  it('answers a refusal to a card action as a message to the presser only', () => {
    expect(refusalAnswer('nej')).toEqual({ kind: 'message', text: 'nej' });
  });
});
