import { isoWeekOf, isoWeeksOf } from '../../calendar';
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
  latest: LatestUpdate[];
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

/**
 * What the latest-updates list of the picture shows of an update: the read models keep exactly these
 * fields (the text only for the newest few), so the card looks the same whether it was built from the
 * updates or from the read models.
 */
export type LatestUpdate = Pick<SituationUpdate, 'id' | 'groupId' | 'municipalityKey' | 'area' | 'areaKey' | 'category' | 'trend' | 'agency' | 'observedOn' | 'text' | 'createdAt'>;

/**
 * Active updates counted per day and cell (group, area, category, trend): the one shape every picture,
 * summary and series is aggregated from. `lastAt` is the newest `createdAt` of the row, which breaks a tie
 * between trends exactly as a list of the updates would.
 */
export interface PictureRow {
  groupId: string;
  municipalityKey: string;
  areaKey: string;
  /** The area as the posting group spelled it. */
  area: string;
  category: Category;
  trend: Trend;
  /** `yyyy-MM-dd` (Stockholm), the day observed. */
  day: string;
  count: number;
  lastAt: string;
}

/** One row per update (count 1): how the list-based functions reuse the row aggregation. */
export function rowsOf(updates: readonly SituationUpdate[]): PictureRow[] {
  return updates.map((u) => ({
    groupId: u.groupId, municipalityKey: u.municipalityKey, areaKey: u.areaKey, area: u.area, category: u.category, trend: u.trend, day: u.observedOn, count: 1, lastAt: u.createdAt
  }));
}

/** The ISO weeks a period touches, oldest first, each with how many of `updates` were observed in it. */
export function weeklyPoints(updates: readonly SituationUpdate[], range: DayRange): WeekPoint[] {
  return weeklyPointsOfRows(rowsOf(updates), range);
}

/**
 * The ISO weeks a period touches, oldest first, each with the count of the rows observed in it and in the
 * period. Days and weeks are calendar dates (src/calendar.ts): the same in every zone.
 */
export function weeklyPointsOfRows(rows: readonly PictureRow[], range: DayRange): WeekPoint[] {
  const points: WeekPoint[] = isoWeeksOf(range.from, range.to).map(({ key, week }) => ({ key, week, count: 0 }));
  const index = new Map(points.map((p, i) => [p.key, i]));
  const weekOfDay = new Map<string, number | undefined>();
  for (const r of rows) {
    if (!inRange(r.day, range)) continue;
    if (!weekOfDay.has(r.day)) weekOfDay.set(r.day, index.get(isoWeekOf(r.day).key));
    const i = weekOfDay.get(r.day);
    if (i !== undefined) points[i].count += r.count;
  }
  return points;
}

function inRange(day: string, range: DayRange): boolean {
  return day >= range.from && day <= range.to;
}

/** Newest first: by the day observed, then by when it was reported. */
export function newestFirst(a: Pick<SituationUpdate, 'observedOn' | 'createdAt'>, b: Pick<SituationUpdate, 'observedOn' | 'createdAt'>): number {
  return b.observedOn.localeCompare(a.observedOn) || b.createdAt.localeCompare(a.createdAt);
}

/** The most-reported trend; a tie goes to the most recently reported of the tied ones. */
export function dominantTrend(updates: SituationUpdate[]): { trend?: Trend; trends: Record<Trend, number> } {
  return dominantTrendOfRows(rowsOf(updates));
}

/** `dominantTrend` over rows: the newest row (day, then `lastAt`) of the tied trends decides a tie. */
export function dominantTrendOfRows(rows: readonly PictureRow[]): { trend?: Trend; trends: Record<Trend, number> } {
  const trends = Object.fromEntries(TRENDS.map((t) => [t, 0])) as Record<Trend, number>;
  const newest = new Map<Trend, PictureRow>();
  for (const r of rows) {
    if (r.count <= 0) continue;
    trends[r.trend] += r.count;
    const seen = newest.get(r.trend);
    if (!seen || r.day > seen.day || (r.day === seen.day && r.lastAt > seen.lastAt)) newest.set(r.trend, r);
  }
  const max = Math.max(...Object.values(trends));
  if (max === 0) return { trends };
  let trend: Trend | undefined;
  let best: PictureRow | undefined;
  for (const t of TRENDS) {
    const r = newest.get(t);
    if (trends[t] !== max || !r) continue;
    if (!best || r.day > best.day || (r.day === best.day && r.lastAt > best.lastAt)) {
      best = r;
      trend = t;
    }
  }
  return { trend, trends };
}

function sum(rows: readonly PictureRow[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}

function categoriesOf(current: PictureRow[], previous: PictureRow[]): CategoryPicture[] {
  const out: CategoryPicture[] = [];
  for (const category of CATEGORIES) {
    const now = current.filter((r) => r.category === category);
    const count = sum(now);
    const before = sum(previous.filter((r) => r.category === category));
    if (count === 0 && before === 0) continue;
    out.push({ category, count, previousCount: before, change: count - before, ...dominantTrendOfRows(now) });
  }
  return out;
}

function areaPicture(area: AreaRef, current: PictureRow[], previous: PictureRow[]): AreaPicture {
  return { area, categories: categoriesOf(current, previous), count: sum(current), previousCount: sum(previous) };
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
  const active = updates.filter((u) => u.status === 'active');
  return buildPictureFromRows(rowsOf(active), active, areas, current, previous, latestCount);
}

/**
 * The one aggregation of the picture: from rows of active updates (counts per day and cell) and
 * candidates for the latest list (active updates, at least the newest `latestCount` of each area in the
 * period). Rows and candidates outside the areas or the periods do not count. Pure.
 */
export function buildPictureFromRows(
  rows: readonly PictureRow[],
  candidates: readonly LatestUpdate[],
  areas: readonly AreaRef[],
  current: DayRange,
  previous: DayRange,
  latestCount = 5
): SituationPicture {
  const wanted = new Set(areas.map((a) => areaIdentity(a.municipalityKey, a.areaKey)));
  const mine = rows.filter((r) => wanted.has(areaIdentity(r.municipalityKey, r.areaKey)));
  const cur = mine.filter((r) => inRange(r.day, current));
  const prev = mine.filter((r) => inRange(r.day, previous));
  const ofArea = (list: PictureRow[], a: AreaRef) => list.filter((r) => r.municipalityKey === a.municipalityKey && r.areaKey === a.areaKey);
  const perArea = areas.map((a) => areaPicture(a, ofArea(cur, a), ofArea(prev, a)));
  const total =
    areas.length > 1
      ? areaPicture({ municipality: '', municipalityKey: '', area: '', areaKey: '' }, cur, prev)
      : undefined;
  const latest = candidates.filter((u) => wanted.has(areaIdentity(u.municipalityKey, u.areaKey)) && inRange(u.observedOn, current));
  return { current, previous, areas: perArea, total, latest: [...latest].sort(newestFirst).slice(0, latestCount), weeks: weeklyPointsOfRows(cur, current) };
}
