import type { Member } from './model';

/** Whether the person may act as coordinator of the group: a coordinator member, or a configured admin. */
export function isCoordinator(member: Member | undefined, aadObjectId: string | undefined, adminAadIds: readonly string[]): boolean {
  if (aadObjectId && adminAadIds.includes(aadObjectId.toLowerCase())) return true;
  return !!member && member.roles.includes('samordnare');
}
