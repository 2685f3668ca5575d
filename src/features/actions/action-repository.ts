import { randomUUID } from 'node:crypto';
import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import { ActionReadModels, countEntries, holdsPeriodFrom, type ActionEntry, type ProjectionOptions } from './action-read-models';
import { isOverdue } from './dates';
import { mergeByDueDate, overduePrefix } from './entry-lists';
import { ACTIVE_STATUSES, type Action } from './model';

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
 * Actions, partitioned by `groupId`: a card action is one point read and one ETag write, and every write
 * keeps the group's read model (`action-read-models.ts`). Read turns (open, overdue, mine, counts) read
 * the read models by id, one per group; jobs and retention query the actions.
 * This is the API other features (weekly summary, meeting agenda, ask) read actions through.
 */
export class ActionRepository {
  private readonly actions: Collection<Action>;
  /** The read models every write of this repository keeps (`action-read-models.ts`). */
  readonly readModels: ActionReadModels;

  constructor(store: Store, options: ProjectionOptions = {}) {
    this.actions = new Collection<Action>(store.container('actions'), 'groupId');
    this.readModels = new ActionReadModels(store, options);
  }

  static newId(): string {
    return randomUUID();
  }

  async get(groupId: string, actionId: string): Promise<Action | undefined> {
    return (await this.actions.read(actionId, groupId))?.doc;
  }

  /**
   * Creates the action (undefined when it exists) and projects it into the read models; a repeated
   * create projects again, which repairs a projection an earlier attempt could not make.
   */
  async create(action: Action): Promise<Action | undefined> {
    const created = (await this.actions.create(action))?.doc;
    await this.readModels.projectAction(action.groupId, action.id, action);
    return created;
  }

  /**
   * ETag read-modify-write; `changed` tells whether this call wrote. Every writer (commands, retention)
   * comes through here, so the read models follow each change. An unchanged write (a double click, a
   * decision someone else made) costs no projection: a projection that failed earlier is the sweep's.
   */
  async update(groupId: string, actionId: string, mutate: Mutation<Action>): Promise<{ doc: Action | undefined; changed: boolean }> {
    const result = await this.actions.update(actionId, groupId, mutate);
    if (result.changed && result.doc) await this.readModels.projectAction(groupId, actionId, result.doc);
    return result;
  }

  // ---- read models: point reads only ---------------------------------------------------------------

  /** Proposed, approved or started actions of a group, by due date, from its read model. */
  async openEntries(groupId: string): Promise<readonly ActionEntry[]> {
    return (await this.readModels.listsOf(groupId)).open;
  }

  /** Overdue actions of a set of groups as of the Swedish date `today`, by due date, from their read models. */
  async overdueEntries(groupIds: readonly string[], today: string): Promise<readonly ActionEntry[]> {
    const lists = await Promise.all(groupIds.map((g) => this.readModels.listsOf(g)));
    return mergeByDueDate(lists.map((l) => overduePrefix(l.active, today)));
  }

  /** Open actions a person owns in a set of groups, by due date, from their read models. */
  async ownedEntries(groupIds: readonly string[], aadObjectId: string): Promise<readonly ActionEntry[]> {
    const owner = aadObjectId.toLowerCase();
    const lists = await Promise.all(groupIds.map((g) => this.readModels.listsOf(g)));
    return mergeByDueDate(lists.map((l) => l.byOwner.get(owner) ?? []));
  }

  /** Every action of a group, by due date. */
  async listForGroup(groupId: string): Promise<Action[]> {
    return this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk ORDER BY c.dueDate', [], groupId);
  }

  /** Approved or started actions of a group (what reminders look at). */
  async activeForGroup(groupId: string): Promise<Action[]> {
    return this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk AND ARRAY_CONTAINS(@s, c.status) ORDER BY c.dueDate', [{ name: '@s', value: [...ACTIVE_STATUSES] }], groupId);
  }

  /**
   * Counts proposed / approved / done in `period` and overdue as of `today`, over a set of groups: from
   * each group's read model (one point read) when it holds the whole period, else from its actions.
   */
  async countsForGroups(groupIds: readonly string[], period: Period, today: string): Promise<ActionCounts> {
    const perGroup = await Promise.all(
      groupIds.map(async (g) => {
        const entries = await this.readModels.entriesOf(g);
        return holdsPeriodFrom(entries, period.from) ? countEntries(entries, period, today) : countActions(await this.listForGroup(g), period, today);
      })
    );
    return perGroup.reduce((sum, c) => ({ proposed: sum.proposed + c.proposed, approved: sum.approved + c.approved, done: sum.done + c.done, overdue: sum.overdue + c.overdue }), { proposed: 0, approved: 0, done: 0, overdue: 0 });
  }
}
