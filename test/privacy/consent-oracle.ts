/**
 * The disclosure rules re-stated from docs/privacy.md, DOMAIN.md ("Individual cases with consent") and
 * the policy's documented contract, written without importing or calling `src/privacy/consent-policy`:
 * a second, independent reading of the same rules. Property tests compare the two on generated cases;
 * where they differ, one of them is wrong.
 */

/** The four secrecy domains a consent can name (OSL 8 kap.). `annan` (other) is never one of them. */
export const AGENCIES = ['skola', 'socialtjanst', 'polis', 'fritid'] as const;

export interface OracleConsent {
  id: string;
  scope: readonly string[];
  signedAt: string;
  validUntil: string;
  revokedAt?: string;
  guardiansWithCustody: number;
  guardiansSigned: number;
  youthSigned: boolean;
  youthRequired: boolean;
}

export interface OracleCase {
  groupId: string;
  tenantId?: string;
  birthYear?: number;
  detailsDeleted: boolean;
  consents: readonly OracleConsent[];
}

export interface OracleViewer {
  aadObjectId?: string;
  tenantId?: string;
  membership?: { groupId: string; aadObjectId: string; agency: string; userRole?: string };
}

export interface OracleRules {
  allowedTenants: readonly string[];
  youthConsentAge: number;
}

export type Expected =
  | { decision: 'reveal'; reason: 'consentCovers'; consentId: string; agencies: string[] }
  | { decision: 'withhold'; reason: string; consentId?: string; agency?: string };

/** Milliseconds of an ISO instant, or `undefined` when it is not a readable date. */
function instant(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const ms = new Date(iso).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The youth rule (OSL 12 kap. 2 §, the municipalities' routine: the young person's own signature is
 * asked from about 15): the young person must sign once the calendar year of `clock` is the year they
 * turn `ageLimit`, or later. Only the birth year is stored, so the whole year counts.
 */
export function youthMustSign(birthYear: number, clock: Date, ageLimit: number): boolean {
  const yearOfTurningLimit = birthYear + ageLimit;
  return clock.getUTCFullYear() >= yearOfTurningLimit;
}

/** Why a consent does not allow a reveal at `clock`, or `undefined` when it is in force. */
export function consentProblem(
  c: OracleConsent,
  birthYear: number | undefined,
  rules: OracleRules,
  clock: Date
): 'revoked' | 'incomplete' | 'notYetValid' | 'expired' | undefined {
  const now = clock.getTime();
  // Revocation takes effect immediately; a revocation whose date cannot be read is still a revocation.
  if (c.revokedAt !== undefined) {
    const r = instant(c.revokedAt);
    if (r === undefined || now >= r) return 'revoked';
  }
  const from = instant(c.signedAt);
  const to = instant(c.validUntil);
  if (from === undefined || to === undefined || !(from < to)) return 'incomplete';
  // Every guardian with custody signs (at least one guardian exists).
  const custody = c.guardiansWithCustody;
  if (!Number.isSafeInteger(custody) || custody <= 0) return 'incomplete';
  if (!Number.isSafeInteger(c.guardiansSigned) || c.guardiansSigned < custody) return 'incomplete';
  // Without a birth year the youth rule cannot be checked: not complete.
  if (typeof birthYear !== 'number' || !Number.isSafeInteger(birthYear)) return 'incomplete';
  const youthNeeded = c.youthRequired === true || youthMustSign(birthYear, clock, rules.youthConsentAge);
  if (youthNeeded && c.youthSigned !== true) return 'incomplete';
  // A scope that names none of the four agencies lets nobody share anything.
  if (!Array.isArray(c.scope) || !c.scope.some((a) => (AGENCIES as readonly string[]).includes(a))) return 'incomplete';
  if (now < from) return 'notYetValid';
  if (now >= to) return 'expired';
  return undefined;
}

const REASON_OF_PROBLEM = { revoked: 'consentRevoked', incomplete: 'consentIncomplete', notYetValid: 'consentNotYetValid', expired: 'consentExpired' } as const;

/**
 * What the policy must answer. Order of the refusals: clock, identity, tenant, case, case tenant,
 * membership, guest, audience, deleted details, consents, scope. A reveal uses the covering consent
 * valid longest (the first of equals) and shows that consent's scope only, in the canonical order.
 */
export function expectedDisclosure(
  viewer: OracleViewer,
  audience: { kind: string },
  caseFile: OracleCase | undefined,
  rules: OracleRules,
  clock: Date
): Expected {
  const withhold = (reason: string, extra: { consentId?: string; agency?: string } = {}): Expected => ({ decision: 'withhold', reason, ...extra });
  if (!Number.isFinite(clock.getTime())) return withhold('error');
  if (!viewer.aadObjectId) return withhold('unregistered');
  if (!viewer.tenantId) return withhold('otherTenant');
  if (rules.allowedTenants.length && rules.allowedTenants.indexOf(viewer.tenantId) < 0) return withhold('otherTenant');
  if (caseFile === undefined) return withhold('unknownCase');
  if (caseFile.tenantId !== undefined && caseFile.tenantId !== viewer.tenantId) return withhold('otherTenant');
  const m = viewer.membership;
  const sameUser = m !== undefined && m.aadObjectId.toUpperCase() === viewer.aadObjectId.toUpperCase();
  if (!m || m.groupId !== caseFile.groupId || !sameUser) return withhold('notMember');
  if (m.userRole !== 'user') return withhold('guest');
  if (audience.kind === 'posted') return withhold('postedMessage');
  if (caseFile.detailsDeleted) return withhold('detailsDeleted');

  const inForce = caseFile.consents.filter((c) => consentProblem(c, caseFile.birthYear, rules, clock) === undefined);
  if (inForce.length === 0) {
    if (caseFile.consents.length === 0) return withhold('noConsent');
    // Explain with the most recently signed consent (an unreadable date counts as the epoch).
    let latest = caseFile.consents[0];
    for (const c of caseFile.consents) if ((instant(c.signedAt) ?? 0) > (instant(latest.signedAt) ?? 0)) latest = c;
    const problem = consentProblem(latest, caseFile.birthYear, rules, clock)!;
    return withhold(REASON_OF_PROBLEM[problem], { consentId: latest.id });
  }
  const covering = inForce.filter((c) => c.scope.includes(m.agency));
  if (!(AGENCIES as readonly string[]).includes(m.agency) || covering.length === 0) {
    return withhold('scopeExcludesAgency', { agency: m.agency, consentId: inForce[0].id });
  }
  let chosen = covering[0];
  for (const c of covering) if (instant(c.validUntil)! > instant(chosen.validUntil)!) chosen = c;
  return { decision: 'reveal', reason: 'consentCovers', consentId: chosen.id, agencies: AGENCIES.filter((a) => chosen.scope.includes(a)) };
}
