import type { CaseViewDecision } from '../../access/case-access';
import type { WithholdReason } from '../../privacy/consent-policy';
import type { Member } from '../groups/model';
import type { CaseFile } from './model';

/**
 * What a member can do about a consent refusal: register a consent (social services, coordinators),
 * ask those who can, or wait until the consent is valid. `agency`: the agency a new consent must cover.
 */
export type NextStep = { kind: 'register' | 'askManager' | 'wait'; agency?: string };

/** Withhold reasons that a consent (a new one, or one covering more) would lift. */
const CONSENT_REASONS: ReadonlySet<WithholdReason> = new Set<WithholdReason>([
  'noConsent', 'consentRevoked', 'consentExpired', 'consentIncomplete', 'scopeExcludesAgency', 'consentNotYetValid'
]);

/**
 * The next step after a consent refusal, only for a full member of the group that owns the case; for
 * everyone else undefined, so they keep the access layer's uniform answer (it must not tell that the case
 * exists or what its consent says). Decided on the access layer's `withheld` answer and checked again
 * against the membership read, so a change elsewhere cannot leak it. Fails closed.
 */
export function consentNextStep(d: CaseViewDecision, member: Member | undefined, c: CaseFile | undefined, admin: boolean): NextStep | undefined {
  if (d.decision !== 'withhold' || d.answer !== 'withheld' || !c || !member) return undefined;
  if (member.groupId !== c.groupId || member.userRole !== 'user') return undefined;
  if (!CONSENT_REASONS.has(d.reason)) return undefined;
  if (d.reason === 'consentNotYetValid') return { kind: 'wait' };
  const manager = member.agency === 'socialtjanst' || member.roles.includes('samordnare') || admin;
  return { kind: manager ? 'register' : 'askManager', agency: d.reason === 'scopeExcludesAgency' ? d.agency : undefined };
}
