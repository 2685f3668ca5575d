import { DateTime } from 'luxon';
import { Collection } from '../../store/collection';
import { KeyedProjection, type KeyedDoc } from '../../store/read-models';
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
 * at 1 000 and at 100 000 updates. Derived completely from the month's ledger, whose ETag it records.
 */
export interface PictureMonthView {
  id: string;
  kind: 'picture-month';
  groupId: string;
  /** `yyyy-MM`: the Stockholm calendar month of `observedOn`. */
  month: string;
  /** The ETag of the ledger this view was derived from. */
  ledgerEtag: string;
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

export const ledgerId = (groupId: string, month: string) => `picture-ledger:${groupId}:${month}`;
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

/** The fields of an update a ledger entry is made of (recomputations read only these). */
export type EntrySource = Pick<SituationUpdate, 'id' | 'groupId' | 'status' | 'observedOn' | 'area' | 'areaKey' | 'municipalityKey' | 'category' | 'trend' | 'agency' | 'createdAt' | 'updatedAt'>;

/** The ledger entry of an update for a month: only an active update observed in that month counts there. */
export function entryOf(u: EntrySource | undefined, month: string): LedgerEntry | undefined {
  if (!u || u.status !== 'active' || monthOf(u.observedOn) !== month) return undefined;
  return { d: u.observedOn, a: u.area, k: u.areaKey, m: u.municipalityKey, c: u.category, t: u.trend, g: u.agency, at: u.createdAt, u: u.updatedAt };
}

/**
 * The view of a month from its ledger: pure. `textOf` gives the text of the few updates the latest list
 * holds. Deterministic (cells and days sorted), so a sweep can compare a stored view with a derivation.
 */
export function deriveView(groupId: string, month: string, ledger: KeyedDoc<LedgerEntry>, ledgerEtag: string, texts: ReadonlyMap<string, string>): PictureMonthView {
  const cellKeys = new Map<string, PictureCell>();
  const counts = new Map<string, Map<string, { n: number; at: string }>>();
  const perArea = new Map<string, LatestUpdate[]>();
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
  return { id: viewId(groupId, month), kind: VIEW_KIND, groupId, month, ledgerEtag, cells: sortedKeys.map((k) => cellKeys.get(k)!), days, latest };
}

/** The ids a derivation would put in the latest list: the updates whose text it needs. */
function latestIds(ledger: KeyedDoc<LedgerEntry>): string[] {
  return deriveView('', '', ledger, '', new Map()).latest.map((u) => u.id);
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
 * The situation picture's read models (container `read-models`), per group and Stockholm calendar month:
 * a ledger `picture-ledger:<group>:<yyyy-MM>` keyed by update id (write side: which updates it counted,
 * so a repeated projection never counts twice), and a compact view `picture:<group>:<yyyy-MM>` derived
 * from it (read side). The updates stay the truth: every projection reads the update inside the ledger's
 * ETag loop, and the view is derived from the ledger read inside the view's ETag loop.
 */
export class PictureReadModels {
  private readonly ledgers: KeyedProjection<LedgerEntry>;
  private readonly views: Collection<PictureMonthView>;
  private readonly updates: Collection<SituationUpdate>;
  /** `group\nmonth` pairs whose projection failed: the next sweep repairs them first. */
  private readonly dirty = new Set<string>();
  /** When the last sweep of this instance started; none yet means the next sweep compares everything. */
  private lastSweep: Date | undefined;

  constructor(store: Store, private readonly logger?: ProjectionLogger) {
    this.ledgers = new KeyedProjection<LedgerEntry>(store, LEDGER_KIND);
    this.views = new Collection<PictureMonthView>(store.container('read-models'), 'id');
    this.updates = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
  }

  /**
   * Brings the month's ledger and view in line with update `id` as stored now. Never throws: a failure
   * leaves the month dirty for the sweep (the update itself is written and acknowledged).
   */
  async project(groupId: string, id: string, months: Iterable<string>): Promise<void> {
    for (const month of new Set(months)) {
      try {
        await this.ledgers.project(ledgerId(groupId, month), id, async () => entryOf((await this.updates.read(id, groupId))?.doc, month), () => this.recompute(groupId, month));
        await this.deriveStored(groupId, month);
        this.dirty.delete(`${groupId}\n${month}`);
      } catch (err) {
        this.dirty.add(`${groupId}\n${month}`);
        this.logger?.warn({ groupId, month, status: (err as { code?: unknown; statusCode?: unknown }).statusCode ?? (err as { code?: unknown }).code, error: (err as Error).name }, 'situation-picture projection failed; the sweep repairs it');
      }
    }
  }

  /** Months whose projection failed and are not repaired yet (tests and logs). */
  dirtyMonths(): string[] {
    return [...this.dirty];
  }

  /** The ledger of a month as the sources say now: one partition query. */
  private async recompute(groupId: string, month: string): Promise<Record<string, LedgerEntry>> {
    const found = await this.updates.query<EntrySource>(
      `SELECT ${ENTRY_FIELDS} FROM c WHERE c.groupId = @pk AND c.status = 'active' AND c.observedOn >= @from AND c.observedOn <= @to`,
      [
        { name: '@from', value: `${month}-01` },
        { name: '@to', value: `${month}-31` }
      ],
      groupId
    );
    const entries: Record<string, LedgerEntry> = {};
    for (const u of found) {
      const e = entryOf(u, month);
      if (e) entries[u.id] = e;
    }
    return entries;
  }

  /** The view a ledger gives now, with the texts of its latest updates read by id. */
  private async derive(groupId: string, month: string, ledger: KeyedDoc<LedgerEntry>, etag: string): Promise<PictureMonthView> {
    const texts = new Map<string, string>();
    for (const id of latestIds(ledger)) {
      const u = (await this.updates.read(id, groupId))?.doc;
      texts.set(id, u && u.status === 'active' ? u.text : '');
    }
    return deriveView(groupId, month, ledger, etag, texts);
  }

  /**
   * Writes the month's view derived from its ledger as stored now (read inside the view's ETag loop, so
   * the last writer derived from the newest ledger). `force` compares the content too (the sweep's full
   * comparison), not only the ledger ETag. Returns whether it wrote.
   */
  private async deriveStored(groupId: string, month: string, force = false): Promise<boolean> {
    const id = viewId(groupId, month);
    const ledger = await this.ledgers.readVersioned(ledgerId(groupId, month));
    if (!ledger) return this.views.delete(id, id);
    const result = await this.views.update(id, id, async (current) => {
      const now = await this.ledgers.readVersioned(ledgerId(groupId, month));
      if (!now) return undefined;
      if (!force && current?.kind === VIEW_KIND && current.ledgerEtag === now.etag) return undefined;
      const derived = await this.derive(groupId, month, now.doc, now.etag);
      return current && JSON.stringify(current) === JSON.stringify(derived) ? undefined : derived;
    });
    return result.changed;
  }

  /** Repairs one month: the ledger reconciled with a recomputation, then the view derived again. */
  private async repair(groupId: string, month: string, force: boolean): Promise<boolean> {
    const ledgerChanged = await this.ledgers.reconcile(ledgerId(groupId, month), () => this.recompute(groupId, month));
    const viewChanged = await this.deriveStored(groupId, month, force);
    this.dirty.delete(`${groupId}\n${month}`);
    return ledgerChanged || viewChanged;
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
   * The first sweep of an instance (at start) compares every month of every group with a recomputation
   * from the updates; later sweeps repair the dirty months and the months of updates changed since the
   * last sweep (by `updatedAt`, with a margin), including a month an edited update left. Returns how many
   * months it repaired.
   */
  async sweep(now: Date): Promise<number> {
    const since = this.lastSweep;
    if (!since) {
      const repaired = await this.reconcileAll(false);
      this.lastSweep = now;
      return repaired;
    }
    const targets = new Set(this.dirty);
    const changed = await this.updates.queryAcrossPartitions<Pick<SituationUpdate, 'id' | 'groupId' | 'observedOn'>>(
      'SELECT c.id, c.groupId, c.observedOn FROM c WHERE c.updatedAt >= @since',
      [{ name: '@since', value: new Date(since.getTime() - SWEEP_MARGIN_MS).toISOString() }]
    );
    const window = monthsOf({ from: DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: MONTHS_BACK }).toISODate()!, to: DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: 1 }).toISODate()! });
    for (const u of changed) {
      targets.add(`${u.groupId}\n${monthOf(u.observedOn)}`);
      for (const m of window) {
        if (m === monthOf(u.observedOn) || targets.has(`${u.groupId}\n${m}`)) continue;
        const ledger = await this.ledgers.read(ledgerId(u.groupId, m));
        if (ledger && u.id in ledger.entries) targets.add(`${u.groupId}\n${m}`);
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
   * Every month of every group against the updates: ledgers that differ are reconciled, views derived
   * again where they differ from their ledger's derivation, and views without a ledger dropped.
   */
  private async reconcileAll(force: boolean): Promise<number> {
    const sources = await this.updates.queryAcrossPartitions<EntrySource>(`SELECT ${ENTRY_FIELDS} FROM c WHERE c.status = 'active'`, []);
    const expected = new Map<string, { groupId: string; month: string; entries: Record<string, LedgerEntry> }>();
    for (const u of sources) {
      const month = monthOf(u.observedOn);
      const id = ledgerId(u.groupId, month);
      const bucket = expected.get(id) ?? { groupId: u.groupId, month, entries: {} };
      bucket.entries[u.id] = entryOf(u, month)!;
      expected.set(id, bucket);
    }
    const stored = new Map((await this.ledgers.listAll()).map((l) => [l.id, l]));
    const months = new Map<string, { groupId: string; month: string }>([...expected].map(([id, b]) => [id, { groupId: b.groupId, month: b.month }]));
    for (const id of stored.keys()) {
      const [, groupId, month] = /^picture-ledger:(.*):(\d{4}-\d{2})$/.exec(id) ?? [];
      if (groupId && month) months.set(id, { groupId, month });
    }
    let repaired = 0;
    for (const [id, { groupId, month }] of months) {
      const want = expected.get(id)?.entries ?? {};
      const have = stored.get(id)?.entries;
      const differs = !have || JSON.stringify(sortKeys(have)) !== JSON.stringify(sortKeys(want));
      if (differs || force || this.dirty.has(`${groupId}\n${month}`)) {
        if (await this.repair(groupId, month, true)) repaired++;
      } else if (await this.deriveStored(groupId, month, true)) {
        repaired++;
      }
    }
    const views = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id, c.groupId, c.month FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    for (const v of views) {
      if (!months.has(ledgerId(v.groupId, v.month)) && (await this.views.delete(v.id, v.id))) repaired++;
    }
    return repaired;
  }

  /** Drops every ledger and view and computes them again from the updates (the rebuild script). */
  async rebuild(): Promise<Record<string, number>> {
    const droppedLedgers = await this.ledgers.dropAll();
    const views = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    for (const v of views) await this.views.delete(v.id, v.id);
    this.dirty.clear();
    const months = await this.reconcileAll(true);
    return { dropped: droppedLedgers + views.length, months };
  }
}

function sortKeys<E>(entries: Record<string, E>): Array<[string, E]> {
  return Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
