import { Collection, type Mutation } from '../../store/collection';
import type { Store } from '../../store/store';
import type { SituationUpdate } from './model';
import type { DayRange, LatestUpdate, PictureRow } from './picture';
import { PictureReadModels } from './picture-read-models';
import type { ProjectionLogger } from './picture-views';

/**
 * Situation updates, partitioned by the posting group. Every write goes through here and projects the
 * situation picture's read models (picture-read-models.ts), so every writer keeps them: the service,
 * a repeated submit, scripts and tests alike. Reads of the picture use the read models by id.
 */
export class UpdateRepository {
  private readonly updates: Collection<SituationUpdate>;
  /** The situation picture's read models, kept by this repository's writes. */
  readonly picture: PictureReadModels;

  constructor(store: Store, logger?: ProjectionLogger) {
    this.updates = new Collection<SituationUpdate>(store.container('updates'), 'groupId');
    this.picture = new PictureReadModels(store, logger);
  }

  async get(groupId: string, id: string): Promise<SituationUpdate | undefined> {
    return (await this.updates.read(id, groupId))?.doc;
  }

  /**
   * Stores a new update; `undefined` when one with this id exists (a repeated submit). Either way the
   * month is projected: a repeated submit after a crash between the two writes repairs the read model.
   */
  async create(update: SituationUpdate): Promise<SituationUpdate | undefined> {
    const created = (await this.updates.create(update))?.doc;
    const stored = created ?? (await this.get(update.groupId, update.id));
    await this.picture.project(update.groupId, update.id, [update.observedOn, ...(stored ? [stored.observedOn] : [])]);
    return created;
  }

  /**
   * Read-modify-write with ETags. The days the update was observed on before and after are projected,
   * so an edit that moves it to another day (or month) moves its count, and a withdrawal subtracts it.
   */
  async update(groupId: string, id: string, mutate: Mutation<SituationUpdate>): Promise<{ doc: SituationUpdate | undefined; changed: boolean }> {
    const days = new Set<string>();
    const result = await this.updates.update(id, groupId, (current) => {
      if (current) days.add(current.observedOn);
      return mutate(current);
    });
    if (result.doc) days.add(result.doc.observedOn);
    // Also when nothing changed: a repeated withdrawal ("försök igen") repairs a projection that failed.
    if (days.size > 0) await this.picture.project(groupId, id, days);
    return result;
  }

  /** The situation picture's rows and latest candidates of one group within a day range: point reads of its month views. */
  pictureRows(groupId: string, range: DayRange): Promise<{ rows: PictureRow[]; latest: LatestUpdate[] }> {
    return this.picture.rows(groupId, range);
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
