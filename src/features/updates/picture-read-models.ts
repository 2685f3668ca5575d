import { DateTime } from 'luxon';
import { Collection } from '../../store/collection';
import { KeyedProjection, Repairs, sameEntries } from '../../store/read-models';
import type { Store } from '../../store/store';
import { KeyedQueue } from '../../store/keyed-queue';
import type { SituationUpdate } from './model';
import type { DayRange, LatestUpdate, PictureRow } from './picture';
import { ENTRY_FIELDS, LEDGER_KIND, VIEW_KIND, daysOfMonth, deriveView, entryOf, latestIds, ledgerId, monthOf, monthsOf, rowsOfView, viewId } from './picture-views';
import type { DayLedger, EntrySource, LedgerEntry, PictureMonthView, ProjectionLogger } from './picture-views';

/** How far back the incremental sweep looks for a day an edited update left (the form accepts a year). */
const MONTHS_BACK = 13;
/** Overlap of the incremental sweeps, so an update written while the last sweep ran is not missed. */
const SWEEP_MARGIN_MS = 10 * 60_000;

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
  /** A burst of projections onto one month view derives it once (ledgers are ordered by KeyedProjection). */
  private readonly queue = new KeyedQueue();

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
        const ledger = ledgerId(groupId, day);
        await this.ledgers.project(ledger, id, async () => entryOf((await this.updates.read(id, groupId))?.doc, day), () => this.recompute(groupId, day));
        await this.queue.coalesce(viewId(groupId, month), day, (extra) => this.deriveStored(groupId, month, { extra }));
      } catch (err) {
        this.dirty.add(`${groupId}\n${month}`);
        const e = err as { statusCode?: unknown; code?: unknown; name?: unknown };
        this.logger?.warn({ groupId, month, status: e.statusCode ?? e.code, error: e.name }, 'situation-picture projection failed; the sweep repairs it');
      }
    }
  }

  /** Months whose projection failed and are not repaired yet (tests and logs). */
  dirtyMonths = (): string[] => [...this.dirty];

  /** Active updates of a group observed within [from, to], entry fields only: one partition query. */
  private sources(groupId: string, from: string, to: string): Promise<EntrySource[]> {
    return this.updates.query<EntrySource>(
      `SELECT ${ENTRY_FIELDS} FROM c WHERE c.groupId = @pk AND c.status = 'active' AND c.observedOn >= @from AND c.observedOn <= @to`,
      [{ name: '@from', value: from }, { name: '@to', value: to }],
      groupId
    );
  }

  /** The ledger of a day as the sources say now. */
  private async recompute(groupId: string, day: string): Promise<Record<string, LedgerEntry>> {
    const found = await this.sources(groupId, day, day);
    return Object.fromEntries(found.map((u) => [u.id, entryOf(u, day)] as const).filter((p): p is readonly [string, LedgerEntry] => p[1] !== undefined));
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
   * them, every day of the month for a new view, else the days the view was derived from plus `extra`.
   * Without `force` an unchanged set of ledger ETags means nothing to do; with it the content is compared
   * (the sweep's full comparison). Returns whether it wrote.
   */
  private async deriveStored(groupId: string, month: string, opts: { extra?: readonly string[]; days?: readonly string[]; force?: boolean }): Promise<boolean> {
    const id = viewId(groupId, month);
    let gone = false;
    const result = await this.views.update(id, id, async (current) => {
      const view = current?.kind === VIEW_KIND ? current : undefined;
      const days = opts.days ?? (view ? [...new Set([...Object.keys(view.ledgers), ...(opts.extra ?? [])])] : daysOfMonth(month));
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
    const found = await Promise.all(monthsOf(range).map((m) => this.views.readShared(viewId(groupId, m), viewId(groupId, m))));
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
          if (ledger && [...ids].some(([id, observedOn]) => observedOn !== day && id in ledger.entries)) {
            targets.add(`${groupId}\n${month}`);
            break;
          }
        }
      }
    }
    const repairs = new Repairs();
    await repairs.each(targets, (key) => this.repair(key.split('\n')[0], key.split('\n')[1], false));
    // Only a sweep that repaired everything moves the window: a failed one is covered by the next.
    const repaired = repairs.done();
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
    const repairs = new Repairs();
    for (const [, { groupId, day }] of days) {
      const key = viewId(groupId, monthOf(day));
      const m = months.get(key) ?? { groupId, month: monthOf(day), days: [] };
      m.days.push(day);
      months.set(key, m);
    }
    const stale = [...days].filter(([id]) => !stored.get(id) || !sameEntries(stored.get(id)!.entries, expected.get(id) ?? {}));
    // A ledger repaired counts through its month's view, below.
    await repairs.each(stale, async ([id, { groupId, day }]) => {
      await this.ledgers.reconcile(id, () => this.recompute(groupId, day));
      return false;
    });
    // Every view is compared by content here, not only by its ledgers' ETags: this is what finds a view
    // written wrong behind the projections' back.
    await repairs.each(months.values(), ({ groupId, month, days: known }) => this.deriveStored(groupId, month, { days: known.sort(), force: true }));
    this.dirty.clear();
    const views = await this.views.queryAcrossPartitions<PictureMonthView>('SELECT c.id FROM c WHERE c.kind = @k', [{ name: '@k', value: VIEW_KIND }]);
    await repairs.each(views.filter((v) => !months.has(v.id)), (v) => this.views.delete(v.id, v.id));
    return repairs.done();
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
