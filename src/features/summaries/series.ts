import { DateTime } from 'luxon';
import { parseIsoWeek, type IsoWeek } from './iso-week';
import type { SectionFigures, SummaryCategory } from './model';
import type { SummarySource } from './sources';

/** How many ISO weeks the trend chart of the weekly summary shows (the report week included). */
export const TREND_WEEKS = 12;

/** One cell of the weekly series: new situation updates of one group, area, category and ISO week. */
export interface WeeklyCount {
  groupId: string;
  /** The area as the update named it (matched against the registered areas by the summary). */
  area: string;
  category: SummaryCategory;
  /** `2026-W10`. */
  week: string;
  count: number;
}

/**
 * Where the weekly series come from. The updates feature implements it with one query per group for
 * the whole range; a read model (issue 17) can implement the same interface without touching the summary.
 */
export interface WeeklySeriesSource {
  /** Counts per group, area, category and week for `weeks` (consecutive, oldest first); zeros may be left out. */
  read(groupIds: readonly string[], weeks: readonly IsoWeek[]): Promise<WeeklyCount[]>;
}

/** The `n` ISO weeks ending with `last` (oldest first). */
export function weeksEnding(last: IsoWeek, n: number): IsoWeek[] {
  const out: IsoWeek[] = [];
  let start = DateTime.fromISO(last.start, { zone: last.timezone });
  for (let i = 0; i < n; i++) {
    const key = `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`;
    out.unshift(parseIsoWeek(key, last.timezone)!);
    start = start.minus({ weeks: 1 });
  }
  return out;
}

/** The ISO week key (`2026-W10`) of a Stockholm calendar day (`yyyy-MM-dd`) in `timezone`. */
export function weekKeyOfDay(day: string, timezone: string): string {
  const d = DateTime.fromISO(day, { zone: timezone });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/**
 * The trends section: the last `TREND_WEEKS` weeks up to the report week, per registered area and
 * category. Reads through `WeeklySeriesSource` only; rows are summed over the groups in scope.
 */
export function trendsSummarySource(series: WeeklySeriesSource, weeks = TREND_WEEKS): SummarySource<'trends'> {
  return {
    section: 'trends',
    async read(scope): Promise<SectionFigures<'trends'>> {
      const range = weeksEnding(scope.week, weeks);
      const index = new Map(range.map((w, i) => [w.key, i]));
      const registered = new Map<string, string>();
      for (const g of scope.groups) for (const a of g.areas) registered.set(a.toLowerCase(), a);
      const rows = new Map<string, { area: string; category: SummaryCategory; counts: number[] }>();
      for (const c of await series.read(scope.groupIds, range)) {
        const area = registered.get(c.area.toLowerCase());
        const i = index.get(c.week);
        if (!area || i === undefined || c.count <= 0) continue;
        const key = `${area}\u0000${c.category}`;
        const row = rows.get(key) ?? { area, category: c.category, counts: range.map(() => 0) };
        row.counts[i] += c.count;
        rows.set(key, row);
      }
      const sorted = [...rows.values()].sort((a, b) => a.area.localeCompare(b.area, 'sv') || a.category.localeCompare(b.category));
      return { kind: 'trends', weeks: range.map((w) => w.key), rows: sorted.slice(0, 300) };
    }
  };
}
