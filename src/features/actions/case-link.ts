import { CASE_PSEUDONYM } from './model';

/** Why a case reference was refused. */
export type CaseLinkCheck = 'ok' | 'format';

/**
 * Checks the case an indicated action refers to. Only the pseudonym is stored on the action; case details
 * never appear on action cards.
 *
 * Merge point (cases, built in parallel): this is where the case must be looked up in the owning group
 * (`unknown` when no case of this group has the pseudonym) and its consent checked before the action is
 * stored. Until then only the format `K-YYYY-NNN` is checked.
 */
export async function checkCaseLink(_groupId: string, pseudonym: string): Promise<CaseLinkCheck> {
  return CASE_PSEUDONYM.test(pseudonym) ? 'ok' : 'format';
}
