import { DateTime } from 'luxon';
import { z } from 'zod';
import { SCOPE_AGENCIES, type PolicyCase } from '../../privacy/consent-policy';
import type { Agency } from '../groups/model';
import { STOCKHOLM } from '../../time-zone';

/** A case pseudonym: `K-<year>-<running number of at least three digits>`. */
export const PSEUDONYM = /^K-\d{4}-\d{3,6}$/;
export const pseudonymSchema = z.string().trim().toUpperCase().regex(PSEUDONYM);

/** Finds a pseudonym in command arguments ("k-2026-014" is accepted). */
export function parsePseudonym(args: string): string | undefined {
  const m = args.trim().toUpperCase().match(/\bK-\d{4}-\d{3,6}\b/);
  return m?.[0];
}

/** `K-2026-014` from year and running number. */
export function formatPseudonym(year: number, n: number): string {
  return `K-${year}-${String(n).padStart(3, '0')}`;
}

/** The case details: only these (and observation texts) are personal data. Deleted by retention. */
export interface CaseDetails {
  name: string;
  birthYear: number;
  area: string;
  concern: string;
}

export interface Observation {
  id: string;
  agency: Agency;
  /** The day it was seen (yyyy-mm-dd). */
  date: string;
  /** Case detail: deleted by retention. */
  text?: string;
  authorAadObjectId: string;
  createdAt: string;
}

/** A registered consent (samtycke / sekretessmedgivande). Never deleted except by retention; revoked instead. */
export interface Consent {
  id: string;
  scope: Array<(typeof SCOPE_AGENCIES)[number]>;
  guardiansWithCustody: number;
  guardiansSigned: number;
  youthSigned: boolean;
  /** The young person was marked mature enough to be asked, whatever the age. */
  matureEnough: boolean;
  youthRequired: boolean;
  signedAt: string;
  validUntil: string;
  /** Where the signed paper is archived (diarienummer or archive reference). */
  archiveRef: string;
  registeredBy: string;
  registeredAt: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Why it ended early: revoked by the guardians, or replaced (`ersatt`) by a newer consent. */
  revokedReason?: 'revoked' | 'ersatt';
}

/** A message that showed details to one person in personal chat: replaced when they may no longer see them. */
export interface ShownView {
  aadObjectId: string;
  conversationKey: string;
  activityId: string;
  at: string;
}

/**
 * A card of this case the bot posted to a channel or group chat (never details). Invokes may update only
 * these messages (src/access/card-binding.ts); summaries are re-rendered when the audience changes.
 */
export interface PostedCard {
  conversationKey: string;
  activityId: string;
  /** What the message shows; absent on records from before kinds existed (summaries). */
  kind?: 'summary' | 'form' | 'lifecycle';
}

export interface Lifecycle {
  /** The current step's id; the last step completed means the case is closed. */
  step: string;
  completed: Array<{ step: string; at: string; by: string }>;
  /** Checked item ids per step id. */
  checked: Record<string, string[]>;
}

/** An individual case (individärende), stored in the owning group's partition with id = pseudonym. */
export interface CaseFile {
  id: string;
  groupId: string;
  municipalityKey: string;
  tenantId?: string;
  status: 'open' | 'closed';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closedAt?: string;
  /** Removed by retention; `detailsDeletedAt` says when. */
  details?: CaseDetails;
  detailsDeletedAt?: string;
  observations: Observation[];
  consents: Consent[];
  lifecycle: Lifecycle;
  /** Next follow-up date (yyyy-mm-dd), set when the action plan is done. */
  followUpOn?: string;
  shownViews: ShownView[];
  postedCards: PostedCard[];
}

/** The case as the pure disclosure policy sees it. */
export function policyCase(c: CaseFile): PolicyCase {
  return {
    pseudonym: c.id,
    groupId: c.groupId,
    tenantId: c.tenantId,
    birthYear: c.details?.birthYear,
    detailsDeleted: !c.details || !!c.detailsDeletedAt,
    consents: c.consents
  };
}

/** Observation counts per agency: safe for posted cards. */
export function countsByAgency(c: CaseFile): Record<Agency, number> {
  const counts: Record<Agency, number> = { skola: 0, socialtjanst: 0, polis: 0, fritid: 0, annan: 0 };
  for (const o of c.observations) counts[o.agency] = (counts[o.agency] ?? 0) + 1;
  return counts;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The new-case form. */
export const caseFormSchema = z.object({
  name: text(100),
  birthYear: z.coerce.number().int().min(1990).max(2100),
  area: text(100),
  concern: text(2000)
});
export type CaseForm = z.infer<typeof caseFormSchema>;

/** The observation form. */
export const observationFormSchema = z.object({ date: isoDate, text: text(2000) });

const bool = z.preprocess((v) => v === true || v === 'true', z.boolean());

/** The consent form, before completeness checks (which give the user a clear message). */
export const consentFormSchema = z.object({
  guardiansWithCustody: z.coerce.number().int().min(1).max(4),
  guardiansSigned: z.coerce.number().int().min(0).max(4),
  youthSigned: bool.default(false),
  matureEnough: bool.default(false),
  scope: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.enum(SCOPE_AGENCIES)).max(4)
  ),
  signedAt: isoDate,
  validUntil: isoDate.optional().or(z.literal('')),
  archiveRef: z.string().trim().max(120).default('')
});
export type ConsentForm = z.infer<typeof consentFormSchema>;

export type ConsentProblem =
  | 'guardiansMissing'
  | 'youthMissing'
  | 'scopeEmpty'
  | 'signedInFuture'
  | 'validUntilBeforeSigned'
  | 'alreadyExpired'
  | 'tooLong'
  | 'archiveRefMissing';

/**
 * Checks a consent form for completeness; returns the problems (empty = complete) and the consent's
 * dates. Age is current year − birth year. Validity defaults to `defaultMonths`, at most 3 years.
 */
export function checkConsent(
  form: ConsentForm,
  birthYear: number,
  rules: { youthConsentAge: number; defaultMonths: number },
  now: Date
): { problems: ConsentProblem[]; youthRequired: boolean; signedAt: string; validUntil: string } {
  const problems: ConsentProblem[] = [];
  const zone = STOCKHOLM;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const signed = DateTime.fromISO(form.signedAt, { zone }).startOf('day');
  const until = form.validUntil ? DateTime.fromISO(form.validUntil, { zone }).endOf('day') : signed.plus({ months: rules.defaultMonths }).endOf('day');
  const age = today.year - birthYear;
  const youthRequired = age >= rules.youthConsentAge || form.matureEnough;
  if (form.guardiansSigned < form.guardiansWithCustody) problems.push('guardiansMissing');
  if (youthRequired && !form.youthSigned) problems.push('youthMissing');
  if (form.scope.length === 0) problems.push('scopeEmpty');
  if (!signed.isValid || signed > today) problems.push('signedInFuture');
  if (!until.isValid || (signed.isValid && until <= signed)) problems.push('validUntilBeforeSigned');
  else if (until.toMillis() <= now.getTime()) problems.push('alreadyExpired');
  if (signed.isValid && until.isValid && until > signed.plus({ years: 3 }).endOf('day')) problems.push('tooLong');
  if (!form.archiveRef) problems.push('archiveRefMissing');
  return {
    problems,
    youthRequired,
    signedAt: signed.isValid ? signed.toUTC().toISO()! : '',
    validUntil: until.isValid ? until.toUTC().toISO()! : ''
  };
}
