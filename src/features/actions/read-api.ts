import type { Store } from '../../store/store';
import type { GroupRepository } from '../groups/group-repository';
import { ActionRepository, type ActionCounts, type Period } from './action-repository';
import type { Action } from './model';
import { PromiseRepository, promiseProgress, type CitizenPromise, type PromiseProgress } from './promise-repository';

export type { ActionCounts, Period } from './action-repository';
export type { CitizenPromise, PromiseProgress } from './promise-repository';

/**
 * What other features (weekly summary, meeting agenda, ask) read about actions and citizen promises.
 * Read-only; every query is scoped to a partition (one per group, one per municipality).
 * Indicated actions carry only a case pseudonym: show them with `actionDisplay` from `./cards`.
 */
export class ActionsReadApi {
  readonly actions: ActionRepository;
  readonly promises: PromiseRepository;

  constructor(
    store: Store,
    private readonly groups: GroupRepository
  ) {
    this.actions = new ActionRepository(store);
    this.promises = new PromiseRepository(store);
  }

  /** Proposed, approved or started actions of one group, by due date. */
  openForGroup(groupId: string): Promise<Action[]> {
    return this.actions.openForGroup(groupId);
  }

  /** Approved or started actions past their due date, over a set of groups; `today` is a Swedish date `YYYY-MM-DD`. */
  overdueForGroups(groupIds: readonly string[], today: string): Promise<Action[]> {
    return this.actions.overdueForGroups(groupIds, today);
  }

  /** Proposed / approved / done in `period`, overdue as of `today`, over a set of groups. */
  countsForGroups(groupIds: readonly string[], period: Period, today: string): Promise<ActionCounts> {
    return this.actions.countsForGroups(groupIds, period, today);
  }

  /**
   * Progress of one promise over the actions of the groups the asker reaches (itself and, for a
   * steering group, the SSPF groups linked to it): never every group that names the same municipality.
   */
  async promiseProgress(promise: CitizenPromise, groupIds: readonly string[], today: string): Promise<PromiseProgress> {
    return promiseProgress(await this.actions.linkedToPromise(groupIds, promise.id), today);
  }

  /** A municipality's promises with their progress over the actions of `groupIds` (newest period first). */
  async promisesWithProgress(municipalityKey: string, groupIds: readonly string[], today: string): Promise<Array<{ promise: CitizenPromise; progress: PromiseProgress }>> {
    const list = await this.promises.listForMunicipality(municipalityKey);
    return Promise.all(list.map(async (promise) => ({ promise, progress: promiseProgress(await this.actions.linkedToPromise(groupIds, promise.id), today) })));
  }
}
