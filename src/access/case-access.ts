/**
 * Access decisions about individual cases: who may see a case, read or export its log, or change it,
 * and how a refusal is worded so that it tells nothing. Pure functions of plain data and a clock, like
 * `src/privacy/consent-policy.ts` (which decides the consent part): they fetch nothing, every reason is
 * named, and anything unknown or malformed refuses.
 */
import { SCOPE_AGENCIES, decideDisclosure, type Disclosure, type PolicyAudience, type PolicyCase, type PolicyRules, type WithholdReason } from '../privacy/consent-policy';

/**
 * Where the answer goes. `channel` and `groupChat` are posted messages everyone there reads, later
 * members included; `personal` is the actor's own chat with the bot; `userSpecific` an invoke answer or
 * a refresh that only the actor sees.
 */
export type CaseAnswerPlace = 'channel' | 'groupChat' | 'personal' | 'userSpecific';

/** Who asks: identity is the Entra object id; the tenant is the activity's. */
export interface CaseActor {
  aadObjectId?: string;
  tenantId?: string;
  /** Listed in ADMIN_AAD_IDS. */
  isAdmin: boolean;
}

/** The actor's membership in the group that owns the case, as stored (absent when not a member). */
export interface CaseMembership {
  groupId: string;
  aadObjectId: string;
  agency: string;
  userRole?: string;
  roles: readonly string[];
}

/** The case as access decisions see it; undefined when no such case exists. */
export interface CaseTarget {
  groupId: string;
  tenantId?: string;
  status: 'open' | 'closed';
}

/** Plain inputs shared by every case decision. */
export interface CaseAccessInput {
  actor: CaseActor;
  membership?: CaseMembership;
  place: CaseAnswerPlace;
  caseFile?: CaseTarget;
  /** Tenants accepted; empty accepts any (local mode only). */
  allowedTenants: readonly string[];
}

/**
 * Why access to a case is refused before anything about the case is weighed. `noAccess` stands for both
 * "no such case" and "not a member of the group that owns it": they are never told apart (no existence
 * oracle). `unregistered` and a foreign tenant are decided before the case is looked at.
 */
export type IdentityRefusal = 'unregistered' | 'otherTenant' | 'noAccess' | 'guest';

/**
 * How a refusal is answered. `hidden`: the one neutral text for a missing case and a non-member alike;
 * `unregistered` / `guest`: texts that do not depend on the case; `withheld`: the case's withheld view
 * (only members of the owning group ever get it).
 */
export type RefusalAnswer = 'hidden' | 'unregistered' | 'guest' | 'withheld';

/** The agencies that file observations (the four secrecy domains of a consent's scope). */
const OBSERVING_AGENCIES: readonly string[] = SCOPE_AGENCIES;

/** Disclosure reasons that must not tell whether the case exists. */
const HIDDEN_REASONS: ReadonlySet<WithholdReason> = new Set<WithholdReason>(['unknownCase', 'notMember', 'otherTenant', 'error']);

function isValidMember(input: CaseAccessInput): boolean {
  const { actor, membership: m, caseFile } = input;
  return !!m && !!caseFile && typeof actor.aadObjectId === 'string' && m.groupId === caseFile.groupId && m.aadObjectId.toLowerCase() === actor.aadObjectId.toLowerCase();
}

/**
 * The identity part every case act shares, in a fixed order: registered; an allowed tenant; the case
 * exists and the actor is a member of its owning group in the case's tenant (one reason for all of
 * these, `noAccess`); a full user, not a guest. `undefined` means the identity checks pass.
 */
export function identityRefusal(input: CaseAccessInput): IdentityRefusal | undefined {
  const { actor, caseFile, allowedTenants } = input;
  if (!actor || typeof actor.aadObjectId !== 'string' || actor.aadObjectId === '') return 'unregistered';
  if (!actor.tenantId) return 'otherTenant';
  if (allowedTenants.length > 0 && !allowedTenants.includes(actor.tenantId)) return 'otherTenant';
  if (!caseFile) return 'noAccess';
  // A case of another tenant is as invisible as a missing one.
  if (caseFile.tenantId !== undefined && caseFile.tenantId !== actor.tenantId) return 'noAccess';
  if (!isValidMember(input)) return 'noAccess';
  if (input.membership!.userRole !== 'user') return 'guest';
  return undefined;
}

/** How an identity refusal is answered (see {@link RefusalAnswer}). */
export function identityAnswer(refusal: IdentityRefusal): RefusalAnswer {
  switch (refusal) {
    case 'unregistered':
      return 'unregistered';
    case 'guest':
      return 'guest';
    default:
      return 'hidden';
  }
}

/** Whether an attempt belongs in the tenant's security log: someone named a case they may not know of. */
export function isSecurityEvent(refusal: string | undefined): boolean {
  return refusal === 'noAccess' || refusal === 'otherTenant';
}

function audienceOf(place: CaseAnswerPlace): PolicyAudience {
  switch (place) {
    case 'personal':
      return { kind: 'personal' };
    case 'userSpecific':
      return { kind: 'userSpecific' };
    default:
      return { kind: 'posted' };
  }
}

/** Inputs of a view decision: the shared inputs, the case as the consent policy sees it, the rules and the clock. */
export interface CaseViewRequest extends Omit<CaseAccessInput, 'caseFile' | 'allowedTenants'> {
  caseFile?: PolicyCase;
  rules: PolicyRules;
  now: Date;
}

/** A view decision: the disclosure, and how a withhold is to be answered. */
export type CaseViewDecision = Disclosure & { answer: 'details' | RefusalAnswer };

/**
 * May the actor see the case's details where the answer goes? Combines membership of the owning group,
 * the place (posted messages never carry details) and the consent policy. A withhold caused by identity
 * (missing case, non-member, other tenant, error) is answered `hidden`, the same for all of them.
 */
export function decideCaseView(request: CaseViewRequest): CaseViewDecision {
  let d: Disclosure;
  try {
    const m = request.membership;
    d = decideDisclosure({
      viewer: {
        aadObjectId: request.actor?.aadObjectId,
        tenantId: request.actor?.tenantId,
        membership: m && { groupId: m.groupId, aadObjectId: m.aadObjectId, agency: m.agency, userRole: m.userRole }
      },
      audience: audienceOf(request.place),
      caseFile: request.caseFile,
      rules: request.rules,
      now: request.now
    });
  } catch {
    d = { decision: 'withhold', reason: 'error' };
  }
  if (d.decision === 'reveal') return { ...d, answer: 'details' };
  if (d.reason === 'unregistered') return { ...d, answer: 'unregistered' };
  if (d.reason === 'guest') return { ...d, answer: 'guest' };
  if (HIDDEN_REASONS.has(d.reason)) return { ...d, answer: 'hidden' };
  return { ...d, answer: 'withheld' };
}

/** Why a log request is refused or allowed. */
export type CaseLogReason = IdentityRefusal | 'personalChatOnly' | 'notCoordinator' | 'coordinator' | 'admin';

export type CaseLogDecision = { allowed: true; reason: 'coordinator' | 'admin' } | { allowed: false; reason: Exclude<CaseLogReason, 'coordinator' | 'admin'> };

/**
 * Where a case log (its entries, its export link, a refusal naming people) may be answered: only in the
 * actor's personal chat. Decided before anything is read, so the answer elsewhere is one neutral line
 * that cannot depend on whether the case exists.
 */
export function decideCaseLogPlace(place: CaseAnswerPlace): { allowed: true } | { allowed: false; reason: 'personalChatOnly' } {
  return place === 'personal' ? { allowed: true } : { allowed: false, reason: 'personalChatOnly' };
}

/**
 * May the actor read or export the log of a case (or, with a group as `caseFile`, a group's case log
 * export)? Personal chat only; a full member of the owning group who is its coordinator, or an admin
 * who is a member. `place` is ignored for an HTTP download (pass `personal`), which re-checks the role.
 */
export function decideCaseLog(input: CaseAccessInput): CaseLogDecision {
  const place = decideCaseLogPlace(input.place);
  if (!place.allowed) return place;
  const refusal = identityRefusal(input);
  if (refusal) return { allowed: false, reason: refusal };
  if (input.actor.isAdmin) return { allowed: true, reason: 'admin' };
  if (input.membership!.roles.includes('samordnare')) return { allowed: true, reason: 'coordinator' };
  return { allowed: false, reason: 'notCoordinator' };
}

/** Acts that change a case or show its working cards (no details). */
export type CaseChange = 'summary' | 'observe' | 'consent' | 'revoke' | 'lifecycleCheck' | 'lifecycleComplete';

export type CaseChangeReason = IdentityRefusal | 'closedCase' | 'noAgency' | 'notManager';
export type CaseChangeDecision = { allowed: true; reason: 'member' | 'manager' } | { allowed: false; reason: CaseChangeReason };

/**
 * May the actor do `act` on the case? Every act needs a full member of the owning group. Observations
 * need an open case and one of the four agencies (`annan` observes nothing); consent, revocation and
 * completing a lifecycle step need social services or a coordinator (admins count as coordinators).
 */
export function decideCaseChange(input: CaseAccessInput, act: CaseChange): CaseChangeDecision {
  const refusal = identityRefusal(input);
  if (refusal) return { allowed: false, reason: refusal };
  const m = input.membership!;
  switch (act) {
    case 'summary':
    case 'lifecycleCheck':
      return { allowed: true, reason: 'member' };
    case 'observe':
      if (input.caseFile!.status !== 'open') return { allowed: false, reason: 'closedCase' };
      // `annan` and anything unknown observe nothing: an observation is filed under one secrecy domain.
      if (!OBSERVING_AGENCIES.includes(m.agency)) return { allowed: false, reason: 'noAgency' };
      return { allowed: true, reason: 'member' };
    case 'consent':
    case 'revoke':
    case 'lifecycleComplete':
      if (m.agency === 'socialtjanst' || m.roles.includes('samordnare') || input.actor.isAdmin) return { allowed: true, reason: 'manager' };
      return { allowed: false, reason: 'notManager' };
    default:
      return { allowed: false, reason: 'notManager' };
  }
}
