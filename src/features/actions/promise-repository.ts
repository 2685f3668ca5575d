import { randomUUID } from 'node:crypto';
import { Collection } from '../../store/collection';
import type { Store } from '../../store/store';
import { ActionReadModels, type ProjectionOptions } from './action-read-models';
import { isOverdue } from './dates';
import type { Action, CitizenPromise, PromiseProgress } from './model';

export type { CitizenPromise, PromiseProgress } from './model';

/** Pure: progress of a promise from its linked actions, overdue as of the Swedish date `today`. */
export function promiseProgress(linked: readonly Action[], today: string): PromiseProgress {
  const p: PromiseProgress = { total: 0, done: 0, overdue: 0, proposed: 0 };
  for (const a of linked) {
    if (a.status === 'foreslagen') p.proposed++;
    if (a.status === 'godkand' || a.status === 'pagar' || a.status === 'klar') p.total++;
    if (a.status === 'klar') p.done++;
    if (isOverdue(a, today)) p.overdue++;
  }
  return p;
}

/** Citizen promises: a municipality's promises are one partition query. */
export class PromiseRepository {
  private readonly promises: Collection<CitizenPromise>;
  private readonly readModels: ActionReadModels;

  constructor(store: Store, options: ProjectionOptions = {}) {
    this.promises = new Collection<CitizenPromise>(store.container('promises'), 'municipalityKey');
    this.readModels = new ActionReadModels(store, options);
  }

  static newId(): string {
    return randomUUID();
  }

  async get(municipalityKey: string, id: string): Promise<CitizenPromise | undefined> {
    return (await this.promises.read(id, municipalityKey))?.doc;
  }

  /** Creates the promise (undefined when it exists) and projects it into its municipality's promise book. */
  async create(promise: CitizenPromise): Promise<CitizenPromise | undefined> {
    const created = (await this.promises.create(promise))?.doc;
    await this.readModels.projectPromise(promise.municipalityKey, promise.id);
    return created;
  }

  /** The municipality's promises, newest period first. */
  async listForMunicipality(municipalityKey: string): Promise<CitizenPromise[]> {
    return this.promises.query<CitizenPromise>('SELECT * FROM c WHERE c.municipalityKey = @pk ORDER BY c.periodStart DESC', [], municipalityKey);
  }
}
