import { DateTime } from 'luxon';
import type { Lang } from '../../i18n';
import { summaryTexts, trendTexts } from '../../i18n/summaries';
import type { SectionFigures, SummaryCategory, SummarySection } from './model';
import type { TrendView } from './small-numbers';

/** When a week's count is a notable change: at least max(`min`, `percent` % of the mean) from the mean of the 4 weeks before. */
export interface NotableRule {
  min: number;
  percent: number;
}

/** The default rule: at least max(3, 50 %). `src/config.ts` can change it. */
export const DEFAULT_NOTABLE: NotableRule = { min: 3, percent: 50 };

/** Weeks the mean a change is measured against covers. */
export const BASELINE_WEEKS = 4;

/** At most this many sentences open the summary. */
export const MAX_SENTENCES = 5;

/** A category whose last week differs notably from the mean of the weeks before. */
export interface NotableChange {
  category: SummaryCategory;
  count: number;
  mean: number;
  direction: 'rose' | 'fell';
}

/**
 * The notable changes of the report week (the series' last point) against the mean of the 4 weeks
 * before. A category is judged only when all five figures are shown: a hidden figure is never used.
 */
export function notableChanges(view: TrendView, rule: NotableRule = DEFAULT_NOTABLE): NotableChange[] {
  const last = view.weeks.length - 1;
  if (last < BASELINE_WEEKS) return [];
  const out: NotableChange[] = [];
  for (const s of view.series) {
    const window = s.totals.slice(last - BASELINE_WEEKS, last + 1);
    if (window.some((x) => x.hidden)) continue;
    const values = window.map((x) => (x.hidden ? 0 : x.value));
    const count = values[BASELINE_WEEKS];
    const mean = values.slice(0, BASELINE_WEEKS).reduce((a, b) => a + b, 0) / BASELINE_WEEKS;
    const needed = Math.max(rule.min, (rule.percent / 100) * mean);
    if (Math.abs(count - mean) >= needed) out.push({ category: s.category, count, mean, direction: count > mean ? 'rose' : 'fell' });
  }
  return out.sort((a, b) => Math.abs(b.count - b.mean) - Math.abs(a.count - a.mean) || a.category.localeCompare(b.category));
}

function formatMean(mean: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(mean);
}

function list(items: string[], lang: Lang): string {
  const and = trendTexts(lang).and;
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}` : items[0];
}

function trendSentences(view: TrendView | undefined, lang: Lang, rule: NotableRule): string[] {
  const t = trendTexts(lang);
  const labels = summaryTexts(lang);
  if (!view || view.series.every((s) => s.totals.every((x) => !x.hidden && x.value === 0))) return [t.noUpdates];
  const changes = notableChanges(view, rule).slice(0, 2);
  if (changes.length > 0) {
    return changes.map((c) => t[c.direction](labels[`cat_${c.category}`], c.count, formatMean(c.mean, lang)));
  }
  const judged = view.series.some((s) => s.totals.slice(-BASELINE_WEEKS - 1).every((x) => !x.hidden));
  return [judged ? t.steady : t.tooFew];
}

function actionSentences(actions: SectionFigures<'actions'> | undefined, lang: Lang): string[] {
  if (!actions) return [];
  const t = trendTexts(lang);
  const named = (state: 'new' | 'overdue') =>
    (actions.items ?? []).filter((i) => i.state === state).slice(0, 3).map((i) => (i.area ? `${i.title} (${i.area})` : i.title));
  const out: string[] = [];
  const fresh = named('new');
  const overdue = named('overdue');
  if (fresh.length > 0) out.push(t.newActions(list(fresh, lang)));
  if (overdue.length > 0) out.push(t.overdueActions(list(overdue, lang)));
  else out.push(actions.overdue > 0 ? t.overdueCount(actions.overdue) : t.noOverdue);
  if (actions.indicated && (actions.indicated.new > 0 || actions.indicated.overdue > 0)) out.push(t.indicated(actions.indicated.new, actions.indicated.overdue));
  return out;
}

function decisionSentence(actions: SectionFigures<'actions'> | undefined, lang: Lang): string[] {
  return actions?.waitingDecision ? [trendTexts(lang).waiting(actions.waitingDecision)] : [];
}

function meetingSentence(meetings: SectionFigures<'meetings'> | undefined, lang: Lang): string[] {
  if (!meetings) return [];
  const t = trendTexts(lang);
  if (!meetings.next) return meetings.upcoming === 0 ? [t.noMeeting] : [];
  const date = DateTime.fromISO(meetings.next.date).setLocale(lang === 'sv' ? 'sv-SE' : 'en-GB').toFormat('d LLLL');
  return [t.nextMeeting(date, meetings.next.time, meetings.next.title)];
}

function promiseSentence(promises: SectionFigures<'promises'> | undefined, lang: Lang): string[] {
  if (!promises || promises.items.length === 0) return [];
  const t = trendTexts(lang);
  const labels = summaryTexts(lang);
  const items = promises.items.slice(0, 3).map((p) => t.promiseItem(p.title ?? labels.promise(p.number), p.actionsDone, p.actionsTotal));
  return [t.promises(items.join('; '))];
}

/**
 * Three to five sentences that open the weekly summary, by fixed rules from the validated figures (no
 * language model): notable rises and falls, new and overdue actions (titles only for generell and
 * selektiv; indikerad as counts), decisions waiting, the next meeting (date, time, title; never the
 * agenda) and citizen promises with progress. It reads only the figures on the card, after suppression.
 */
export function summarySentences(sections: readonly SummarySection[], view: TrendView | undefined, lang: Lang, rule: NotableRule = DEFAULT_NOTABLE): string[] {
  const of = <K extends SummarySection['kind']>(kind: K) => sections.find((s) => s.kind === kind) as SectionFigures<K> | undefined;
  const topics = [
    trendSentences(view, lang, rule),
    actionSentences(of('actions'), lang),
    decisionSentence(of('actions'), lang),
    meetingSentence(of('meetings'), lang),
    promiseSentence(of('promises'), lang)
  ];
  // Each topic keeps its first sentence before any topic gets a second, so the cap never drops a topic.
  const keep = topics.map((t) => Math.min(t.length, 1));
  let room = MAX_SENTENCES - keep.reduce((a, b) => a + b, 0);
  for (let i = 0; i < topics.length && room > 0; i++) {
    const extra = Math.min(room, topics[i].length - keep[i]);
    keep[i] += extra;
    room -= extra;
  }
  return topics.flatMap((t, i) => t.slice(0, keep[i]));
}
