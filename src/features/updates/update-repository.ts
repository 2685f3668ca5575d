import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import type { SituationUpdate } from './model';

/** Situation updates, partitioned by the posting group: a group's picture is one partition query. */
export class UpdateRepository {
  private readonly updates: Collection<SituationUpdate>;

  constructor(store: Store) {
    this.updates = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
  }

  async get(groupId: string, id: string): Promise<SituationUpdate | undefined> {
    return (await this.updates.read(id, groupId))?.doc;
  }

  /** Stores a new update; `undefined` when one with this id exists (a repeated submit). */
  async create(update: SituationUpdate): Promise<SituationUpdate | undefined> {
    return (await this.updates.create(update))?.doc;
  }

  /** Read-modify-write with ETags. */
  async update(groupId: string, id: string, mutate: Mutation<SituationUpdate>): Promise<{ doc: SituationUpdate | undefined; changed: boolean }> {
    return this.updates.update(id, groupId, mutate);
  }

  /** Every update of one group observed in [from, to] (ISO dates, inclusive), withdrawn ones included. */
  async listObserved(groupId: string, from: string, to: string): Promise<SituationUpdate[]> {
    return this.updates.query<SituationUpdate>(
      'SELECT * FROM c WHERE c.groupId = @pk AND c.observedOn >= @from AND c.observedOn <= @to',
      [
        { name: '@from', value: from },
        { name: '@to', value: to }
      ],
      groupId
    );
  }

  /** Every update of one group (history views and tests). */
  async list(groupId: string): Promise<SituationUpdate[]> {
    return this.updates.query<SituationUpdate>('SELECT * FROM c WHERE c.groupId = @pk', [], groupId);
  }
}
