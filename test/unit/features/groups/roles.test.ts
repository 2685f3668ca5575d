import type { Member } from '../../../../src/features/groups/model';
import { checkRosterChange, isCoordinator } from '../../../../src/features/groups/roles';

const m = (id: string, roles: Member['roles']): Member => ({ id, groupId: 'g', aadObjectId: id, agency: 'skola', roles, updatedBy: 'x', updatedAt: '' });

describe('roles', () => {
  it('treats coordinators and configured admins as coordinators, nobody else', () => {
    expect(isCoordinator(m('a', ['samordnare']), 'a', [])).toBe(true);
    expect(isCoordinator(m('a', ['medlem']), 'a', [])).toBe(false);
    expect(isCoordinator(undefined, 'b', [])).toBe(false);
    expect(isCoordinator(undefined, 'B', ['b'])).toBe(true);
  });

  it('keeps at least one coordinator', () => {
    const roster = [m('a', ['samordnare']), m('b', ['medlem'])];
    expect(checkRosterChange(roster, { userId: 'a', role: 'medlem' })).toBe('lastCoordinator');
    expect(checkRosterChange(roster, { userId: 'a', remove: true })).toBe('lastCoordinator');
    expect(checkRosterChange(roster, { userId: 'b', remove: true })).toBe('ok');
    expect(checkRosterChange([...roster, m('c', ['samordnare'])], { userId: 'a', role: 'medlem' })).toBe('ok');
  });
});
