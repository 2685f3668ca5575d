import { DateTime } from 'luxon';
import { Collection } from '../../store/collection';
import { KeyedProjection, sameEntries } from '../../store/read-models';
import type { Store } from '../../store/store';
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
const LEDGER_KIND = 'picture-ledger';
const VIEW_KIND = 'picture-month';
/** How far back the incremental sweep looks for ledgers an edited update may have left (the form accepts a year). */
const MONTHS_BACK = 13;
/** Overlap of the incremental sweeps, so an update written while the last sweep ran is not missed. */
const SWEEP_MARGIN_MS = 10 * 60_000;
/** What a ledger entry needs of an update: recomputations select these fields only (never the texts). */
const ENTRY_FIELDS = 'c.id, c.groupId, c.status, c.observedOn, c.area, c.areaKey, c.municipalityKey, c.category, c.trend, c.agency, c.createdAt, c.updatedAt';

export const ledgerId = (groupId: string, day: string) => `picture-ledger:${groupId}:${day}`;
export const viewId = (groupId: string, month: string) => `picture:${groupId}:${month}`;
/** The month of a `yyyy-MM-dd` day. */
export const monthOf = (day: string) => day.slice(0, 7);

/** The months (`yyyy-MM`) a day range touches, oldest first. */
export function monthsOf(range: DayRange): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(`${monthOf(range.from)}-01`, { zone: 'utc' });
  const last = monthOf(range.to);
  while (out.length < 400) {
    const m = d.toFormat('yyyy-MM');
    if (m > last) break;
    out.push(m);
    d = d.plus({ months: 1 });
  }
  return out;
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
function latestIds(ledgers: readonly DayLedger[]): string[] {
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

/** Logs without personal data: ids and status codes only. */
export interface ProjectionLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The situation picture's read models (container `read-models`), per group: a ledger per Stockholm day
 * `picture-ledger:<group>:<yyyy-MM-dd>` keyed by update id (write side: which updates it counted, so a
 * repeated projection never counts twice; per day, so one write rewrites one day's entries, not a
 * month's), and per calendar month a compact view `picture:<group>:<yyyy-MM>` derived from the month's
 * day ledgers (read side). The updates stay the truth: every projection reads the update inside the
 * ledger's ETag loop, and the view is derived from ledgers read inside the view's ETag loop.
 */
export class PictureReadModels {
  private readonly ledgers: KeyedProjection<LedgerEntry>;
  private readonly views: Collection<PictureMonthView>;
  private readonly updates: Collection<SituationUpdate>;
  /** `group\nmonth` pairs whose projection failed: the next sweep repairs them first. */
  private readonly dirty = new Set<string>();
  /** When the last finished sweep of this instance started; none yet means the next sweep compares everything. */
  private lastSweep: Date | undefined;

  constructor(store: Store, private readonly logger?: ProjectionLogger) {
    this.ledgers = new KeyedProjection<LedgerEntry>(store, LEDGER_KIND);
    this.views = new Collection<PictureMonthView>(store.container('read-models'), 'id');
    this.updates = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
  }

  /**
   * Brings the day ledgers of `days` and their month views in line with update `id` as stored now.
   * Never throws: a failure leaves the month dirty for the sweep (the update itself is written and
   * acknowledged), logged with ids and status only.
   */
  async project(groupId: string, id: string, days: Iterable<string>): Promise<void> {
    for (const day of new Set(days)) {
      const month = monthOf(day);
      try {
        await this.ledgers.project(ledgerId(groupId, day), id, async () => entryOf((await this.updates.read(id, groupId))?.doc, day), () => this.recompute(groupId, day));
        await this.deriveStored(groupId, month, { day });
      } catch (err) {
        this.dirty.add(`${groupId}\n${month}`);
        const e = err as { statusCode?: unknown; code?: unknown; name?: unknown };
        this.logger?.warn({ groupId, month, status: e.statusCode ?? e.code, error: e.name }, 'situation-picture projection failed; the sweep repairs it');
      }
    }
  }

  /** Months whose projection failed and are not repaired yet (tests and logs). */
  dirtyMonths(): string[] {
    return [...this.dirty];
  }

  /** Active updates of a group observed within [from, to], entry fields only: one partition query. */
  private sources(groupId: string, from: string, to: string): Promise<EntrySource[]> {
    return this.updates.query<EntrySource>(
      `SELECT ${ENTRY_FIELDS} FROM c WHERE c.groupId = @pk AND c.status = 'active' AND c.observedOn >= @from AND c.observedOn <= @to`,
      [
        { name: '@from', value: from },
        { name: '@to', value: to }
      ],
      groupId
    );
  }

  /** The ledger of a day as the sources say now. */
  private async recompute(groupId: string, day: string): Promise<Record<string, LedgerEntry>> {
    const entries: Record<string, LedgerEntry> = {};
    for (const u of await this.sources(groupId, day, day)) {
      const e = entryOf(u, day);
      if (e) entries[u.id] = e;
    }
    return entries;
  }

  /** The view the day ledgers give now, with the texts of its latest updates read by id. */
  private async derive(groupId: string, month: string, ledgers: readonly DayLedger[]): Promise<PictureMonthView> {
    const texts = new Map<string, string>();
    for (const id of latestIds(ledgers)) {
      const u = (await this.updates.read(id, groupId))?.doc;
      texts.set(id, u && u.status === 'active' ? u.text : '');
    }
    return deriveView(groupId, month, ledgers, texts);
  }

  /**
   * Writes the month's view derived from its day ledgers as stored now (read inside the view's ETag
   * loop, so the last writer derived from the newest ledgers). Which days: `days` when the caller knows
   * them, every day of the month for a new view, else the days the view was derived from plus `day`.
   * Without `force` an unchanged set of ledger ETags means nothing to do; with it the content is compared
   * (the sweep's full comparison). Returns whether it wrote.
   */
  private async deriveStored(groupId: string, month: string, opts: { day?: string; days?: readonly string[]; force?: boolean }): Promise<boolean> {
    const id = viewId(groupId, month);
    let gone = false;
    const result = await this.views.update(id, id, async (current) => {
      const view = current?.kind === VIEW_KIND ? current : undefined;
      const days = opts.days ?? (view ? [...new Set([...Object.keys(view.ledgers), ...(opts.day ? [opts.day] : [])])] : daysOfMonth(month));
      const read = await Promise.all(days.map(async (day) => ({ day, found: await this.ledgers.readVersioned(ledgerId(groupId, day)) })));
      const ledgers: DayLedger[] = read.flatMap(({ day, found }) => (found ? [{ day, entries: found.doc.entries, etag: found.etag }] : []));
      gone = ledgers.length === 0;
      if (gone) return undefined;
      if (!opts.force && view && sameEntries(view.ledgers, Object.fromEntries(ledgers.map((l) => [l.day, l.etag])))) return undefined;
      const derived = await this.derive(groupId, month, ledgers);
      return current && JSON.stringify(current) === JSON.stringify(derived) ? undefined : derived;
    });
    if (gone && result.doc) return this.views.delete(id, id);
    return result.changed;
  }

  /**
   * Repairs one month: each day ledger that differs from the updates is reconciled with a recomputation,
   * then the view is derived again from every day. One partition query, then point reads.
   */
  private async repair(groupId: string, month: string, force: boolean): Promise<boolean> {
    const days = daysOfMonth(month);
    const expected = new Map<string, Record<string, LedgerEntry>>();
    for (const u of await this.sources(groupId, days[0], days[days.length - 1])) {
      const e = entryOf(u, u.observedOn);
      if (e) expected.set(u.observedOn, { ...expected.get(u.observedOn), [u.id]: e });
    }
    let changed = false;
    for (const day of days) {
      const stored = await this.ledgers.read(ledgerId(groupId, day));
      const want = expected.get(day) ?? {};
      if (!stored && Object.keys(want).length === 0) continue;
      if (!stored || !sameEntries(stored.entries, want)) changed = (await this.ledgers.reconcile(ledgerId(groupId, day), () => this.recompute(groupId, day))) || changed;
    }
    changed = (await this.deriveStored(groupId, month, { days, force })) || changed;
    this.dirty.delete(`${groupId}\n${month}`);
    return changed;
  }

  /** The month views of a group that a day range touches: point reads only (cached on the embedded store). */
  async viewsOf(groupId: string, range: DayRange): Promise<PictureMonthView[]> {
    const found = await Promise.all(monthsOf(range).map((m) => this.views.read(viewId(groupId, m), viewId(groupId, m))));
    return found.flatMap((f) => (f?.doc.kind === VIEW_KIND ? [f.doc] : []));
  }

  /** The rows and latest candidates of a group within a day range, from its month views. */
  async rows(groupId: string, range: DayRange): Promise<{ rows: PictureRow[]; latest: LatestUpdate[] }> {
    const parts = (await this.viewsOf(groupId, range)).map((v) => rowsOfView(v, range));
    return { rows: parts.flatMap((p) => p.rows), latest: parts.flatMap((p) => p.latest) };
  }

  /**
   * The first sweep of an instance (at start) compares every day ledger and month view of every group
   * with a recomputation from the updates; later sweeps repair the dirty months and the months of updates
   * changed since the last sweep (by `updatedAt`, with a margin), including a month an edited update
   * left. Returns how many months it repaired.
   */
  async sweep(now: Date): Promise<number> {
    const since = this.lastSweep;
    if (!since) {
      const repaired = await this.reconcileAll();
      this.lastSweep = now;
      return repaired;
    }
    const targets = new Set(this.dirty);
    const changed = await this.updates.queryAcrossPartitions<Pick<SituationUpdate, 'id' | 'groupId' | 'observedOn'>>(
      'SELECT c.id, c.groupId, c.observedOn FROM c WHERE c.updatedAt >= @since',
      [{ name: '@since', value: new Date(since.getTime() - SWEEP_MARGIN_MS).toISOString() }]
    );
    const byGroup = new Map<string, Map<string, string>>();
    for (const u of changed) {
      targets.add(`${u.groupId}\n${monthOf(u.observedOn)}`);
      byGroup.set(u.groupId, (byGroup.get(u.groupId) ?? new Map<string, string>()).set(u.id, u.observedOn));
    }
    // An edit may have moved an update out of a day it was counted on: look in the day ledgers the
    // group's views were derived from (point reads, cached) for the changed ids on another day.
    const window = monthsOf({ from: DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: MONTHS_BACK }).toISODate()!, to: DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: 1 }).toISODate()! });
    for (const [groupId, ids] of byGroup) {
      for (const month of window) {
        if (targets.has(`${groupId}\n${month}`)) continue;
        const view = (await this.views.read(viewId(groupId, month), viewId(groupId, month)))?.doc;
        for (const day of view?.kind === VIEW_KIND ? Object.keys(view.ledgers) : []) {
          const ledger = await this.ledgers.read(ledgerId(groupId, day));
          if (ledger && Object.keys(ledger.entries).some((id) => ids.has(id) && ids.get(id) !== day)) {
            targets.add(`${groupId}\n${month}`);
            break;
          }
        }
      }
    }
    let repaired = 0;
    for (const key of targets) {
      const [groupId, month] = key.split('\n');
      if (await this.repair(groupId, month, false)) repaired++;
    }
    // Only a sweep that finished moves the window: a failed one is covered by the next.
    this.lastSweep = now;
    return repaired;
  }

  /**
   * Every day ledger and month view of every group against the updates: ledgers that differ are
   * reconciled, views derived again where they differ from their ledgers' derivation, and views without
   * a ledger dropped. Two cross-partition queries, then point reads and writes where something differs.
   */
  private async reconcileAll(): Promise<number> {
    const sources = await this.updates.queryAcrossPartitions<EntrySource>(`SELECT ${ENTRY_FIELDS} FROM c WHERE c.status = 'active'`, []);
    const expected = new Map<string, Record<string, LedgerEntry>>();
    const days = new Map<string, { groupId: string; day: string }>();
    for (const u of sources) {
      const id = ledgerId(u.groupId, u.observedOn);
      expected.set(id, { ...expected.get(id), [u.id]: entryOf(u, u.observedOn)! });
      days.set(id, { groupId: u.groupId, day: u.observedOn });
    }
    const stored = new Map((await this.ledgers.listAll()).map((l) => [l.id, l]));
    for (const id of stored.keys()) {
      const [, groupId, day] = /^picture-ledger:(.*):(\d{4}-\d{2}-\d{2})$/.exec(id) ?? [];
      if (groupId && day) days.set(id, { groupId, day });
    }
    const months = new Map<string, { groupId: string; month: string; days: string[] }>();
    let repaired = 0;
    for (const [id, { groupId, day }] of days) {
      const have = stored.get(id)?.entries;
      if (!have || !sameEntries(have, expected.get(id) ?? {})) await this.ledgers.reconcile(id, () => this.recompute(groupId, day));
      const key = viewId(groupId, monthOf(day));
      const m = months.get(key) ?? { groupId, month: monthOf(day), days: [] };
      m.days.push(day);
      months.set(key, m);
    }
    // Every view is compared by content here, not only by its ledgers' ETags: this is what finds a view
    // written wrong behind the projections' back.
    for (const { groupId, month, days: known } of months.values()) {
      if (await this.deriveStored(groupId, month, { days: known.sort(), force: true })) repaired++;
    }
    this.dirty.clear();
    const views = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    for (const v of views) {
      if (!months.has(v.id) && (await this.views.delete(v.id, v.id))) repaired++;
    }
    return repaired;
  }

  /** Drops every ledger and view and computes them again from the updates (the rebuild script). */
  async rebuild(): Promise<Record<string, number>> {
    const droppedLedgers = await this.ledgers.dropAll();
    const views = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    for (const v of views) await this.views.delete(v.id, v.id);
    this.dirty.clear();
    await this.reconcileAll();
    const rebuilt = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    return { dropped: droppedLedgers + views.length, months: rebuilt.length };
  }
}
