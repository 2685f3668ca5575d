import { byDueDate, isOpenEntry, type ActionEntry } from './action-entries';
import { ACTIVE_STATUSES } from './model';

/**
 * What the list turns (`insatser`, `försenade`, `mina insatser`) show of one group, each by due date,
 * derived from one version of the group's read model. Pure.
 */
export interface EntryLists {
  /** Proposed, approved or started. */
  open: readonly ActionEntry[];
  /** Approved or started: the ones that can be overdue. */
  active: readonly ActionEntry[];
  /** The open ones of each owner, by the owner's object id as the entry holds it. */
  byOwner: ReadonlyMap<string, readonly ActionEntry[]>;
}

/**
 * The lists are shared by every turn that reads the same version of the read model, and handed out
 * without a copy (a group can have thousands of open actions; a list card shows 25): frozen, so no
 * caller can change another turn's list.
 */
export function entryListsOf(entries: Iterable<ActionEntry>): EntryLists {
  const open = [...entries].filter(isOpenEntry).sort(byDueDate);
  const byOwner = new Map<string, ActionEntry[]>();
  for (const e of open) {
    const mine = byOwner.get(e.ownerAad);
    if (mine) mine.push(e);
    else byOwner.set(e.ownerAad, [e]);
  }
  for (const mine of byOwner.values()) Object.freeze(mine);
  return { open: Object.freeze(open), active: Object.freeze(open.filter((e) => ACTIVE_STATUSES.includes(e.status))), byOwner };
}

/** The last overdue prefix of each `active` list, with its day: the same list is asked again all day. */
const lastOverdue = new WeakMap<readonly ActionEntry[], { today: string; overdue: readonly ActionEntry[] }>();

/**
 * The overdue ones of `active` as of the Swedish date `today`: overdue means active and due before
 * today, and `active` is by due date, so they are its prefix (found by binary search). Frozen, and
 * remembered per list for the last day asked.
 */
export function overduePrefix(active: readonly ActionEntry[], today: string): readonly ActionEntry[] {
  const last = lastOverdue.get(active);
  if (last?.today === today) return last.overdue;
  let lo = 0;
  let hi = active.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (active[mid].dueDate < today) lo = mid + 1;
    else hi = mid;
  }
  const overdue = Object.freeze(active.slice(0, lo));
  lastOverdue.set(active, { today, overdue });
  return overdue;
}

/** Several lists, each by due date, as one list by due date: a single list as it is, without a copy. */
export function mergeByDueDate(lists: ReadonlyArray<readonly ActionEntry[]>): readonly ActionEntry[] {
  return lists.length === 1 ? lists[0] : lists.flat().sort(byDueDate);
}

const derived = new WeakMap<object, EntryLists>();

/**
 * The lists of read-model document `doc`, derived once per version: on the embedded store every read
 * gets the same frozen document until it changes, so a list turn in a group with thousands of actions
 * no longer sorts them all again. Elsewhere each read is a new object and this derives every time.
 */
export function entryListsOfDoc(doc: { entries: Record<string, ActionEntry> }): EntryLists {
  let lists = derived.get(doc);
  if (!lists) derived.set(doc, (lists = entryListsOf(Object.values(doc.entries))));
  return lists;
}
