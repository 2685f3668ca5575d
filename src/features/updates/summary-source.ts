import { DateTime } from 'luxon';
import type { SummarySource } from '../summaries/sources';
import type { SummaryCategory } from '../summaries/model';
import { dominantTrendOfRows, type PictureRow } from './picture';
import type { Category, Trend } from './model';
import type { UpdateRepository } from './update-repository';
import { STOCKHOLM } from '../../time-zone';

/** How an update category is counted in the weekly summary. */
export const SUMMARY_CATEGORY: Record<Category, SummaryCategory> = {
  narkotika: 'narkotika',
  vald: 'vald',
  skadegorelse: 'skadegorelse',
  rekrytering: 'rekrytering',
  otrygg_plats: 'otrygga_platser',
  skolfranvaro: 'franvaro',
  alkohol: 'ovrigt',
  annat: 'ovrigt'
};

const TREND = { okande: 'rising', oforandrad: 'unchanged', minskande: 'falling' } as const satisfies Record<Trend, string>;

/**
 * The weekly summary's updates section: active updates observed in the week, per registered area and
 * category, with the dominant trend. Counts and labels only; the text never leaves the updates feature.
 * Read from the situation picture's month views: one or two point reads per group, no query.
 */
export function updatesSummarySource(updates: Pick<UpdateRepository, 'pictureRows'>): SummarySource<'updates'> {
  return {
    section: 'updates',
    async read(scope) {
      const zone = STOCKHOLM;
      const from = DateTime.fromISO(scope.week.start, { zone }).toISODate()!;
      const to = DateTime.fromISO(scope.week.end, { zone }).minus({ days: 1 }).toISODate()!;
      const registered = new Map<string, string>();
      for (const g of scope.groups) for (const a of g.areas) registered.set(a.toLowerCase(), a);
      const lists = await Promise.all(scope.groupIds.map((id) => updates.pictureRows(id, { from, to })));
      const cells = new Map<string, { area: string; category: SummaryCategory; rows: PictureRow[] }>();
      for (const r of lists.flatMap((l) => l.rows)) {
        const area = registered.get(r.area.toLowerCase());
        if (!area) continue;
        const category = SUMMARY_CATEGORY[r.category];
        const key = `${area}\u0000${category}`;
        const cell = cells.get(key) ?? { area, category, rows: [] };
        cell.rows.push(r);
        cells.set(key, cell);
      }
      const rows = [...cells.values()]
        .map((c) => ({ area: c.area, category: c.category, count: c.rows.reduce((n, r) => n + r.count, 0), trend: TREND[dominantTrendOfRows(c.rows).trend ?? 'oforandrad'] }))
        .sort((a, b) => a.area.localeCompare(b.area, 'sv') || a.category.localeCompare(b.category));
      return { kind: 'updates', rows: rows.slice(0, 300) };
    }
  };
}
