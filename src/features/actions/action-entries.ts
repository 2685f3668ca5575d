import { isOverdue } from './dates';
import { OPEN_STATUSES, type Action, type ActionLevel, type ActionStatus, type CitizenPromise, type PromiseProgress } from './model';

// The pure part of the actions read models (`action-read-models.ts`): entries, the window, counts, progress.
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

/** When an action closed, or undefined while it is open. Pure. */
export function closedAt(a: Action): string | undefined {
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
export const expiredSince = (e: ActionEntry, since: number) => !!e.closedAt && Date.parse(e.closedAt) < since;

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

export function promiseEntryOf(p: CitizenPromise): BookEntry {
  return { kind: 'promise', title: p.title, createdAt: p.created.at, periodStart: p.periodStart };
}

/**
 * By due date, then proposal time and id, so a list is the same whatever order entries were stored in.
 * All three are ASCII (ISO dates, ids): compared by code unit, without the collator `localeCompare` runs
 * (a list sorts every open action of its group on every turn).
 */
export function byDueDate(a: ActionEntry, b: ActionEntry): number {
  return ordinal(a.dueDate, b.dueDate) || ordinal(a.createdAt, b.createdAt) || ordinal(a.id, b.id);
}

const ordinal = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

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

/** Whether an entry is open (proposed, approved or started). */
export const isOpenEntry = (e: ActionEntry) => OPEN_STATUSES.includes(e.status);

/** The promises in a book, oldest first. Pure. */
export function promisesIn(book: Record<string, BookEntry>): BookPromise[] {
  const out: BookPromise[] = [];
  for (const [key, e] of Object.entries(book)) if (e.kind === 'promise') out.push({ id: key.slice('promise:'.length), title: e.title, createdAt: e.createdAt, periodStart: e.periodStart });
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
