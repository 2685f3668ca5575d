import { DateTime } from 'luxon';
import type { IsoWeek } from '../summaries/iso-week';
import { weekKeyOfDay, type WeeklyCount, type WeeklySeriesSource } from '../summaries/series';
import { SUMMARY_CATEGORY } from './summary-source';
import type { UpdateRepository } from './update-repository';

/**
 * The weekly series from the updates container: one partition query per group for the whole range,
 * counted in code (active updates only, by the Stockholm ISO week of the day observed).
 */
export function updatesWeeklySeries(updates: UpdateRepository): WeeklySeriesSource {
  return {
    async read(groupIds: readonly string[], weeks: readonly IsoWeek[]): Promise<WeeklyCount[]> {
      if (weeks.length === 0) return [];
      const zone = weeks[0].timezone;
      const from = DateTime.fromISO(weeks[0].start, { zone }).toISODate()!;
      const to = DateTime.fromISO(weeks[weeks.length - 1].end, { zone }).minus({ days: 1 }).toISODate()!;
      const lists = await Promise.all(groupIds.map((id) => updates.listObserved(id, from, to)));
      const cells = new Map<string, WeeklyCount>();
      for (const u of lists.flat()) {
        if (u.status !== 'active') continue;
        const week = weekKeyOfDay(u.observedOn, zone);
        const category = SUMMARY_CATEGORY[u.category];
        const key = `${u.groupId}\u0000${u.area}\u0000${category}\u0000${week}`;
        const cell = cells.get(key) ?? { groupId: u.groupId, area: u.area, category, week, count: 0 };
        cell.count++;
        cells.set(key, cell);
      }
      return [...cells.values()];
    }
  };
}
