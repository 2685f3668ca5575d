import type { SectionFigures, SummaryCategory } from './model';

/** A figure on the card: its value, or `hidden` when it is a small number or would reveal one. */
export type Shown = { hidden: false; value: number } | { hidden: true };

/** The series of one category, summed over the areas, one figure per week. */
export interface CategorySeries {
  category: SummaryCategory;
  totals: Shown[];
}

/** The trend figures a card may show, after small-number suppression. */
export interface TrendView {
  weeks: string[];
  /** Per area and category, one figure per week (the report week's are the summary's update rows). */
  cells: Array<{ area: string; category: SummaryCategory; counts: Shown[] }>;
  /** Per category, summed over the areas, one figure per week; categories without any update left out. */
  series: CategorySeries[];
  /** Whether anything was hidden (the card then explains the gaps). */
  suppressed: boolean;
  /** The threshold applied; undefined: exact counts (an SSPF group's own picture). */
  threshold?: number;
}

const shown = (value: number): Shown => ({ hidden: false, value });
const HIDDEN: Shown = { hidden: true };

/** Whether a count is a small number: from 1 to `threshold - 1` (0 is never hidden: nothing happened). */
export function isSmall(value: number, threshold: number | undefined): boolean {
  return threshold !== undefined && value >= 1 && value < threshold;
}

/**
 * Applies small-number suppression to the trends section. Pure. A cell (area × category × week) from
 * 1 to threshold − 1 is hidden; a sum shown on the card (a category's week total, "other categories")
 * is hidden when it is small itself or when any part of it is hidden, so no hidden cell can be
 * recovered by subtracting the figures shown next to it (complementary suppression on the total).
 * What stays visible is then a sum of visible cells only, and tells nothing about a hidden one.
 */
export function suppressTrends(trends: SectionFigures<'trends'>, threshold: number | undefined): TrendView {
  const cells = trends.rows.map((r) => ({
    area: r.area,
    category: r.category,
    counts: r.counts.map((v) => (isSmall(v, threshold) ? HIDDEN : shown(v)))
  }));
  const categories = [...new Set(trends.rows.map((r) => r.category))];
  const series = categories.map((category): CategorySeries => {
    const rows = trends.rows.filter((r) => r.category === category);
    const own = cells.filter((c) => c.category === category);
    const totals = trends.weeks.map((_, w) => {
      const sum = rows.reduce((n, r) => n + r.counts[w], 0);
      const partHidden = own.some((c) => c.counts[w].hidden);
      return partHidden || isSmall(sum, threshold) ? HIDDEN : shown(sum);
    });
    return { category, totals };
  });
  const suppressed = cells.some((c) => c.counts.some((x) => x.hidden)) || series.some((s) => s.totals.some((x) => x.hidden));
  return { weeks: trends.weeks, cells, series, suppressed, threshold };
}

/**
 * Sums several series week by week ("other categories" on a narrow chart): a week's sum is hidden when
 * any part is hidden, or when the sum itself is a small number.
 */
export function sumSeries(series: readonly CategorySeries[], weeks: number, threshold: number | undefined): Shown[] {
  return Array.from({ length: weeks }, (_, w) => {
    let sum = 0;
    for (const s of series) {
      const x = s.totals[w];
      if (x.hidden) return HIDDEN;
      sum += x.value;
    }
    return isSmall(sum, threshold) ? HIDDEN : shown(sum);
  });
}
