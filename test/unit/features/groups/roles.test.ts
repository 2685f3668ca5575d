import type { Member } from '../../../../src/features/groups/model';
import { isCoordinator } from '../../../../src/features/groups/roles';

const m = (id: string, roles: Member['roles']): Member => ({ id, groupId: 'g', aadObjectId: id, agency: 'skola', roles, updatedBy: 'x', updatedAt: '' });

describe('roles', () => {
  it('treats coordinators and configured admins as coordinators, nobody else', () => {
    expect(isCoordinator(m('a', ['samordnare']), 'a', [])).toBe(true);
    expect(isCoordinator(m('a', ['medlem']), 'a', [])).toBe(false);
    expect(isCoordinator(undefined, 'b', [])).toBe(false);
    expect(isCoordinator(undefined, 'B', ['b'])).toBe(true);
  });
  // The last-coordinator rule is the access layer's now: test/access/group-access.test.ts.
});
