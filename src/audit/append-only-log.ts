import { randomUUID } from 'node:crypto';
import { Collection } from '../store/collection';
import type { ContainerId } from '../store/containers';
import type { Store } from '../store/store';

/**
 * The shape shared by Trygg's logs (case audit, group audit, security log): one container, entries only
 * ever created with a fresh id and read; no update path. On Azure the app's role on these containers may
 * only create and read (infra/), and each container's time-to-live expires entries after the retention.
 */
export abstract class AppendOnlyLog<T extends { id: string }> {
  /** The log's entries; subclasses read them with their own queries. */
  protected readonly entries: Collection<T>;

  /**
   * @param container the store container of this log
   * @param partitionKey the entry field the container is partitioned by
   * @param kind named in the error when an id collides (`audit entry`, `security event`, …)
   */
  protected constructor(
    store: Store,
    container: ContainerId,
    partitionKey: keyof T & string,
    private readonly kind: string,
    protected readonly newId: () => string = randomUUID
  ) {
    this.entries = new Collection<T>(store.container(container), partitionKey);
  }

  /** Stores one complete entry; throws when it could not be stored, so callers go on only once it is logged. */
  protected async insert(entry: Omit<T, 'id'>): Promise<T> {
    const doc = { ...entry, id: this.newId() } as T;
    const created = await this.entries.create(doc);
    if (!created) throw new Error(`${this.kind} id collision`);
    return created.doc;
  }
}
