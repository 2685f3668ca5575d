import type { Logger } from 'pino';
import { Collection } from '../../store/collection';
import { cosmosStatus } from '../../store/errors';
import { KeyedProjection, sameEntries, type ReadModel } from '../../store/read-models';
import type { Store } from '../../store/store';
import { isOverdue } from './dates';
import { OPEN_STATUSES, type Action, type ActionLevel, type ActionStatus } from './model';
import type { CitizenPromise, PromiseProgress } from './promise-repository';

const DAY_MS = 24 * 3600_000;

/**
 * How long a closed action (rejected, done, cancelled) stays in its group's read model: until the group's
 * latest activity (the newest proposal, approval or closing it records, its *horizon*) is this many days
 * later. The horizon comes from the data, not a clock, so a recomputation from the sources always gives
 * the same document, and a quiet group keeps what it has. Pruned on write and by the sweep. A period that
 * starts before `horizon - CLOSED_KEEP_DAYS` (a resend of an old week) is counted from the actions.
 */
export const CLOSED_KEEP_DAYS = 120;

/**
 * One action in its group's read model (`actions:<groupId>`): what the list cards, the agenda and the
 * summary's counts show, nothing more. An indicated action carries only its case pseudonym, never its
 * title (as `actionDisplay` shows it).
 */
export interface ActionEntry {
  id: string;
  groupId: string;
  level: ActionLevel;
  status: ActionStatus;
  /** Swedish calendar date `YYYY-MM-DD`. */
  dueDate: string;
  /** Absent for indicated actions. */
  title?: string;
  casePseudonym?: string;
  ownerAad: string;
  /** Display name for the list card; never logged. */
  ownerName: string;
  promiseId?: string;
  createdAt: string;
  /** When a coordinator approved it. */
  approvedAt?: string;
  /** When it was done (klar). */
  doneAt?: string;
  /** When it was rejected, done or cancelled: the closed-window clock starts here. */
  closedAt?: string;
}

/** In a municipality's promise book (`promises:<municipalityKey>`): a promise, or an action linked to one. */
export type BookEntry =
  | { kind: 'promise'; title: string; createdAt: string; periodStart: string }
  | { kind: 'action'; groupId: string; promiseId: string; status: ActionStatus; dueDate: string };

/** A promise from the book: what the summary's promises section shows. */
export interface BookPromise {
  id: string;
  title: string;
  createdAt: string;
  periodStart: string;
}

const groupDocId = (groupId: string) => `actions:${groupId}`;
const bookDocId = (municipalityKey: string) => `promises:${municipalityKey}`;
const GROUP_PREFIX = 'actions:';
const BOOK_PREFIX = 'promises:';

/** When an action closed, or undefined while it is open. Pure. */
function closedAt(a: Action): string | undefined {
  if (a.status === 'avslagen') return a.decision?.at ?? a.updatedAt;
  if (a.status === 'klar' || a.status === 'avbruten') return a.finished?.at ?? a.updatedAt;
  return undefined;
}

/** The latest activity a group's entries record (ISO instant), or undefined when there are none. Pure. */
export function horizonOf(entries: Iterable<ActionEntry>): string | undefined {
  let max: string | undefined;
  for (const e of entries) for (const at of [e.createdAt, e.approvedAt, e.closedAt]) if (at && (!max || at > max)) max = at;
  return max;
}

/** The instant before which closed entries leave the read model (and periods are not held whole). Pure. */
export function keptSince(entries: Iterable<ActionEntry>): number {
  const horizon = horizonOf(entries);
  return horizon === undefined ? -Infinity : Date.parse(horizon) - CLOSED_KEEP_DAYS * DAY_MS;
}

/** Whether an entry closed before `since`. Pure. */
const expiredSince = (e: ActionEntry, since: number) => !!e.closedAt && Date.parse(e.closedAt) < since;

/** Whether the entries hold every action relevant to a period starting at `from`. Pure. */
export function holdsPeriodFrom(entries: readonly ActionEntry[], from: string): boolean {
  return Date.parse(from) >= keptSince(entries);
}

/** The group read model's entry of an action. Pure; no undefined fields (entries compare as JSON). */
export function actionEntryOf(a: Action): ActionEntry {
  const entry: ActionEntry = { id: a.id, groupId: a.groupId, level: a.level, status: a.status, dueDate: a.dueDate, ownerAad: a.ownerAad, ownerName: a.ownerName, createdAt: a.created.at };
  if (a.level === 'indikerad') entry.casePseudonym = a.casePseudonym ?? '';
  else entry.title = a.title;
  if (a.promiseId) entry.promiseId = a.promiseId;
  if (a.decision?.outcome === 'godkand') entry.approvedAt = a.decision.at;
  if (a.finished?.outcome === 'klar') entry.doneAt = a.finished.at;
  const closed = closedAt(a);
  if (closed) entry.closedAt = closed;
  return entry;
}

/** Statuses a promise's progress counts (proposed, committed, done); rejected and cancelled ones never count. */
const BOOK_STATUSES: readonly ActionStatus[] = ['foreslagen', 'godkand', 'pagar', 'klar'];

/** The promise book's entry of an action of municipality `mk`, or undefined when it does not count there. Pure. */
export function bookEntryOf(a: Action, mk: string): BookEntry | undefined {
  if (!a.promiseId || a.municipalityKey !== mk || !BOOK_STATUSES.includes(a.status)) return undefined;
  return { kind: 'action', groupId: a.groupId, promiseId: a.promiseId, status: a.status, dueDate: a.dueDate };
}

function promiseEntryOf(p: CitizenPromise): BookEntry {
  return { kind: 'promise', title: p.title, createdAt: p.created.at, periodStart: p.periodStart };
}

/** By due date, then proposal time and id, so a list is the same whatever order entries were stored in. */
export function byDueDate(a: ActionEntry, b: ActionEntry): number {
  return a.dueDate.localeCompare(b.dueDate) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** Pure: action counts of a period from read-model entries (as `countActions` counts the actions). */
export function countEntries(entries: readonly ActionEntry[], period: { from: string; to: string }, today: string): { proposed: number; approved: number; done: number; overdue: number } {
  const within = (at: string | undefined) => !!at && at >= period.from && at < period.to;
  const counts = { proposed: 0, approved: 0, done: 0, overdue: 0 };
  for (const e of entries) {
    if (within(e.createdAt)) counts.proposed++;
    if (within(e.approvedAt)) counts.approved++;
    if (within(e.doneAt)) counts.done++;
    if (isOverdue(e, today)) counts.overdue++;
  }
  return counts;
}

/** Pure: a promise's progress from the book's linked-action entries of the reached groups. */
export function bookProgress(book: Record<string, BookEntry>, promiseId: string, groupIds: readonly string[], today: string): PromiseProgress {
  const reached = new Set(groupIds);
  const p: PromiseProgress = { total: 0, done: 0, overdue: 0, proposed: 0 };
  for (const e of Object.values(book)) {
    if (e.kind !== 'action' || e.promiseId !== promiseId || !reached.has(e.groupId)) continue;
    if (e.status === 'foreslagen') p.proposed++;
    if (e.status === 'godkand' || e.status === 'pagar' || e.status === 'klar') p.total++;
    if (e.status === 'klar') p.done++;
    if (isOverdue(e, today)) p.overdue++;
  }
  return p;
}

/** What the projections need besides the store: a logger for failed projections. */
export interface ProjectionOptions {
  logger?: Logger;
}

/**
 * The read models of actions (container `read-models`): per group `actions:<groupId>` with its open
 * actions and the ones closed within {@link CLOSED_KEEP_DAYS}; per municipality `promises:<key>` with its
 * citizen promises and the actions linked to them. Read turns (`insatser`, `försenade`, `mina insatser`,
 * the agenda, the weekly summary) read these by id instead of querying actions.
 *
 * Kept by `ActionRepository` / `PromiseRepository` writes: each projection reads the source inside the
 * read model's ETag loop (`KeyedProjection`), so repeated writes, concurrent writers and ETag retries end
 * equal to the source. A failed projection never fails the acknowledged write: it is logged (ids only)
 * and left to the sweep, which compares every read model with the sources.
 */
export class ActionReadModels {
  readonly groups: KeyedProjection<ActionEntry>;
  readonly books: KeyedProjection<BookEntry>;
  private readonly actions: Collection<Action>;
  private readonly promises: Collection<CitizenPromise>;
  /** Read models whose projection failed here: the sweep does them even when they do not exist yet. */
  private readonly dirty = new Set<string>();

  constructor(
    store: Store,
    private readonly options: ProjectionOptions = {}
  ) {
    this.groups = new KeyedProjection<ActionEntry>(store, 'actions');
    this.books = new KeyedProjection<BookEntry>(store, 'promises');
    this.actions = new Collection<Action>(store.container('actions'), 'groupId');
    this.promises = new Collection<CitizenPromise>(store.container('promises'), 'municipalityKey');
  }

  private async readAction(groupId: string, actionId: string): Promise<Action | undefined> {
    return (await this.actions.read(actionId, groupId))?.doc;
  }

  /** The group's read-model entries as the sources say (one partition query). */
  private async groupFromSource(groupId: string): Promise<Record<string, ActionEntry>> {
    const list = await this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk', [], groupId);
    return entriesOfGroup(list);
  }

  /** The municipality's promise book as the sources say (a partition query of promises, one of linked actions). */
  private async bookFromSource(mk: string): Promise<Record<string, BookEntry>> {
    const [promises, linked] = await Promise.all([
      this.promises.query<CitizenPromise>('SELECT * FROM c WHERE c.municipalityKey = @pk', [], mk),
      // Linked actions span the municipality's groups: a cross-partition query, only when the book is built or repaired.
      this.actions.queryAcrossPartitions<Action>('SELECT * FROM c WHERE c.municipalityKey = @mk AND IS_DEFINED(c.promiseId)', [{ name: '@mk', value: mk }])
    ]);
    return entriesOfBook(promises, linked, mk);
  }

  /** Runs one projection; a failure is recorded for the sweep and logged without personal data. */
  private async guarded(id: string, project: () => Promise<unknown>): Promise<void> {
    try {
      await project();
      this.dirty.delete(id);
    } catch (err) {
      this.dirty.add(id);
      this.options.logger?.warn({ readModel: id.split(':')[0], status: cosmosStatus(err) }, 'read-model projection failed; the sweep repairs it');
    }
  }

  /**
   * Brings the read models in line with action `actionId` as stored now: its group's and, when it is
   * linked to a citizen promise, its municipality's book. Never throws.
   */
  async projectAction(groupId: string, actionId: string, hint?: Pick<Action, 'municipalityKey' | 'promiseId'>): Promise<void> {
    const id = groupDocId(groupId);
    await this.guarded(id, async () => {
      const doc = await this.groups.project(id, actionId, async () => {
        const a = await this.readAction(groupId, actionId);
        return a ? actionEntryOf(a) : undefined;
      }, () => this.groupFromSource(groupId));
      // Closed actions past the window leave once the group's activity moved on (rarely: once per expiry).
      const entries = Object.values(doc?.entries ?? {});
      const since = keptSince(entries);
      if (entries.some((e) => expiredSince(e, since))) await this.groups.reconcile(id, () => this.groupFromSource(groupId));
    });
    // A promise link is set at proposal and never changes.
    if (!hint?.promiseId) return;
    const mk = hint.municipalityKey;
    const book = bookDocId(mk);
    await this.guarded(book, () =>
      this.books.project(book, `action:${groupId}/${actionId}`, async () => {
        const a = await this.readAction(groupId, actionId);
        return a ? bookEntryOf(a, mk) : undefined;
      }, () => this.bookFromSource(mk))
    );
  }

  /** Brings the municipality's book in line with promise `promiseId` as stored now. Never throws. */
  async projectPromise(mk: string, promiseId: string): Promise<void> {
    const book = bookDocId(mk);
    await this.guarded(book, () =>
      this.books.project(book, `promise:${promiseId}`, async () => {
        const p = (await this.promises.read(promiseId, mk))?.doc;
        return p ? promiseEntryOf(p) : undefined;
      }, () => this.bookFromSource(mk))
    );
  }

  /** The group's entries: one point read (built from the source, once, when missing). */
  async entriesOf(groupId: string): Promise<ActionEntry[]> {
    const doc = await this.groups.read(groupDocId(groupId));
    if (doc) return Object.values(doc.entries);
    let built: Record<string, ActionEntry> = {};
    await this.groups.reconcile(groupDocId(groupId), async () => (built = await this.groupFromSource(groupId)));
    return Object.values(built);
  }

  /** The municipality's promise book: one point read (built from the sources, once, when missing). */
  async bookOf(mk: string): Promise<Record<string, BookEntry>> {
    const doc = await this.books.read(bookDocId(mk));
    if (doc) return doc.entries;
    let built: Record<string, BookEntry> = {};
    await this.books.reconcile(bookDocId(mk), async () => (built = await this.bookFromSource(mk)));
    return built;
  }

  /** The promises in a book, oldest first. Pure helper over {@link bookOf}. */
  static promisesIn(book: Record<string, BookEntry>): BookPromise[] {
    const out: BookPromise[] = [];
    for (const [key, e] of Object.entries(book)) if (e.kind === 'promise') out.push({ id: key.slice('promise:'.length), title: e.title, createdAt: e.createdAt, periodStart: e.periodStart });
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /**
   * Compares every actions read model with the sources and reconciles each that differs (and
   * any whose projection failed here). Two cross-partition queries of the sources and one of the read
   * models per kind; writes only what differs. Returns how many documents it repaired.
   */
  async sweep(): Promise<number> {
    let repaired = 0;
    const [actions, promises, groupDocs, books] = await Promise.all([
      this.actions.queryAcrossPartitions<Action>('SELECT * FROM c', []),
      this.promises.queryAcrossPartitions<CitizenPromise>('SELECT * FROM c', []),
      this.groups.listAll(),
      this.books.listAll()
    ]);
    const byGroup = new Map<string, Action[]>();
    for (const a of actions) byGroup.set(a.groupId, [...(byGroup.get(a.groupId) ?? []), a]);
    const stored = new Map(groupDocs.map((d) => [d.id, d.entries]));
    for (const id of [...this.dirty].filter((d) => d.startsWith(GROUP_PREFIX))) if (!stored.has(id)) stored.set(id, {});
    for (const [id, entries] of stored) {
      const groupId = id.slice(GROUP_PREFIX.length);
      if (sameEntries(entries, entriesOfGroup(byGroup.get(groupId) ?? [])) && !this.dirty.has(id)) continue;
      if (await this.groups.reconcile(id, () => this.groupFromSource(groupId))) repaired++;
      this.dirty.delete(id);
    }
    const storedBooks = new Map(books.map((d) => [d.id, d.entries]));
    for (const id of [...this.dirty].filter((d) => d.startsWith(BOOK_PREFIX))) if (!storedBooks.has(id)) storedBooks.set(id, {});
    for (const [id, entries] of storedBooks) {
      const mk = id.slice(BOOK_PREFIX.length);
      const expected = entriesOfBook(promises.filter((p) => p.municipalityKey === mk), actions, mk);
      if (sameEntries(entries, expected) && !this.dirty.has(id)) continue;
      if (await this.books.reconcile(id, () => this.bookFromSource(mk))) repaired++;
      this.dirty.delete(id);
    }
    return repaired;
  }

  /** Drops every actions read model and builds them again from the sources. */
  async rebuild(): Promise<Record<string, number>> {
    const dropped = (await this.groups.dropAll()) + (await this.books.dropAll());
    const [actions, promises] = await Promise.all([
      this.actions.queryAcrossPartitions<Action>('SELECT * FROM c', []),
      this.promises.queryAcrossPartitions<CitizenPromise>('SELECT * FROM c', [])
    ]);
    const groups = new Set(actions.map((a) => a.groupId));
    for (const g of groups) await this.groups.reconcile(groupDocId(g), () => this.groupFromSource(g));
    const municipalities = new Set([...promises.map((p) => p.municipalityKey), ...actions.filter((a) => a.promiseId).map((a) => a.municipalityKey)]);
    for (const mk of municipalities) await this.books.reconcile(bookDocId(mk), () => this.bookFromSource(mk));
    this.dirty.clear();
    return { dropped, groups: groups.size, municipalities: municipalities.size };
  }
}

/** Pure: a group's read-model entries from its actions (closed ones past the window left out). */
export function entriesOfGroup(actions: readonly Action[]): Record<string, ActionEntry> {
  const all = actions.map(actionEntryOf);
  const since = keptSince(all);
  const out: Record<string, ActionEntry> = {};
  for (const e of all) if (!expiredSince(e, since)) out[e.id] = e;
  return out;
}

/** Pure: a municipality's book from its promises and the actions (of any municipality; others are skipped). */
export function entriesOfBook(promises: readonly CitizenPromise[], actions: readonly Action[], mk: string): Record<string, BookEntry> {
  const out: Record<string, BookEntry> = {};
  for (const p of promises) if (p.municipalityKey === mk) out[`promise:${p.id}`] = promiseEntryOf(p);
  for (const a of actions) {
    const entry = bookEntryOf(a, mk);
    if (entry) out[`action:${a.groupId}/${a.id}`] = entry;
  }
  return out;
}

/** The actions read models as one family of the registry. */
export function actionsReadModel(models: ActionReadModels): ReadModel {
  return { name: 'actions', sweep: () => models.sweep(), rebuild: () => models.rebuild() };
}

/** Whether an entry is open (proposed, approved or started). */
export const isOpenEntry = (e: ActionEntry) => OPEN_STATUSES.includes(e.status);
