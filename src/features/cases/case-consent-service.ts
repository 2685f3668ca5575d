import { randomUUID } from 'node:crypto';
import { consentState } from '../../privacy/consent-policy';
import { CaseAuditor, type ChangeCheck } from './case-audit';
import { findCase, policyRules, readCase, type AllowedCase, type CaseActor, type CaseDeps } from './case-deps';
import { checkConsent, consentFormSchema, type CaseFile, type Consent, type ConsentProblem } from './model';
import { reconcile } from './posted-cards';

/** The outcome of a consent form's submit. */
export type RegisterConsentResult =
  | ChangeCheck & { ok: false }
  | { ok: false; reason: 'detailsDeleted' | 'invalid'; access: AllowedCase }
  | { ok: false; reason: 'incomplete'; problems: ConsentProblem[]; access: AllowedCase }
  | { ok: true; access: AllowedCase; caseFile: CaseFile; consent: Consent; replaced: number };

/** The outcome of `återkalla samtycke K-…`. */
export type RevokeResult =
  | ChangeCheck & { ok: false }
  | { ok: false; reason: 'nothingToRevoke'; access: AllowedCase }
  | { ok: true; access: AllowedCase; revoked: number; notReplacedYet: number };

/** Consent: the form, registration (with supersession) and revocation, each with immediate effect. */
export class CaseConsentService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** `samtycke K-…`: may the actor open the consent form? */
  async openForm(who: CaseActor, pseudonym: string): Promise<ChangeCheck> {
    return this.auditor.checkChange(await findCase(this.deps, who, pseudonym), pseudonym, 'consent', 'command', 'consent');
  }

  /**
   * The consent form's submit. Unless the form says otherwise the new consent replaces every consent
   * active now; a replaced one is revoked with reason "ersatt" and stays in the history.
   */
  async register(who: CaseActor, groupId: string, pseudonym: string, form: Record<string, unknown>): Promise<RegisterConsentResult> {
    const checked = await this.auditor.checkChange(await readCase(this.deps, who, groupId, pseudonym), pseudonym, 'consent', 'execute', 'consent');
    if (!checked.ok) return checked;
    const a = checked.access;
    const details = a.caseFile.details;
    if (!details) {
      await this.auditor.record(a, pseudonym, { action: 'consent', via: 'execute', decision: 'refused', reason: 'detailsDeleted' });
      return { ok: false, reason: 'detailsDeleted', access: a };
    }
    const parsed = consentFormSchema.safeParse(form);
    if (!parsed.success) return { ok: false, reason: 'invalid', access: a };
    const { cases } = this.deps.config;
    const check = checkConsent(parsed.data, details.birthYear, { youthConsentAge: cases.youthConsentAge, defaultMonths: cases.consentDefaultValidMonths }, this.deps.clock.now());
    if (check.problems.length > 0) {
      await this.auditor.record(a, pseudonym, { action: 'consent', via: 'execute', decision: 'refused', reason: `incomplete:${check.problems.join('+')}` });
      return { ok: false, reason: 'incomplete', problems: check.problems, access: a };
    }
    const now = this.deps.clock.now().toISOString();
    const by = a.aad;
    const consent: Consent = {
      id: randomUUID(), scope: parsed.data.scope, guardiansWithCustody: parsed.data.guardiansWithCustody, guardiansSigned: parsed.data.guardiansSigned,
      youthSigned: parsed.data.youthSigned, matureEnough: parsed.data.matureEnough, youthRequired: check.youthRequired, signedAt: check.signedAt,
      validUntil: check.validUntil, archiveRef: parsed.data.archiveRef, registeredBy: by, registeredAt: now
    };
    const replaces = form.replaces !== false && form.replaces !== 'false';
    const { doc, replaced } = await this.store(a.caseFile, consent, replaces, by, now);
    for (const k of replaced) await this.auditor.record(a, pseudonym, { action: 'revoke', via: 'execute', decision: 'allowed', reason: 'ersatt', consentId: k.id, agencies: k.scope });
    await this.auditor.record(a, pseudonym, { action: 'consent', via: 'execute', decision: 'allowed', reason: replaced.length > 0 ? 'registered:replaces' : 'registered', consentId: consent.id, agencies: consent.scope });
    this.deps.logger.info({ groupId: a.caseFile.groupId, caseId: a.caseFile.id, consentId: consent.id, replaced: replaced.length }, 'consent registered');
    await reconcile(this.deps, a.caseFile.groupId, a.caseFile.id, false);
    return { ok: true, access: a, caseFile: doc ?? a.caseFile, consent, replaced: replaced.length };
  }

  private async store(c: CaseFile, consent: Consent, replaces: boolean, by: string, now: string): Promise<{ doc: CaseFile | undefined; replaced: Consent[] }> {
    const replaced: Consent[] = [];
    const rules = policyRules(this.deps);
    const { doc } = await this.deps.cases.update(c.groupId, c.id, (cur) => {
      if (!cur) return undefined;
      replaced.length = 0;
      const consents = cur.consents.map((k) => {
        if (!replaces || consentState(k, cur.details?.birthYear, rules, this.deps.clock.now()) !== 'active') return k;
        replaced.push(k);
        return { ...k, revokedAt: now, revokedBy: by, revokedReason: 'ersatt' as const };
      });
      return { ...cur, updatedAt: now, consents: [...consents, consent] };
    });
    return { doc, replaced };
  }

  /** `återkalla samtycke K-…`: every consent in force is revoked at once; shown details are replaced. */
  async revoke(who: CaseActor, pseudonym: string): Promise<RevokeResult> {
    const checked = await this.auditor.checkChange(await findCase(this.deps, who, pseudonym), pseudonym, 'revoke', 'command', 'revoke');
    if (!checked.ok) return checked;
    const a = checked.access;
    const c = a.caseFile;
    const now = this.deps.clock.now();
    const revokedIds: string[] = [];
    await this.deps.cases.update(c.groupId, c.id, (cur) => {
      if (!cur) return undefined;
      revokedIds.length = 0;
      const consents = cur.consents.map((k) => {
        if (k.revokedAt || Date.parse(k.validUntil) <= now.getTime()) return k;
        revokedIds.push(k.id);
        return { ...k, revokedAt: now.toISOString(), revokedBy: a.aad, revokedReason: 'revoked' as const };
      });
      return revokedIds.length > 0 ? { ...cur, consents, updatedAt: now.toISOString() } : undefined;
    });
    if (revokedIds.length === 0) {
      await this.auditor.record(a, c.id, { action: 'revoke', via: 'command', decision: 'refused', reason: 'nothingToRevoke' });
      return { ok: false, reason: 'nothingToRevoke', access: a };
    }
    for (const consentId of revokedIds) await this.auditor.record(a, c.id, { action: 'revoke', via: 'command', decision: 'allowed', reason: 'revoked', consentId });
    this.deps.logger.info({ groupId: c.groupId, caseId: c.id, revoked: revokedIds.length }, 'consent revoked');
    return { ok: true, access: a, revoked: revokedIds.length, notReplacedYet: await reconcile(this.deps, c.groupId, c.id, false) };
  }
}
