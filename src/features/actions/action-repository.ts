import { randomUUID } from 'node:crypto';
import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import { isOverdue } from './dates';
import { ACTIVE_STATUSES, OPEN_STATUSES, type Action } from './model';

/** A half-open period `[from, to)` of UTC ISO instants. */
export interface Period {
  from: string;
  to: string;
}

/** Action counts for roll-ups (weekly summary, steering group). */
export interface ActionCounts {
  /** Proposed in the period. */
  proposed: number;
  /** Approved in the period. */
  approved: number;
  /** Done (klar) in the period. */
  done: number;
  /** Approved or started and past their due date, as of `today`. */
  overdue: number;
}

/** Pure: counts actions for a period; `today` is the Swedish calendar date the overdue count is taken on. */
export function countActions(actions: readonly Action[], period: Period, today: string): ActionCounts {
  const within = (at: string | undefined) => !!at && at >= period.from && at < period.to;
  const counts: ActionCounts = { proposed: 0, approved: 0, done: 0, overdue: 0 };
  for (const a of actions) {
    if (within(a.created.at)) counts.proposed++;
    if (a.decision?.outcome === 'godkand' && within(a.decision.at)) counts.approved++;
    if (a.finished?.outcome === 'klar' && within(a.finished.at)) counts.done++;
    if (isOverdue(a, today)) counts.overdue++;
  }
  return counts;
}

/**
 * Actions, partitioned by `groupId`: a group's list is one partition query, a card action one point read.
 * Reads over several groups (mine, overdue, counts) run one partition query per group, never across all.
 * This is the API other features (weekly summary, meeting agenda, ask) read actions through.
 */
export class ActionRepository {
  private readonly actions: Collection<Action>;

  constructor(store: Store) {
    this.actions = new Collection<Action>(store.container('actions'), 'groupId');
  }

  static newId(): string {
    return randomUUID();
  }

  async get(groupId: string, actionId: string): Promise<Action | undefined> {
    return (await this.actions.read(actionId, groupId))?.doc;
  }

  async create(action: Action): Promise<Action | undefined> {
    return (await this.actions.create(action))?.doc;
  }

  /** ETag read-modify-write; `changed` tells whether this call wrote. */
  async update(groupId: string, actionId: string, mutate: Mutation<Action>): Promise<{ doc: Action | undefined; changed: boolean }> {
    return this.actions.update(actionId, groupId, mutate);
  }

  /** Every action of a group, by due date. */
  async listForGroup(groupId: string): Promise<Action[]> {
    return this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk ORDER BY c.dueDate', [], groupId);
  }

  /** Proposed, approved or started actions of a group, by due date. */
  async openForGroup(groupId: string): Promise<Action[]> {
    return this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND ARRAY_CONTAINS(@s, c.status) ORDER BY c.dueDate', [{ name: '@s', value: [...OPEN_STATUSES] }], groupId);
  }

  /** Approved or started actions of a group (what reminders look at). */
  async activeForGroup(groupId: string): Promise<Action[]> {
    return this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND ARRAY_CONTAINS(@s, c.status) ORDER BY c.dueDate', [{ name: '@s', value: [...ACTIVE_STATUSES] }], groupId);
  }

  /** Overdue actions of a set of groups as of the Swedish date `today`, by due date. */
  async overdueForGroups(groupIds: readonly string[], today: string): Promise<Action[]> {
    const lists = await Promise.all(
      groupIds.map((g) =>
        this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND ARRAY_CONTAINS(@s, c.status) AND c.dueDate < @today', [
          { name: '@s', value: [...ACTIVE_STATUSES] },
          { name: '@today', value: today }
        ], g)
      )
    );
    return lists.flat().sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  }

  /** Open actions a person owns in a set of groups (their memberships). */
  async openOwnedBy(groupIds: readonly string[], aadObjectId: string): Promise<Action[]> {
    const lists = await Promise.all(
      groupIds.map((g) =>
        this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND c.ownerAad = @o AND ARRAY_CONTAINS(@s, c.status)', [
          { name: '@o', value: aadObjectId.toLowerCase() },
          { name: '@s', value: [...OPEN_STATUSES] }
        ], g)
      )
    );
    return lists.flat().sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  }

  /** Actions of a set of groups linked to one citizen promise. */
  async linkedToPromise(groupIds: readonly string[], promiseId: string): Promise<Action[]> {
    const lists = await Promise.all(
      groupIds.map((g) => this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND c.promiseId = @p', [{ name: '@p', value: promiseId }], g))
    );
    return lists.flat();
  }

  /** Counts proposed / approved / done in `period` and overdue as of `today`, over a set of groups (aggregated in code). */
  async countsForGroups(groupIds: readonly string[], period: Period, today: string): Promise<ActionCounts> {
    const lists = await Promise.all(groupIds.map((g) => this.listForGroup(g)));
    return countActions(lists.flat(), period, today);
  }
}
