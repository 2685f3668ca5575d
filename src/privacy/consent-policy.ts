/**
 * The disclosure policy for individual cases: one pure function of data and a clock. It fetches
 * nothing and trusts nothing it is not handed; anything unknown, malformed or unexpected withholds.
 */

/** The secrecy domains a consent can name (OSL 8 kap.). `annan` is never inside a scope. */
export const SCOPE_AGENCIES = ['skola', 'socialtjanst', 'polis', 'fritid'] as const;
export type ScopeAgency = (typeof SCOPE_AGENCIES)[number];

/** A consent as the policy sees it. Dates are ISO strings; `validUntil` is inclusive to its instant. */
export interface PolicyConsent {
  id: string;
  scope: readonly string[];
  signedAt: string;
  validUntil: string;
  revokedAt?: string;
  guardiansWithCustody: number;
  guardiansSigned: number;
  youthSigned: boolean;
  /** Set when the consent was registered because of age or maturity. */
  youthRequired: boolean;
}

/** The case as the policy sees it. */
export interface PolicyCase {
  pseudonym: string;
  groupId: string;
  /** The tenant of the owning group; when set, the viewer must be in it. */
  tenantId?: string;
  birthYear?: number;
  /** True after retention removed the details: there is nothing left to reveal. */
  detailsDeleted: boolean;
  consents: readonly PolicyConsent[];
}

/** Who asks. `membership` is the viewer's membership in the group that owns the case, if any. */
export interface PolicyViewer {
  aadObjectId?: string;
  tenantId?: string;
  membership?: { groupId: string; aadObjectId: string; agency: string; userRole?: string };
}

/**
 * Who will see the answer. `posted` is a message in a channel or group chat (everyone, later members
 * included): never details. `userSpecific` is an invoke answer or a refresh for this viewer only;
 * `personal` the viewer's own personal chat with the bot.
 */
export type PolicyAudience = { kind: 'posted' } | { kind: 'userSpecific' } | { kind: 'personal' };

export interface PolicyRules {
  /** Tenants accepted; empty accepts any (local mode only). */
  allowedTenants: readonly string[];
  /** From this age (current year − birth year) the young person's own signature is required. */
  youthConsentAge: number;
}

export type WithholdReason =
  | 'unregistered'
  | 'otherTenant'
  | 'notMember'
  | 'guest'
  | 'unknownCase'
  | 'postedMessage'
  | 'detailsDeleted'
  | 'noConsent'
  | 'consentRevoked'
  | 'consentExpired'
  | 'consentNotYetValid'
  | 'consentIncomplete'
  | 'scopeExcludesAgency'
  | 'error';

export type Disclosure =
  | { decision: 'reveal'; reason: 'consentCovers'; consentId: string; agencies: ScopeAgency[] }
  | { decision: 'withhold'; reason: WithholdReason; consentId?: string; agency?: string };

export interface DisclosureRequest {
  viewer: PolicyViewer;
  audience: PolicyAudience;
  caseFile: PolicyCase | undefined;
  rules: PolicyRules;
  now: Date;
}

export type ConsentState = 'active' | 'revoked' | 'expired' | 'notYetValid' | 'incomplete';

function time(iso: string | undefined): number {
  if (typeof iso !== 'string') return NaN;
  return Date.parse(iso);
}

function isScopeAgency(a: unknown): a is ScopeAgency {
  return typeof a === 'string' && (SCOPE_AGENCIES as readonly string[]).includes(a);
}

/** The state of one consent at `now`. A malformed consent is `incomplete`, never `active`. */
export function consentState(consent: PolicyConsent, birthYear: number | undefined, rules: PolicyRules, now: Date): ConsentState {
  const nowMs = now.getTime();
  if (consent.revokedAt !== undefined) {
    const revoked = time(consent.revokedAt);
    // A revocation with a date we cannot read counts as revoked: default deny.
    if (Number.isNaN(revoked) || revoked <= nowMs) return 'revoked';
  }
  const signed = time(consent.signedAt);
  const until = time(consent.validUntil);
  if (Number.isNaN(signed) || Number.isNaN(until) || until <= signed) return 'incomplete';
  if (!Number.isInteger(consent.guardiansWithCustody) || consent.guardiansWithCustody < 1) return 'incomplete';
  if (!Number.isInteger(consent.guardiansSigned) || consent.guardiansSigned < consent.guardiansWithCustody) return 'incomplete';
  if (typeof birthYear !== 'number' || !Number.isInteger(birthYear)) return 'incomplete';
  const age = now.getUTCFullYear() - birthYear;
  const youthRequired = consent.youthRequired === true || age >= rules.youthConsentAge;
  if (youthRequired && consent.youthSigned !== true) return 'incomplete';
  if (!Array.isArray(consent.scope) || consent.scope.filter(isScopeAgency).length === 0) return 'incomplete';
  if (signed > nowMs) return 'notYetValid';
  if (until <= nowMs) return 'expired';
  return 'active';
}

/**
 * Decides whether `viewer` may see the details of `caseFile` in `audience` at `now`. Reveal needs:
 * a registered, non-guest member of the owning group in an allowed tenant; a user-specific or personal
 * audience; an active, complete consent whose scope covers the viewer's agency. Only the consent's
 * scope agencies' observations may be shown. Everything else withholds, with the reason.
 */
export function decideDisclosure(request: DisclosureRequest): Disclosure {
  try {
    return decide(request);
  } catch {
    return { decision: 'withhold', reason: 'error' };
  }
}

function decide({ viewer, audience, caseFile, rules, now }: DisclosureRequest): Disclosure {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return { decision: 'withhold', reason: 'error' };
  if (!viewer || typeof viewer.aadObjectId !== 'string' || viewer.aadObjectId === '') return { decision: 'withhold', reason: 'unregistered' };
  if (!viewer.tenantId) return { decision: 'withhold', reason: 'otherTenant' };
  if (rules.allowedTenants.length > 0 && !rules.allowedTenants.includes(viewer.tenantId)) return { decision: 'withhold', reason: 'otherTenant' };
  if (!caseFile) return { decision: 'withhold', reason: 'unknownCase' };
  if (caseFile.tenantId !== undefined && caseFile.tenantId !== viewer.tenantId) return { decision: 'withhold', reason: 'otherTenant' };
  const m = viewer.membership;
  if (!m || m.groupId !== caseFile.groupId || m.aadObjectId?.toLowerCase() !== viewer.aadObjectId.toLowerCase()) {
    return { decision: 'withhold', reason: 'notMember' };
  }
  // Only full members of the tenant: guests, anonymous and unknown roles never see details.
  if (m.userRole !== 'user') return { decision: 'withhold', reason: 'guest' };
  if (!audience || (audience.kind !== 'userSpecific' && audience.kind !== 'personal')) return { decision: 'withhold', reason: 'postedMessage' };
  if (caseFile.detailsDeleted !== false) return { decision: 'withhold', reason: 'detailsDeleted' };

  const consents = Array.isArray(caseFile.consents) ? caseFile.consents : [];
  const states = consents.map((c) => ({ consent: c, state: consentState(c, caseFile.birthYear, rules, now) }));
  const active = states.filter((s) => s.state === 'active');
  if (active.length === 0) {
    if (states.length === 0) return { decision: 'withhold', reason: 'noConsent' };
    // The most recently signed consent explains the refusal best.
    const latest = [...states].sort((a, b) => (time(b.consent.signedAt) || 0) - (time(a.consent.signedAt) || 0))[0];
    const reason: WithholdReason =
      latest.state === 'revoked' ? 'consentRevoked' : latest.state === 'expired' ? 'consentExpired' : latest.state === 'notYetValid' ? 'consentNotYetValid' : 'consentIncomplete';
    return { decision: 'withhold', reason, consentId: latest.consent.id };
  }
  if (!isScopeAgency(m.agency)) return { decision: 'withhold', reason: 'scopeExcludesAgency', agency: m.agency, consentId: active[0].consent.id };
  const covering = active
    .filter((s) => s.consent.scope.includes(m.agency))
    .sort((a, b) => time(b.consent.validUntil) - time(a.consent.validUntil));
  if (covering.length === 0) return { decision: 'withhold', reason: 'scopeExcludesAgency', agency: m.agency, consentId: active[0].consent.id };
  const chosen = covering[0].consent;
  const agencies = SCOPE_AGENCIES.filter((a) => chosen.scope.includes(a));
  return { decision: 'reveal', reason: 'consentCovers', consentId: chosen.id, agencies };
}

/** Keeps only what a reveal allows: observations from agencies inside the consent's scope. */
export function visibleObservations<T extends { agency: string }>(observations: readonly T[], disclosure: Disclosure): T[] {
  if (disclosure.decision !== 'reveal') return [];
  const allowed: readonly string[] = disclosure.agencies;
  return observations.filter((o) => allowed.includes(o.agency));
}
