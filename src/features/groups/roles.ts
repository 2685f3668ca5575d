import type { Member, MemberChange } from './model';

/** Whether the person may act as coordinator of the group: a coordinator member, or a configured admin. */
export function isCoordinator(member: Member | undefined, aadObjectId: string | undefined, adminAadIds: readonly string[]): boolean {
  if (aadObjectId && adminAadIds.includes(aadObjectId.toLowerCase())) return true;
  return !!member && member.roles.includes('samordnare');
}

/**
 * Checks that a membership change keeps at least one coordinator. Pure: given the current roster.
 * Returns 'lastCoordinator' when the change would leave the group without one.
 */
export function checkRosterChange(
  roster: readonly Member[],
  change: { userId: string; role?: MemberChange['role']; remove?: boolean }
): 'ok' | 'lastCoordinator' {
  const target = roster.find((m) => m.aadObjectId === change.userId);
  if (!target || !target.roles.includes('samordnare')) return 'ok';
  const losesRole = change.remove || change.role !== 'samordnare';
  if (!losesRole) return 'ok';
  const others = roster.filter((m) => m.aadObjectId !== change.userId && m.roles.includes('samordnare'));
  return others.length > 0 ? 'ok' : 'lastCoordinator';
}
