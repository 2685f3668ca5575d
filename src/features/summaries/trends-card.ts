import type { Lang } from '../../i18n';
import { summaryTexts, trendTexts } from '../../i18n/summaries';
import { sumSeries, type Shown, type TrendView } from './small-numbers';

/** At most this many lines on a chart: readable at 344 px; the smaller categories are summed as "others". */
export const MAX_SERIES = 4;

/** One line of the chart and of its fallback: a legend and one figure per week. */
export interface ChartSeries {
  legend: string;
  figures: Shown[];
}

/** The trend block of a card: a `Chart.Line`, its fallback with the same numbers, and key figures as text. */
export interface TrendBlockModel {
  chartTitle: string;
  xAxisTitle: string;
  yAxisTitle: string;
  /** `Chart.Line` data: hidden figures are left out of `values` (a gap), never drawn as 0. */
  lines: Array<{ legend: string; values: Array<{ x: string; y: number }> }>;
  /** The fallback: one fact per week with every series' figure (hidden ones as "fewer than N"). */
  table: Array<{ title: string; value: string }>;
  keyFigures: string;
  gapNote: string;
}

/**
 * The series the chart draws: the `MAX_SERIES - 1` largest categories and "others", or every category
 * when there are at most `MAX_SERIES`. Largest by their visible total over the weeks.
 */
export function chartSeries(view: TrendView, lang: Lang): ChartSeries[] {
  const labels = summaryTexts(lang);
  const size = (figures: Shown[]) => figures.reduce((n, x) => n + (x.hidden ? 0 : x.value), 0);
  const ranked = [...view.series].sort((a, b) => size(b.totals) - size(a.totals) || a.category.localeCompare(b.category));
  const named = ranked.length <= MAX_SERIES ? ranked : ranked.slice(0, MAX_SERIES - 1);
  const out: ChartSeries[] = named.map((s) => ({ legend: labels[`cat_${s.category}`], figures: s.totals }));
  if (ranked.length > MAX_SERIES) {
    out.push({ legend: trendTexts(lang).others, figures: sumSeries(ranked.slice(MAX_SERIES - 1), view.weeks.length, view.threshold) });
  }
  return out;
}

function weekNumber(key: string): number {
  return Number(key.slice(-2));
}

/** The trend block's model (chart, fallback, key figures), from the suppressed view. Pure. */
export function trendBlockModel(view: TrendView, lang: Lang): TrendBlockModel {
  const t = trendTexts(lang);
  const series = chartSeries(view, lang);
  const label = (i: number) => t.weekLabel(weekNumber(view.weeks[i]));
  const text = (x: Shown) => (x.hidden ? t.fewerThan(view.threshold ?? 0) : String(x.value));
  const all = sumSeries(view.series, view.weeks.length, view.threshold);
  const last = view.weeks.length - 1;
  return {
    chartTitle: t.chartTitle(view.weeks.length),
    xAxisTitle: t.xAxis,
    yAxisTitle: t.yAxis,
    lines: series.map((s) => ({
      legend: s.legend,
      values: s.figures.flatMap((x, i) => (x.hidden ? [] : [{ x: label(i), y: x.value }]))
    })),
    table: view.weeks.map((_, i) => ({ title: label(i), value: series.map((s) => `${s.legend} ${text(s.figures[i])}`).join(' · ') || '0' })),
    keyFigures: t.keyFigures(weekNumber(view.weeks[last]), text(all[last]), last > 0 ? text(all[last - 1]) : '0'),
    gapNote: view.suppressed && view.threshold ? t.gapNote(view.threshold) : ''
  };
}
