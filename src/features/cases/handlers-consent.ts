import { z } from 'zod';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import type { Lang } from '../../i18n';
import { caseTexts } from '../../i18n/cases';
import { SCOPE_AGENCIES, consentState } from '../../privacy/consent-policy';
import { agencyLabel, consentCard, dateText, lifecycleCard, summaryCard } from './cards';
import { groupLang, handbookOf, policyRules } from './case-deps';
import type { LifecycleOutcome } from './case-lifecycle-service';
import { caseRef } from './handlers-case';
import { boundCase, caseActor, groupIdOf, pseudonymOf, refusalText, refused, refuseUnbound, replacePressed, replyCaseCard } from './handlers-shared';
import type { CaseFile } from './model';
import { refreshUsers } from './posted-cards';
import type { CasesDeps } from './setup';

/** The data of the lifecycle card's two buttons: the step and its ticked items (`item_<id>`). */
export const lifecycleData = caseRef.extend({ step: z.string().min(1).max(40) }).passthrough();

/** The consent in force now and its scope, in words (forms, confirmations). */
function activeConsentText(deps: CasesDeps, lang: Lang, c: CaseFile): string {
  const t = caseTexts(lang);
  const rules = policyRules(deps);
  const active = c.consents.filter((k) => consentState(k, c.details?.birthYear, rules, deps.clock.now()) === 'active');
  const scopeOf = (scope: readonly string[]) => SCOPE_AGENCIES.filter((x) => scope.includes(x)).map((x) => agencyLabel(lang, x).toLowerCase()).join(', ');
  return active.map((k) => t.consentInForce(dateText(k.validUntil), scopeOf(k.scope))).join(' ');
}

function consentForm(deps: CasesDeps, lang: Lang, c: CaseFile, error = '') {
  return consentCard(lang, c, deps.clock.now(), deps.config.cases.consentDefaultValidMonths, error, activeConsentText(deps, lang, c));
}

/** `samtycke K-…`: the consent form (coordinators and social services of the owning group). */
export async function showConsentForm(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'samtycke', en: 'consent' });
  if (!pseudonym) return;
  const checked = await deps.consents.openForm(caseActor(turn), pseudonym);
  if (!checked.ok) return void (await turn.reply(refusalText(input.lang, pseudonym, checked.reason, 'consent')));
  await replyCaseCard(deps, turn, checked.access.caseFile, consentForm(deps, input.lang, checked.access.caseFile), 'form');
}

/** The consent form's submit, bound to the case's card in this conversation. */
export async function registerConsent(deps: CasesDeps, turn: Turn, data: z.infer<typeof caseRef> & Record<string, unknown>): Promise<InvokeAnswer> {
  const lang = turn.lang;
  const t = caseTexts(lang);
  const before = await deps.cases.get(data.groupId, data.caseId);
  const unbound = await refuseUnbound(deps, turn, boundCase(before));
  if (unbound) return unbound;
  const result = await deps.consents.register(caseActor(turn), data.groupId, data.caseId, data);
  if (!result.ok) {
    switch (result.reason) {
      case 'detailsDeleted':
        return refused(t.reason('detailsDeleted', ''));
      case 'invalid':
        return { kind: 'card', card: consentForm(deps, lang, result.access.caseFile, t.invalidConsent) };
      case 'incomplete':
        return { kind: 'card', card: consentForm(deps, lang, result.access.caseFile, t.consentRejected(result.problems.map((p) => t.consentProblem(p)).join('; '))) };
      default:
        return refused(refusalText(lang, data.caseId, result.reason, 'consent'));
    }
  }
  const c = result.caseFile;
  await replacePressed(deps, turn, c, boundCase(before), summaryCard(await groupLang(deps, c.groupId), c, handbookOf(deps, c), '', await refreshUsers(deps, c)), 'summary');
  const notice = [t.consentSaved(c.id, dateText(result.consent.validUntil)), result.replaced > 0 ? t.consentReplaced(result.replaced) : '', activeConsentText(deps, lang, c)];
  return { kind: 'card', card: summaryCard(lang, c, handbookOf(deps, c), notice.filter(Boolean).join(' '), [], 'Good') };
}

/** `återkalla samtycke K-…`: immediate effect everywhere; says how many shown messages wait for replacement. */
export async function revokeConsent(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'återkalla samtycke', en: 'revoke consent' });
  if (!pseudonym) return;
  const t = caseTexts(input.lang);
  const result = await deps.consents.revoke(caseActor(turn), pseudonym);
  if (!result.ok && result.reason === 'nothingToRevoke') return void (await turn.reply(t.nothingToRevoke(result.access.caseFile.id)));
  if (!result.ok) return void (await turn.reply(refusalText(input.lang, pseudonym, result.reason, 'revoke')));
  const id = result.access.caseFile.id;
  await turn.reply(result.notReplacedYet > 0 ? t.revokedPending(id, result.revoked, result.notReplacedYet) : t.revoked(id, result.revoked));
}

/** `arbetsgång K-…`: the handbook's steps and the current step's checklist (no details). */
export async function showLifecycle(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'arbetsgång', en: 'process' });
  if (!pseudonym) return;
  const checked = await deps.lifecycles.open(caseActor(turn), pseudonym);
  if (!checked.ok) return void (await turn.reply(refusalText(input.lang, pseudonym, checked.reason, 'lifecycleCheck')));
  const c = checked.access.caseFile;
  await replyCaseCard(deps, turn, c, lifecycleCard(input.lang, c, handbookOf(deps, c)), 'lifecycle');
}

function lifecycleStatus(lang: Lang, c: CaseFile, outcome: LifecycleOutcome): { status: string; ok: boolean } {
  const t = caseTexts(lang);
  switch (outcome.kind) {
    case 'checked':
      return { status: t.checklistSaved, ok: true };
    case 'completed':
      return { status: outcome.closed ? t.caseClosed(c.id) : t.stepCompleted(outcome.stepTitle), ok: true };
    case 'requiredOpen':
      return { status: t.requiredOpen(outcome.openItems.join('; ')), ok: false };
    default:
      return { status: t.staleStep, ok: false };
  }
}

/** The lifecycle card's buttons: save the checklist, or complete the step. */
async function changeLifecycle(deps: CasesDeps, turn: Turn, data: z.infer<typeof lifecycleData>, complete: boolean): Promise<InvokeAnswer> {
  const lang = turn.lang;
  const before = await deps.cases.get(data.groupId, data.caseId);
  const unbound = await refuseUnbound(deps, turn, boundCase(before));
  if (unbound) return unbound;
  const ticked = Object.entries(data).filter(([k, v]) => k.startsWith('item_') && (v === true || v === 'true')).map(([k]) => k.slice(5));
  const result = await deps.lifecycles.change(caseActor(turn), data.groupId, data.caseId, data.step, ticked, complete);
  if (!result.ok) return refused(refusalText(lang, data.caseId, result.reason, complete ? 'lifecycleComplete' : 'lifecycleCheck'));
  const { caseFile: c, handbook, outcome } = result;
  if (outcome.kind === 'stale') return { kind: 'card', card: lifecycleCard(lang, c, handbook, caseTexts(lang).staleStep, false) };
  const { status, ok } = lifecycleStatus(lang, c, outcome);
  if (turn.where.kind !== 'personal') deps.channel.updatePressed(turn, await groupIdOf(deps, turn), boundCase(before), lifecycleCard(await groupLang(deps, c.groupId), c, handbook));
  return { kind: 'card', card: lifecycleCard(lang, c, handbook, status, ok) };
}

/** "Spara checklista". */
export function saveChecklist(deps: CasesDeps, turn: Turn, data: z.infer<typeof lifecycleData>): Promise<InvokeAnswer> {
  return changeLifecycle(deps, turn, data, false);
}

/** "Slutför steget". */
export function completeLifecycleStep(deps: CasesDeps, turn: Turn, data: z.infer<typeof lifecycleData>): Promise<InvokeAnswer> {
  return changeLifecycle(deps, turn, data, true);
}
