import { DateTime } from 'luxon';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { caseLogTexts, caseTexts } from '../../i18n/cases';
import type { AuditEntry } from '../../privacy/audit';
import { CASE_VERBS, agencyLabel } from './cards';
import type { Handbook } from './handbook';
import { STOCKHOLM } from '../../time-zone';

const ZONE = STOCKHOLM;

/** One log entry as the card shows it: three short lines, so it reads at 344 px. */
export interface LogRow {
  head: string;
  what: string;
  why: string;
}

/** Withhold and identity reasons the consent texts already word (`caseTexts().reason`). */
const VIEW_REASONS = new Set([
  'unregistered', 'otherTenant', 'notMember', 'guest', 'unknownCase', 'postedMessage', 'detailsDeleted', 'noConsent',
  'consentRevoked', 'consentExpired', 'consentNotYetValid', 'consentIncomplete', 'scopeExcludesAgency', 'error'
]);

/**
 * Why an entry was decided, in words; '' when the first line says it all. Codes are never shown: an
 * unknown one gives ''.
 */
export function reasonLine(lang: Lang, e: AuditEntry, handbook?: Handbook): string {
  const t = caseLogTexts(lang);
  const [code, arg = ''] = e.reason.split(/:(.*)/s);
  const step = (id: string) => handbook?.steps.find((s) => s.id === id)?.title ?? id;
  if (e.decision === 'reveal') return (e.agencies ?? []).length > 0 ? t.covers((e.agencies ?? []).map((a) => agencyLabel(lang, a).toLowerCase()).join(', ')) : '';
  if (code === 'postedMessage') return t.postedWithoutDetails;
  if (VIEW_REASONS.has(code) && e.decision !== 'allowed') return t.why(caseTexts(lang).reason(code, agencyLabel(lang, e.viewerAgency ?? '').toLowerCase()));
  if (code === 'incomplete') return t.why(arg.split('+').map((p) => caseTexts(lang).consentProblem(p)).join('; '));
  if (code === 'checked') return t.stepChecked(step(arg));
  if (code === 'completed') return t.stepCompleted(step(arg));
  if (code === 'requiredOpen') return t.requiredOpen(step(arg));
  if (code === 'registered' && arg === 'replaces') return t.replaces;
  if (code === 'ersatt') return t.superseded;
  if (code === 'deleted') {
    const n = Object.fromEntries(arg.split(',').map((kv) => kv.split('=')));
    return t.deleted(n.details ?? '0', n.consents ?? '0', n.audit ?? '0');
  }
  const refusal = t.refusal(code);
  return refusal ? t.why(refusal) : '';
}

/** An audit entry in the reader's language: when and who, what happened where, and why. */
export function logRow(lang: Lang, e: AuditEntry, names: ReadonlyMap<string, string>, handbook?: Handbook): LogRow {
  const t = caseLogTexts(lang);
  const who = e.actorAadObjectId === 'system' ? t.place('system') : (names.get(e.actorAadObjectId) ?? e.actorAadObjectId);
  const agency = e.viewerAgency ? ` (${agencyLabel(lang, e.viewerAgency).toLowerCase()})` : '';
  const ok = e.decision === 'reveal' || e.decision === 'allowed' || (e.action === 'summary' && e.reason === 'postedMessage');
  const place = t.place(e.via === 'execute' || e.via === 'command' ? e.conversationType : e.via);
  return {
    head: `${DateTime.fromISO(e.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')} · ${who}${agency}`,
    what: [ok ? t.done(e.action) : t.notDone(e.action), place].filter(Boolean).join(' · '),
    why: reasonLine(lang, e, handbook)
  };
}

/** The log of one case: staff names may appear (never in logs); no case details are in audit entries. */
export function logCard(lang: Lang, pseudonym: string, groupId: string, entries: readonly AuditEntry[], names: ReadonlyMap<string, string>, handbook?: Handbook): AdaptiveCard {
  const t = caseTexts(lang);
  return renderCard('case-log', {
    t: { title: t.logTitle(pseudonym), empty: t.logEmpty, export: t.exportCsv },
    entries: entries.slice(-100).map((e) => logRow(lang, e, names, handbook)),
    exportVerb: CASE_VERBS.exportLog,
    groupId
  }, lang);
}
