import type { Store } from '../../store/store';
import type { GroupRepository } from '../groups/group-repository';
import { bookProgress, promisesIn, type ActionEntry, type ProjectionOptions } from './action-read-models';
import { ActionRepository, type ActionCounts, type Period } from './action-repository';
import { PromiseRepository, type CitizenPromise, type PromiseProgress } from './promise-repository';

export type { ActionCounts, Period } from './action-repository';
export type { CitizenPromise, PromiseProgress } from './promise-repository';

/**
 * What other features (weekly summary, meeting agenda, ask) read about actions and citizen promises.
 * Read-only, from the read models (`action-read-models.ts`): a point read per group, one per
 * municipality. Indicated actions carry only a case pseudonym: show them with `actionDisplay` from `./cards`.
 */
export class ActionsReadApi {
  readonly actions: ActionRepository;
  readonly promises: PromiseRepository;

  constructor(
    store: Store,
    private readonly groups: GroupRepository,
    options: ProjectionOptions = {}
  ) {
    this.actions = new ActionRepository(store, options);
    this.promises = new PromiseRepository(store, options);
  }

  /** Proposed, approved or started actions of one group, by due date. */
  openForGroup(groupId: string): Promise<readonly ActionEntry[]> {
    return this.actions.openEntries(groupId);
  }

  /** Approved or started actions past their due date, over a set of groups; `today` is a Swedish date `YYYY-MM-DD`. */
  overdueForGroups(groupIds: readonly string[], today: string): Promise<readonly ActionEntry[]> {
    return this.actions.overdueEntries(groupIds, today);
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
    return bookProgress(await this.actions.readModels.bookOf(promise.municipalityKey), promise.id, groupIds, today);
  }

  /** A municipality's promises (the whole documents, for the promises card) with their progress over the actions of `groupIds` (newest period first). */
  async promisesWithProgress(municipalityKey: string, groupIds: readonly string[], today: string): Promise<Array<{ promise: CitizenPromise; progress: PromiseProgress }>> {
    const [list, book] = await Promise.all([this.promises.listForMunicipality(municipalityKey), this.actions.readModels.bookOf(municipalityKey)]);
    return list.map((promise) => ({ promise, progress: bookProgress(book, promise.id, groupIds, today) }));
  }

  /**
   * A municipality's promises by title, oldest first, with their progress over `groupIds`: one point read
   * of its promise book (the weekly summary).
   */
  async promiseTitlesWithProgress(municipalityKey: string, groupIds: readonly string[], today: string): Promise<Array<{ title: string; progress: PromiseProgress }>> {
    const book = await this.actions.readModels.bookOf(municipalityKey);
    return promisesIn(book).map((p) => ({ title: p.title, progress: bookProgress(book, p.id, groupIds, today) }));
  }
}
