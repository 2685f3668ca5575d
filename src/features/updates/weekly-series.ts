import { DateTime } from 'luxon';
import type { IsoWeek } from '../summaries/iso-week';
import { weekKeyOfDay, type WeeklyCount, type WeeklySeriesSource } from '../summaries/series';
import { SUMMARY_CATEGORY } from './summary-source';
import type { UpdateRepository } from './update-repository';

/**
 * The weekly series from the situation picture's month views: point reads of the months the range
 * touches per group (about four for twelve weeks), counted in code by the Stockholm ISO week of the day
 * observed (active updates only: withdrawn ones are not in the views).
 */
export function updatesWeeklySeries(updates: Pick<UpdateRepository, 'pictureRows'>): WeeklySeriesSource {
  return {
    async read(groupIds: readonly string[], weeks: readonly IsoWeek[]): Promise<WeeklyCount[]> {
      if (weeks.length === 0) return [];
      const zone = weeks[0].timezone;
      const from = DateTime.fromISO(weeks[0].start, { zone }).toISODate()!;
      const to = DateTime.fromISO(weeks[weeks.length - 1].end, { zone }).minus({ days: 1 }).toISODate()!;
      const lists = await Promise.all(groupIds.map((id) => updates.pictureRows(id, { from, to })));
      const cells = new Map<string, WeeklyCount>();
      const weekOf = new Map<string, string>();
      for (const r of lists.flatMap((l) => l.rows)) {
        const week = weekOf.get(r.day) ?? weekKeyOfDay(r.day, zone);
        weekOf.set(r.day, week);
        const category = SUMMARY_CATEGORY[r.category];
        const key = `${r.groupId}\u0000${r.area}\u0000${category}\u0000${week}`;
        const cell = cells.get(key) ?? { groupId: r.groupId, area: r.area, category, week, count: 0 };
        cell.count += r.count;
        cells.set(key, cell);
      }
      return [...cells.values()];
    }
  };
}
