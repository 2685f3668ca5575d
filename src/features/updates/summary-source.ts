import { DateTime } from 'luxon';
import type { SummarySource } from '../summaries/sources';
import type { SummaryCategory } from '../summaries/model';
import { dominantTrend } from './picture';
import type { Category, SituationUpdate, Trend } from './model';
import type { UpdateRepository } from './update-repository';
import { STOCKHOLM } from '../../time-zone';

const CATEGORY: Record<Category, SummaryCategory> = {
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
 */
export function updatesSummarySource(updates: UpdateRepository): SummarySource<'updates'> {
  return {
    section: 'updates',
    async read(scope) {
      const zone = STOCKHOLM;
      const from = DateTime.fromISO(scope.week.start, { zone }).toISODate()!;
      const to = DateTime.fromISO(scope.week.end, { zone }).minus({ days: 1 }).toISODate()!;
      const registered = new Map<string, string>();
      for (const g of scope.groups) for (const a of g.areas) registered.set(a.toLowerCase(), a);
      const lists = await Promise.all(scope.groupIds.map((id) => updates.listObserved(id, from, to)));
      const cells = new Map<string, { area: string; category: SummaryCategory; updates: SituationUpdate[] }>();
      for (const u of lists.flat()) {
        const area = registered.get(u.area.toLowerCase());
        if (u.status !== 'active' || !area) continue;
        const category = CATEGORY[u.category];
        const key = `${area}\u0000${category}`;
        const cell = cells.get(key) ?? { area, category, updates: [] };
        cell.updates.push(u);
        cells.set(key, cell);
      }
      const rows = [...cells.values()]
        .map((c) => ({ area: c.area, category: c.category, count: c.updates.length, trend: TREND[dominantTrend(c.updates).trend ?? 'oforandrad'] }))
        .sort((a, b) => a.area.localeCompare(b.area, 'sv') || a.category.localeCompare(b.category));
      return { kind: 'updates', rows: rows.slice(0, 300) };
    }
  };
}
