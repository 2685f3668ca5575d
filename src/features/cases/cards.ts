import { DateTime } from 'luxon';
import { dateOfInstant } from '../../calendar';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { caseTexts } from '../../i18n/cases';
import { labelTexts } from '../../i18n/groups';
import { SCOPE_AGENCIES, visibleObservations, type Disclosure } from '../../privacy/consent-policy';
import { AGENCIES } from '../groups/model';
import type { Handbook } from './handbook';
import { countsByAgency, type CaseFile } from './model';
import type { NextStep } from './next-step';
import { STOCKHOLM } from '../../time-zone';

/** Card verbs of the cases feature, shared by the card models and the handlers. */
export const CASE_VERBS = {
  create: 'cases.create',
  view: 'cases.view',
  observe: 'cases.observe',
  consent: 'cases.consent',
  check: 'cases.check',
  complete: 'cases.complete',
  exportLog: 'cases.exportLog'
} as const;

const ZONE = STOCKHOLM;

/** Teams allows at most 60 user ids in a card's refresh. */
export const MAX_REFRESH_USERS = 60;

/** Drops a `refresh` the template left empty, so no card carries `"refresh": null`. */
function clean(card: AdaptiveCard): AdaptiveCard {
  if (card.refresh === null || card.refresh === undefined) delete card.refresh;
  return card;
}

export function agencyLabel(lang: Lang, agency: string): string {
  const labels = labelTexts(lang) as Record<string, string>;
  return labels[agency] ?? agency;
}

/** The reason a view is withheld, in words ("samtycket omfattar inte polis"). */
export function reasonText(lang: Lang, d: Disclosure): string {
  return caseTexts(lang).reason(d.reason, d.decision === 'withhold' && d.agency ? agencyLabel(lang, d.agency).toLowerCase() : '');
}

/** The Stockholm date of an instant (a consent's end), as `yyyy-MM-dd`. */
export function dateText(iso: string): string {
  return dateOfInstant(iso, ZONE);
}

function stepTitle(handbook: Handbook, c: CaseFile, lang: Lang): string {
  if (c.status === 'closed') return caseTexts(lang).statusClosed;
  return handbook.steps.find((s) => s.id === c.lifecycle.step)?.title ?? c.lifecycle.step;
}

export function newCaseCard(lang: Lang, error = ''): AdaptiveCard {
  const t = caseTexts(lang);
  return renderCard('case-new', {
    t: { title: t.newTitle, intro: t.newIntro, name: t.name, birthYear: t.birthYear, area: t.area, concern: t.concern, submit: t.create, required: t.required },
    error,
    verb: CASE_VERBS.create
  }, lang);
}

/**
 * The case card safe for everyone: pseudonym, status, step and observation counts per agency, a
 * "Visa detaljer" button and, when given, a refresh for the users the policy allows. Never details.
 */
export function summaryCard(lang: Lang, c: CaseFile, handbook: Handbook, notice = '', userIds: string[] = [], noticeColor: 'Default' | 'Good' | 'Attention' | 'Warning' = 'Default'): AdaptiveCard {
  const t = caseTexts(lang);
  const counts = countsByAgency(c);
  return clean(
    renderCard('case-summary', {
      t: { title: t.caseTitle(c.id), status: t.status, step: t.step, observations: t.observations, noObservations: t.noObservations, showDetails: t.showDetails },
      notice,
      noticeColor,
      status: c.status === 'open' ? t.statusOpen : t.statusClosed,
      step: stepTitle(handbook, c, lang),
      counts: AGENCIES.filter((a) => counts[a] > 0).map((a) => ({ agency: agencyLabel(lang, a), count: String(counts[a]) })),
      groupId: c.groupId,
      caseId: c.id,
      viewVerb: CASE_VERBS.view,
      userIds: userIds.slice(0, MAX_REFRESH_USERS)
    }, lang)
  );
}

/**
 * The withheld view: the summary with why details are not shown, and the next step when given (only
 * members of the owning group get one: see `consentNextStep`).
 */
export function withheldCard(lang: Lang, c: CaseFile, handbook: Handbook, d: Disclosure, userIds: string[] = [], next?: NextStep): AdaptiveCard {
  const why = caseTexts(lang).withheldPrefix + reasonText(lang, d);
  return summaryCard(lang, c, handbook, next ? `${why}. ${nextStepText(lang, c.id, next)}` : why, userIds, 'Warning');
}

/** The next step after a consent refusal, in words. */
export function nextStepText(lang: Lang, pseudonym: string, next: NextStep): string {
  const t = caseTexts(lang);
  const agency = next.agency ? agencyLabel(lang, next.agency).toLowerCase() : undefined;
  if (next.kind === 'wait') return t.nextStepWait;
  if (next.kind === 'register') return agency ? t.nextStepRegisterAgency(pseudonym, agency) : t.nextStepRegister(pseudonym);
  return agency ? t.nextStepAskAgency(pseudonym, agency) : t.nextStepAsk(pseudonym);
}

/**
 * What personal chat stores for a case: the summary (no details) with a refresh for the viewer alone, so
 * Teams fetches the details through the refresh invoke, which the policy decides afresh every time.
 */
export function personalCaseCard(lang: Lang, c: CaseFile, handbook: Handbook, viewerTeamsUserId: string): AdaptiveCard {
  return summaryCard(lang, c, handbook, caseTexts(lang).detailsOnRefresh, viewerTeamsUserId ? [viewerTeamsUserId] : []);
}

/**
 * The details a reveal allows, for one viewer only (invoke answer, refresh or personal chat). Only
 * observations from agencies inside the consent's scope; the refresh re-checks the policy on every view.
 */
export function detailsCard(lang: Lang, c: CaseFile, handbook: Handbook, d: Disclosure & { decision: 'reveal' }, viewerTeamsUserId: string): AdaptiveCard {
  const t = caseTexts(lang);
  const details = c.details!;
  const consent = c.consents.find((k) => k.id === d.consentId);
  const shown = visibleObservations(c.observations, d);
  const hiddenAgencies = [...new Set(c.observations.filter((o) => !shown.includes(o)).map((o) => agencyLabel(lang, o.agency).toLowerCase()))];
  return clean(
    renderCard('case-details', {
      t: { title: t.detailsTitle(c.id), name: t.name, birthYear: t.birthYear, area: t.area, concern: t.concern, status: t.status, step: t.step, observations: t.observations, noObservations: t.noObservations },
      details: { name: details.name, birthYear: String(details.birthYear), area: details.area, concern: details.concern },
      status: c.status === 'open' ? t.statusOpen : t.statusClosed,
      step: stepTitle(handbook, c, lang),
      consentLine: consent ? t.consentLine(dateText(consent.validUntil), SCOPE_AGENCIES.filter((a) => consent.scope.includes(a)).map((a) => agencyLabel(lang, a).toLowerCase()).join(', ')) : '',
      observations: shown.map((o) => ({ heading: `${agencyLabel(lang, o.agency)} · ${o.date}`, text: o.text ?? '' })),
      hidden: hiddenAgencies.length > 0 ? t.hiddenAgencies(hiddenAgencies.join(', ')) : '',
      groupId: c.groupId,
      caseId: c.id,
      viewVerb: CASE_VERBS.view,
      userIds: viewerTeamsUserId ? [viewerTeamsUserId] : []
    }, lang)
  );
}

export function observationCard(lang: Lang, c: CaseFile, agency: string, now: Date, error = ''): AdaptiveCard {
  const t = caseTexts(lang);
  return renderCard('case-observation', {
    t: { title: t.observationTitle(c.id), intro: t.observationIntro(agencyLabel(lang, agency).toLowerCase()), date: t.date, text: t.observationText, save: t.save, required: t.required },
    error,
    today: DateTime.fromJSDate(now, { zone: ZONE }).toISODate() ?? '',
    verb: CASE_VERBS.observe,
    groupId: c.groupId,
    caseId: c.id
  }, lang);
}

/**
 * The consent form. `active` states the consent in force (empty when none); then the form asks whether
 * the new consent replaces it (default: it does).
 */
export function consentCard(lang: Lang, c: CaseFile, now: Date, defaultMonths: number, error = '', active = ''): AdaptiveCard {
  const t = caseTexts(lang);
  const today = DateTime.fromJSDate(now, { zone: ZONE });
  return renderCard('case-consent', {
    t: {
      title: t.consentTitle(c.id), intro: t.consentIntro, guardiansWithCustody: t.guardiansWithCustody, guardiansSigned: t.guardiansSigned,
      youthSigned: t.youthSigned, matureEnough: t.matureEnough, scope: t.scope, signedAt: t.signedAt, validUntil: t.validUntil,
      archiveRef: t.archiveRef, register: t.register, required: t.required, replaces: t.replacesToggle
    },
    error,
    active,
    agencies: SCOPE_AGENCIES.map((a) => ({ value: a, title: agencyLabel(lang, a) })),
    today: today.toISODate() ?? '',
    defaultUntil: today.plus({ months: defaultMonths }).toISODate() ?? '',
    verb: CASE_VERBS.consent,
    groupId: c.groupId,
    caseId: c.id
  }, lang);
}

export function lifecycleCard(lang: Lang, c: CaseFile, handbook: Handbook, status = '', ok = true): AdaptiveCard {
  const t = caseTexts(lang);
  const open = c.status === 'open';
  const step = handbook.steps.find((s) => s.id === c.lifecycle.step);
  const checked = c.lifecycle.checked[c.lifecycle.step] ?? [];
  return renderCard('case-lifecycle', {
    t: { title: t.lifecycleTitle(c.id), current: t.currentStep(step?.title ?? ''), save: t.saveChecklist, complete: t.completeStep },
    status,
    statusColor: ok ? 'Good' : 'Attention',
    steps: handbook.steps.map((s) => ({
      title: s.title,
      state: c.lifecycle.completed.some((x) => x.step === s.id) ? `✔ ${t.stepDone}` : s.id === c.lifecycle.step && open ? '▶' : '–'
    })),
    open: open && !!step,
    items: open && step ? step.items.map((i) => ({ inputId: `item_${i.id}`, text: i.text + (i.required ? t.requiredMark : ''), value: checked.includes(i.id) ? 'true' : 'false' })) : [],
    groupId: c.groupId,
    caseId: c.id,
    step: c.lifecycle.step,
    checkVerb: CASE_VERBS.check,
    completeVerb: CASE_VERBS.complete
  }, lang);
}

export function exportCard(lang: Lang, url: string): AdaptiveCard {
  const t = caseTexts(lang);
  return renderCard('case-export', { t: { title: t.exportCsv, ready: t.exportReady, download: t.download }, url }, lang);
}

export function retentionCard(lang: Lang, model: { due: string; last: string; rules: string }): AdaptiveCard {
  return renderCard('case-retention', { t: { title: caseTexts(lang).retentionTitle }, ...model }, lang);
}
