/**
 * The situation picture's read-model documents as data: ids, the day ledgers' entries, the compact month
 * view and how it is derived from the ledgers and read back as rows. Pure; picture-read-models.ts keeps them.
 */
import { DateTime } from 'luxon';
import { monthsOf as calendarMonthsOf } from '../../calendar';
import type { Agency } from '../groups/model';
import type { Category, SituationUpdate, Trend } from './model';
import { areaIdentity, newestFirst, type DayRange, type LatestUpdate, type PictureRow } from './picture';

/**
 * What the ledger records of one counted update: enough to derive the month's view without reading the
 * update again (the text excepted). `u` (the update's `updatedAt`) makes any change of the update, a
 * text-only correction included, a change of the ledger, so the view is derived again.
 */
export interface LedgerEntry {
  d: string;
  a: string;
  k: string;
  m: string;
  c: Category;
  t: Trend;
  g: Agency;
  at: string;
  u: string;
}

/** One cell of a month view: an area of one municipality, a category and a trend. */
export interface PictureCell {
  area: string;
  areaKey: string;
  municipalityKey: string;
  category: Category;
  trend: Trend;
}

/**
 * The compact month view the read path reads: counts per day per cell, and the newest updates per area.
 * Its size is bounded by days × cells (never by the number of updates), so a read turn costs the same
 * at 1 000 and at 100 000 updates. Derived completely from the month's day ledgers, whose ETags it records.
 */
export interface PictureMonthView {
  id: string;
  kind: 'picture-month';
  groupId: string;
  /** `yyyy-MM`: the Stockholm calendar month of `observedOn`. */
  month: string;
  /** The day ledgers this view was derived from, with their ETags: a projection that finds them unchanged has nothing to do. */
  ledgers: Record<string, string>;
  cells: PictureCell[];
  /** Per day: `[index into cells, count, newest createdAt]`. */
  days: Record<string, Array<[number, number, string]>>;
  /** Per area, the newest `LATEST_PER_AREA` active updates of the month (newest first). */
  latest: LatestUpdate[];
}

/** As many per area and month as the picture card lists: enough for any period ending today. */
export const LATEST_PER_AREA = 5;
/** The `kind` of the day ledgers and of the month views in `read-models`. */
export const LEDGER_KIND = 'picture-ledger';
export const VIEW_KIND = 'picture-month';

export const ledgerId = (groupId: string, day: string) => `picture-ledger:${groupId}:${day}`;
export const viewId = (groupId: string, month: string) => `picture:${groupId}:${month}`;
/** The month of a `yyyy-MM-dd` day. */
export const monthOf = (day: string) => day.slice(0, 7);

/** The months (`yyyy-MM`) a day range touches, oldest first. */
export function monthsOf(range: DayRange): readonly string[] {
  return calendarMonthsOf(range.from, range.to);
}

/** Every day of a month, `yyyy-MM-dd`. */
export function daysOfMonth(month: string): string[] {
  const first = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
  return Array.from({ length: first.daysInMonth ?? 31 }, (_, i) => first.plus({ days: i }).toISODate()!);
}

/** The fields of an update a ledger entry is made of (recomputations read only these). */
export type EntrySource = Pick<SituationUpdate, 'id' | 'groupId' | 'status' | 'observedOn' | 'area' | 'areaKey' | 'municipalityKey' | 'category' | 'trend' | 'agency' | 'createdAt' | 'updatedAt'>;

/** The ledger entry of an update for a day: only an active update observed that day counts there. */
export function entryOf(u: EntrySource | undefined, day: string): LedgerEntry | undefined {
  if (!u || u.status !== 'active' || u.observedOn !== day) return undefined;
  return { d: u.observedOn, a: u.area, k: u.areaKey, m: u.municipalityKey, c: u.category, t: u.trend, g: u.agency, at: u.createdAt, u: u.updatedAt };
}

/** One day's ledger as a derivation reads it: its entries and the ETag they were read with. */
export interface DayLedger {
  day: string;
  entries: Record<string, LedgerEntry>;
  etag: string;
}

/**
 * The view of a month from its day ledgers: pure. `texts` gives the text of the few updates the latest
 * list holds. Deterministic (cells and days sorted), so a sweep can compare a stored view with a derivation.
 */
export function deriveView(groupId: string, month: string, ledgers: readonly DayLedger[], texts: ReadonlyMap<string, string>): PictureMonthView {
  const cellKeys = new Map<string, PictureCell>();
  const counts = new Map<string, Map<string, { n: number; at: string }>>();
  const perArea = new Map<string, LatestUpdate[]>();
  for (const ledger of ledgers) {
    for (const [id, e] of Object.entries(ledger.entries)) {
      const key = JSON.stringify([e.a, e.k, e.m, e.c, e.t]);
      if (!cellKeys.has(key)) cellKeys.set(key, { area: e.a, areaKey: e.k, municipalityKey: e.m, category: e.c, trend: e.t });
      const day = counts.get(e.d) ?? new Map<string, { n: number; at: string }>();
      const cell = day.get(key) ?? { n: 0, at: '' };
      cell.n++;
      if (e.at > cell.at) cell.at = e.at;
      day.set(key, cell);
      counts.set(e.d, day);
      const area = areaIdentity(e.m, e.k);
      const list = perArea.get(area) ?? [];
      list.push({ id, groupId, municipalityKey: e.m, area: e.a, areaKey: e.k, category: e.c, trend: e.t, agency: e.g, observedOn: e.d, text: '', createdAt: e.at });
      perArea.set(area, list);
    }
  }
  const sortedKeys = [...cellKeys.keys()].sort();
  const index = new Map(sortedKeys.map((k, i) => [k, i]));
  const days: PictureMonthView['days'] = {};
  for (const day of [...counts.keys()].sort()) {
    days[day] = [...counts.get(day)!.entries()].map(([k, c]) => [index.get(k)!, c.n, c.at] as [number, number, string]).sort((a, b) => a[0] - b[0]);
  }
  const latest = [...perArea.keys()]
    .sort()
    .flatMap((area) => perArea.get(area)!.sort((a, b) => newestFirst(a, b) || a.id.localeCompare(b.id)).slice(0, LATEST_PER_AREA))
    .map((u) => ({ ...u, text: texts.get(u.id) ?? '' }));
  const etags = Object.fromEntries([...ledgers].sort((a, b) => a.day.localeCompare(b.day)).map((l) => [l.day, l.etag]));
  return { id: viewId(groupId, month), kind: VIEW_KIND, groupId, month, ledgers: etags, cells: sortedKeys.map((k) => cellKeys.get(k)!), days, latest };
}

/** The ids a derivation would put in the latest list: the updates whose text it needs. */
export function latestIds(ledgers: readonly DayLedger[]): string[] {
  return deriveView('', '', ledgers, new Map()).latest.map((u) => u.id);
}

/** The rows and latest candidates of one month view within a day range. Pure; leaves the view untouched. */
export function rowsOfView(view: PictureMonthView, range: DayRange): { rows: PictureRow[]; latest: LatestUpdate[] } {
  const rows: PictureRow[] = [];
  for (const [day, cells] of Object.entries(view.days)) {
    if (day < range.from || day > range.to) continue;
    for (const [i, count, lastAt] of cells) {
      const c = view.cells[i];
      rows.push({ groupId: view.groupId, municipalityKey: c.municipalityKey, areaKey: c.areaKey, area: c.area, category: c.category, trend: c.trend, day, count, lastAt });
    }
  }
  return { rows, latest: view.latest.filter((u) => u.observedOn >= range.from && u.observedOn <= range.to) };
}

/** What a ledger entry needs of an update: recomputations select these fields only (never the texts). */
export const ENTRY_FIELDS = 'c.id, c.groupId, c.status, c.observedOn, c.area, c.areaKey, c.municipalityKey, c.category, c.trend, c.agency, c.createdAt, c.updatedAt';

/** Logs without personal data: ids and status codes only. */
export interface ProjectionLogger {
  warn(obj: object, msg: string): void;
}
