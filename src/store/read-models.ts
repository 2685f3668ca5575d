import { Collection, type Versioned } from './collection';
import { cosmosStatus } from './errors';
import { KeyedQueue } from './keyed-queue';
import type { Store } from './store';

/**
 * One queue per store: every projection onto a read-model document in this process waits for the one
 * before it, whichever `KeyedProjection` instance (each repository has its own) runs it.
 */
const queues = new WeakMap<Store, KeyedQueue>();

function queueOf(store: Store): KeyedQueue {
  let queue = queues.get(store);
  if (!queue) queues.set(store, (queue = new KeyedQueue()));
  return queue;
}

/**
 * One family of read models (membership, situation picture, open actions, meetings…): kept by the
 * writes of its feature, repaired by `sweep`, recomputed by `rebuild`.
 */
export interface ReadModel {
  /** Short name for logs and the rebuild report (`members`, `picture`, `actions`…). */
  name: string;
  /**
   * Brings every read model of the family in line with its source documents where they differ (a
   * failed projection, a crash between the source write and the projection, an ETag retry that gave
   * up). Runs at start and every few minutes; returns how many read-model documents it repaired.
   */
  sweep(now: Date): Promise<number>;
  /**
   * Drops the family's read models and computes them again from the sources; returns counts for the
   * report. A family whose documents are per group or per municipality writes one for every group in
   * `known` too, empty when no source names it, so no read after a rebuild builds one (with a query).
   */
  rebuild(now: Date, known: readonly KnownGroup[]): Promise<Record<string, number>>;
}

/**
 * A sweep that could not repair every document it had to: the others were repaired all the same, and the
 * next sweep tries again. Its message has counts and the first store status only, no ids (it is logged).
 */
export class SweepIncomplete extends Error {
  constructor(
    readonly repaired: number,
    readonly failed: number,
    first: unknown
  ) {
    const status = cosmosStatus(first);
    super(`${failed} read-model document(s) could not be repaired${status ? ` (first: store status ${status})` : ''}; ${repaired} repaired`);
    this.name = 'SweepIncomplete';
  }
}

/**
 * The repairs of one sweep, each document on its own: one that cannot be written (a store fault, an item
 * over Azure Cosmos DB's 2 MB) never keeps the documents after it stale. `done` gives the count, or throws
 * `SweepIncomplete` once every document was tried.
 */
export class Repairs {
  private repaired = 0;
  private failed = 0;
  private first: unknown;

  /** Runs `repair` for each key (one after the other); `true` counts as repaired, a throw as failed. */
  async each<K>(keys: Iterable<K>, repair: (key: K) => Promise<boolean>): Promise<void> {
    for (const key of keys) {
      try {
        if (await repair(key)) this.repaired++;
      } catch (err) {
        this.failed++;
        this.first ??= err;
      }
    }
  }

  done(): number {
    if (this.failed > 0) throw new SweepIncomplete(this.repaired, this.failed, this.first);
    return this.repaired;
  }
}

/** A registered group as a rebuild needs it: its id, its kind and its municipality's key. */
export interface KnownGroup {
  id: string;
  kind: string;
  municipalityKey: string;
}

/** The read models of one app instance, so one sweep job and one rebuild script reach all of them. */
export class ReadModelRegistry {
  private readonly models = new Map<string, ReadModel>();

  /** @param knownGroups every registered group (the rebuild's `known`). */
  constructor(private readonly knownGroups: () => Promise<readonly KnownGroup[]> = async () => []) {}

  /** Adds a family; a second one with the same name is a bug. */
  register(model: ReadModel): void {
    if (this.models.has(model.name)) throw new Error(`A read model named ${model.name} is already registered`);
    this.models.set(model.name, model);
  }

  list(): ReadModel[] {
    return [...this.models.values()];
  }

  /**
   * Sweeps every family; one family's failure does not stop the others (it is reported and the next
   * sweep tries again). Returns the repairs per family and the families that failed.
   */
  async sweepAll(now: Date): Promise<{ repaired: Record<string, number>; failed: Record<string, string> }> {
    const repaired: Record<string, number> = {};
    const failed: Record<string, string> = {};
    for (const model of this.models.values()) {
      try {
        repaired[model.name] = await model.sweep(now);
      } catch (err) {
        if (err instanceof SweepIncomplete) repaired[model.name] = err.repaired;
        failed[model.name] = (err as Error).message;
      }
    }
    return { repaired, failed };
  }

  /** Rebuilds every family, one after the other, for the groups registered now. */
  async rebuildAll(now: Date): Promise<Record<string, Record<string, number>>> {
    const known = await this.knownGroups();
    const out: Record<string, Record<string, number>> = {};
    for (const model of this.models.values()) out[model.name] = await model.rebuild(now, known);
    return out;
  }
}

/**
 * A read-model document that holds one entry per source document, keyed by the source's id: "the read
 * model records which source ids it counted". Setting or removing an entry is idempotent, so a repeated
 * write ("försök igen") or a sweep that projects again never counts twice.
 */
export interface KeyedDoc<E> {
  /** The read-model id, e.g. `actions:<groupId>`; also the partition key of `read-models`. */
  id: string;
  kind: string;
  entries: Record<string, E>;
}

/**
 * Keeps keyed read-model documents in the `read-models` container. Every projection reads the source
 * inside the read model's own ETag loop, so concurrent writers, a repeated write or an ETag conflict all
 * end with the entry equal to the source: whichever projection writes last has read the latest source.
 * The in-process cache of `read-models` (embedded store only) makes the read turns' point reads free.
 *
 * Within the process, projections and reconciliations of one document run one at a time: a burst of
 * writes in one group (50 approvals from cards at once) would otherwise race into ETag conflicts until
 * the loop gave up and the read model stayed stale until the sweep. On the embedded store this process is
 * the only writer; across instances on Azure Cosmos DB the ETag loop still decides. The callbacks must not
 * project onto the same document themselves (they read sources; they would wait for themselves).
 */
export class KeyedProjection<E> {
  private readonly docs: Collection<KeyedDoc<E>>;
  private readonly queue: KeyedQueue;

  constructor(
    store: Store,
    /** The `kind` every document of this family carries (sweeps select on it). */
    readonly kind: string
  ) {
    this.docs = new Collection<KeyedDoc<E>>(store.container('read-models'), 'id');
    this.queue = queueOf(store);
  }

  /**
   * The read model by id (one point read; on the embedded store the cached document itself, frozen:
   * callers read it and never change it).
   */
  async read(id: string): Promise<KeyedDoc<E> | undefined> {
    const found = await this.docs.readShared(id, id);
    return found?.doc.kind === this.kind ? found.doc : undefined;
  }

  /** The read model with its ETag (for a sweep that compares). */
  async readVersioned(id: string): Promise<Versioned<KeyedDoc<E>> | undefined> {
    const found = await this.docs.read(id, id);
    return found?.doc.kind === this.kind ? found : undefined;
  }

  /**
   * Sets entry `key` of document `id` to what `fromSource` returns now, or removes it when that is
   * `undefined` (the source is gone or no longer belongs here). `fromSource` runs inside the ETag loop:
   * it must read the source document itself, never take a value the caller read earlier. Writes only
   * when the entry changes. `seed` builds a missing document completely (e.g. from a partition query),
   * so a read model is never a partial list.
   */
  project(id: string, key: string, fromSource: () => Promise<E | undefined>, seed?: () => Promise<Record<string, E>>): Promise<KeyedDoc<E> | undefined> {
    return this.queue.run(id, () => this.projectNow(id, key, fromSource, seed));
  }

  private async projectNow(id: string, key: string, fromSource: () => Promise<E | undefined>, seed?: () => Promise<Record<string, E>>): Promise<KeyedDoc<E> | undefined> {
    // The stored document is not copied: the new one shares its unchanged entries (`updateShared`).
    const result = await this.docs.updateShared(id, id, async (current) => {
      this.ownOrNone(current);
      const entries: Record<string, E> = current ? { ...current.entries } : seed ? await seed() : {};
      const before = current ? JSON.stringify(current.entries[key] ?? null) : undefined;
      const entry = await fromSource();
      if (entry === undefined) delete entries[key];
      else entries[key] = entry;
      if (before !== undefined && before === JSON.stringify(entry ?? null)) return undefined;
      return current ? { ...current, entries } : { id, kind: this.kind, entries };
    });
    return result.doc;
  }

  /**
   * Makes document `id` hold exactly `entries` (a recomputation from the sources) when it differs, with
   * an ETag loop; `entries` is recomputed inside the loop so a concurrent projection is never undone.
   * Returns whether it wrote.
   */
  reconcile(id: string, recompute: () => Promise<Record<string, E>>): Promise<boolean> {
    return this.queue.run(id, () => this.reconcileNow(id, recompute));
  }

  private async reconcileNow(id: string, recompute: () => Promise<Record<string, E>>): Promise<boolean> {
    const result = await this.docs.updateShared(id, id, async (current) => {
      this.ownOrNone(current);
      const entries = await recompute();
      if (current && sameEntries(current.entries, entries)) return undefined;
      return { id, kind: this.kind, entries };
    });
    return result.changed;
  }

  /** Ids are namespaced per family (`actions:…`, `picture:…`): another family's document under this id is a bug, never overwritten. */
  private ownOrNone(current: KeyedDoc<E> | undefined): void {
    if (current && current.kind !== this.kind) throw new Error(`read model ${current.id} belongs to ${current.kind}, not ${this.kind}`);
  }

  /** Every document of this family (sweeps and the rebuild only: a cross-partition query). */
  async listAll(): Promise<Array<KeyedDoc<E>>> {
    return this.docs.queryAcrossPartitions<KeyedDoc<E>>('SELECT * FROM c WHERE c.kind = @k', [{ name: '@k', value: this.kind }]);
  }

  /** Drops every document of this family (the rebuild); returns how many. */
  async dropAll(): Promise<number> {
    const all = await this.listAll();
    for (const d of all) await this.docs.delete(d.id, d.id);
    return all.length;
  }
}

/** Items by a key of theirs (a sweep's sources by group), in one pass. */
export function groupedBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Entry maps equal regardless of key order. */
export function sameEntries<E>(a: Record<string, E>, b: Record<string, E>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
