import { DateTime } from 'luxon';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { summaryTexts, trendTexts } from '../../i18n/summaries';
import type { SectionFigures, SummarySection, WeeklySummary } from './model';
import { summarySentences } from './sentences';
import { isSmall, suppressTrends, type TrendView } from './small-numbers';
import { trendBlockModel } from './trends-card';

/** Card verbs of the summaries feature, shared by the card models and the handlers. */
export const SUMMARY_VERBS = {
  resend: 'summaries.resend',
  saveSettings: 'summaries.saveSettings'
} as const;

interface Fact {
  title: string;
  value: string;
}
interface Block {
  heading: string;
  note: string;
  facts: Fact[];
}

const TREND_ARROW = { rising: '↑', unchanged: '→', falling: '↓' } as const;

/** The fact blocks of one section (the trends section has its own chart block). */
function sectionBlocks(s: SummarySection, t: ReturnType<typeof summaryTexts>, count: (n: number) => string): Block[] {
  switch (s.kind) {
    case 'trends':
      return [];
    case 'groups':
      return [{
        heading: t.groupsHeading,
        note: '',
        facts: [
          { title: t.sspfGroups, value: String(s.sspfGroups) },
          { title: t.areas, value: String(s.areas) },
          { title: t.members, value: String(s.members) }
        ]
      }];
    case 'updates':
      return [{
        heading: t.updatesHeading,
        note: s.rows.length === 0 ? t.noUpdates : '',
        facts: s.rows.map((r) => ({
          title: `${r.area} · ${t[`cat_${r.category}`]}`,
          value: `${count(r.count)} ${TREND_ARROW[r.trend]} ${t[`trend_${r.trend}`]}`
        }))
      }];
    case 'actions':
      return [{
        heading: t.actionsHeading,
        note: '',
        facts: [
          { title: t.proposed, value: String(s.proposed) },
          { title: t.approved, value: String(s.approved) },
          { title: t.done, value: String(s.done) },
          { title: t.overdue, value: String(s.overdue) }
        ]
      }];
    case 'meetings':
      return [{
        heading: t.meetingsHeading,
        note: '',
        facts: [
          { title: t.held, value: String(s.held) },
          { title: t.upcoming, value: String(s.upcoming) }
        ]
      }];
    case 'consents':
      return [{ heading: t.consentsHeading, note: '', facts: [{ title: t.expiring, value: String(s.expiringWithin30Days) }] }];
    case 'promises':
      return [{
        heading: t.promisesHeading,
        note: s.items.length === 0 ? t.noPromises : '',
        facts: s.items.map((p) => ({ title: p.title ?? t.promise(p.number), value: t.promiseProgress(p.actionsDone, p.actionsTotal) }))
      }];
  }
}

/** The card model of a weekly summary: every text comes from the figures and the i18n table. */
export function weeklySummaryCardModel(summary: WeeklySummary, lang: Lang, groupName: string, options: { preview?: boolean; notice?: string } = {}) {
  const t = summaryTexts(lang);
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const start = DateTime.fromISO(summary.week.start, { zone: summary.week.timezone }).setLocale(locale);
  const last = DateTime.fromISO(summary.week.end, { zone: summary.week.timezone }).minus({ days: 1 }).setLocale(locale);
  const threshold = summary.smallNumberThreshold;
  const count = (n: number) => (isSmall(n, threshold) ? trendTexts(lang).fewerThan(threshold ?? 0) : String(n));
  const trends = summary.sections.find((s): s is SectionFigures<'trends'> => s.kind === 'trends');
  const view: TrendView | undefined = trends && suppressTrends(trends, threshold);
  const blocks: Block[] = summary.sections.flatMap((s) => sectionBlocks(s, t, count));
  return {
    title: t.title(summary.week.week, summary.week.year),
    period: t.period(start.toFormat('d LLL'), last.toFormat('d LLL yyyy'), groupName),
    preview: options.preview ? t.preview : '',
    sentencesHeading: trendTexts(lang).changedHeading,
    sentences: summary.sections.length === 0 ? [] : summarySentences(summary.sections, view, lang, summary.notable).map((line) => ({ line })),
    trend: view && view.series.length > 0 ? { show: true, heading: trendTexts(lang).heading, ...trendBlockModel(view, lang) } : { show: false },
    blocks,
    empty: blocks.length === 0 ? t.empty : '',
    notice: options.notice ?? '',
    footer: t.footer
  };
}

/** Renders the weekly summary card (the one posted to groups, and the coordinator's preview). */
export function weeklySummaryCard(summary: WeeklySummary, lang: Lang, groupName: string, options: { preview?: boolean; notice?: string } = {}): AdaptiveCard {
  return renderCard('weekly-summary', weeklySummaryCardModel(summary, lang, groupName, options), lang);
}
