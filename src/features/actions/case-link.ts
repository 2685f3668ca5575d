import { CASE_PSEUDONYM } from './model';

/** Why a case reference was refused. */
export type CaseLinkCheck = 'ok' | 'format' | 'unknown' | 'closed';

/** How actions look up a case: one point read by group and pseudonym (the cases feature's repository fits). */
export interface CaseLookup {
  get(groupId: string, pseudonym: string): Promise<{ status: string } | undefined>;
}

/**
 * Checks the case an indicated action refers to: the pseudonym's format, and that an open case with it
 * belongs to the owning group (one point read). Only the pseudonym is stored on the action; case details
 * never appear on action cards, whatever the consent.
 */
export async function checkCaseLink(cases: CaseLookup, groupId: string, pseudonym: string): Promise<CaseLinkCheck> {
  if (!CASE_PSEUDONYM.test(pseudonym)) return 'format';
  const found = await cases.get(groupId, pseudonym);
  if (!found) return 'unknown';
  return found.status === 'open' ? 'ok' : 'closed';
}
