import { DateTime } from 'luxon';
import { STOCKHOLM } from '../../time-zone';
import { CATEGORIES, TRENDS, type Category, type SituationUpdate, type Trend } from './model';

/** An inclusive range of Stockholm calendar days, as `yyyy-MM-dd`. */
export interface DayRange {
  from: string;
  to: string;
}

/** An area somebody may see: its name as a group spelled it, and the municipality it belongs to. */
export interface AreaRef {
  municipality: string;
  municipalityKey: string;
  area: string;
  areaKey: string;
}

/** One category in one area (or rolled up): how many updates, the trend reported, change from before. */
export interface CategoryPicture {
  category: Category;
  count: number;
  previousCount: number;
  /** `count - previousCount`. */
  change: number;
  /** The trend most updates reported this period (ties: the latest); undefined without updates. */
  trend?: Trend;
  trends: Record<Trend, number>;
}

export interface AreaPicture {
  area: AreaRef;
  categories: CategoryPicture[];
  count: number;
  previousCount: number;
}

/** The situation picture for a set of areas over a period: aggregated in code (no GROUP BY on the store). */
export interface SituationPicture {
  current: DayRange;
  previous: DayRange;
  areas: AreaPicture[];
  /** Every area rolled up, when the picture has more than one area. */
  total?: AreaPicture;
  /** The newest active updates of the period, newest first. */
  latest: SituationUpdate[];
  /** Weekly points of the period: active updates of the picture's areas per ISO week (the first and last may be partial). */
  weeks: WeekPoint[];
}

/** One ISO week of the period (Stockholm), with the updates observed in it and inside the period. */
export interface WeekPoint {
  /** `2026-W10`. */
  key: string;
  week: number;
  count: number;
}

/** The ISO weeks a period touches, oldest first, each with how many of `updates` were observed in it. */
export function weeklyPoints(updates: readonly SituationUpdate[], range: DayRange, zone = STOCKHOLM): WeekPoint[] {
  const points: WeekPoint[] = [];
  const last = DateTime.fromISO(range.to, { zone });
  for (let d = DateTime.fromISO(range.from, { zone }).startOf('week'); d <= last && points.length < 60; d = d.plus({ weeks: 1 })) {
    points.push({ key: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`, week: d.weekNumber, count: 0 });
  }
  const index = new Map(points.map((p, i) => [p.key, i]));
  for (const u of updates) {
    const d = DateTime.fromISO(u.observedOn, { zone });
    const i = index.get(`${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`);
    if (i !== undefined && inRange(u.observedOn, range)) points[i].count++;
  }
  return points;
}

function inRange(day: string, range: DayRange): boolean {
  return day >= range.from && day <= range.to;
}

function newestFirst(a: SituationUpdate, b: SituationUpdate): number {
  return b.observedOn.localeCompare(a.observedOn) || b.createdAt.localeCompare(a.createdAt);
}

/** The most-reported trend; a tie goes to the most recently reported of the tied ones. */
export function dominantTrend(updates: SituationUpdate[]): { trend?: Trend; trends: Record<Trend, number> } {
  const trends = Object.fromEntries(TRENDS.map((t) => [t, 0])) as Record<Trend, number>;
  for (const u of updates) trends[u.trend]++;
  const max = Math.max(...Object.values(trends));
  if (max === 0) return { trends };
  const tied = new Set(TRENDS.filter((t) => trends[t] === max));
  const latest = [...updates].sort(newestFirst).find((u) => tied.has(u.trend));
  return { trend: latest?.trend, trends };
}

function categoriesOf(current: SituationUpdate[], previous: SituationUpdate[]): CategoryPicture[] {
  const out: CategoryPicture[] = [];
  for (const category of CATEGORIES) {
    const now = current.filter((u) => u.category === category);
    const before = previous.filter((u) => u.category === category).length;
    if (now.length === 0 && before === 0) continue;
    out.push({ category, count: now.length, previousCount: before, change: now.length - before, ...dominantTrend(now) });
  }
  return out;
}

function areaPicture(area: AreaRef, current: SituationUpdate[], previous: SituationUpdate[]): AreaPicture {
  return { area, categories: categoriesOf(current, previous), count: current.length, previousCount: previous.length };
}

/** The key that makes one area of one municipality, whichever group reported it. */
export function areaIdentity(municipalityKey: string, areaKey: string): string {
  return `${municipalityKey}|${areaKey}`;
}

/**
 * Builds the picture for `areas` from updates of the current and the previous period. Withdrawn
 * updates and updates outside the areas do not count. Pure: the caller fetched what the asker may see.
 */
export function buildPicture(
  updates: readonly SituationUpdate[],
  areas: readonly AreaRef[],
  current: DayRange,
  previous: DayRange,
  latestCount = 5
): SituationPicture {
  const wanted = new Set(areas.map((a) => areaIdentity(a.municipalityKey, a.areaKey)));
  const active = updates.filter((u) => u.status === 'active' && wanted.has(areaIdentity(u.municipalityKey, u.areaKey)));
  const cur = active.filter((u) => inRange(u.observedOn, current));
  const prev = active.filter((u) => inRange(u.observedOn, previous));
  const ofArea = (list: SituationUpdate[], a: AreaRef) =>
    list.filter((u) => u.municipalityKey === a.municipalityKey && u.areaKey === a.areaKey);
  const perArea = areas.map((a) => areaPicture(a, ofArea(cur, a), ofArea(prev, a)));
  const total =
    areas.length > 1
      ? areaPicture({ municipality: '', municipalityKey: '', area: '', areaKey: '' }, cur, prev)
      : undefined;
  return { current, previous, areas: perArea, total, latest: [...cur].sort(newestFirst).slice(0, latestCount), weeks: weeklyPoints(cur, current) };
}
