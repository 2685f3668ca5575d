import type { Container } from '@azure/cosmos';
import { deepFreeze } from '../deep-freeze';

/** A cached point read: the document with its ETag. */
export interface CachedRead {
  doc: unknown;
  etag: string;
}

/** What the cache knows of an item: its last read or write, or (only where remembered) that it does not exist. */
export type CacheHit = CachedRead | typeof MISSING;

/** The cache's answer for an item it knows does not exist. */
export const MISSING = Symbol('missing');

/** Entries kept per container before the oldest is dropped. */
const DEFAULT_MAX_ENTRIES = 20_000;

/**
 * An in-process cache of point reads for one container, coherent because every write to that container
 * goes through this process: it is enabled only for the embedded store running in this process (one
 * writer, guarded by the data lock), never for `npm run store` or Azure Cosmos DB, where another process
 * may write. Every write this process makes replaces or drops the entry before the write's promise
 * resolves, so a removal is seen by the very next read.
 *
 * A read that was in flight while any write to the container happened is not stored (the `epoch`
 * check): it may have read the value from before that write.
 */
export class DocCache {
  private readonly entries = new Map<string, CachedRead | typeof MISSING>();
  private epoch = 0;
  private hits = 0;
  private misses = 0;

  /**
   * @param rememberMissing whether "not found" is cached too. Only for containers whose existence says
   *   nothing about access (read models, read after the access decision): for groups and members a
   *   missing item and one the asker may not see must cost the same store calls whatever was read
   *   before (no existence oracle).
   */
  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly rememberMissing = false
  ) {}

  private static key(id: string, partitionKey: string): string {
    return `${partitionKey}\u0000${id}`;
  }

  /** The cached read (or MISSING), `undefined` when nothing is cached. */
  get(id: string, partitionKey: string): CacheHit | undefined {
    const entry = this.getShared(id, partitionKey);
    return entry === undefined || entry === MISSING ? entry : { doc: structuredClone(entry.doc), etag: entry.etag };
  }

  /**
   * The cached read itself, not a copy: frozen, shared by every caller that asks. For read paths that
   * never change what they get (read models on a read turn); a change throws a TypeError.
   */
  getShared(id: string, partitionKey: string): CacheHit | undefined {
    const key = DocCache.key(id, partitionKey);
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Least recently used goes first: re-inserting moves the key to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Marks the start of a read from the store; pass the result to `fill`. */
  begin(): number {
    return this.epoch;
  }

  /** Stores what a read returned, unless a write happened since `begin`. */
  fill(started: number, id: string, partitionKey: string, value: CachedRead): void {
    if (started !== this.epoch) return;
    this.put(DocCache.key(id, partitionKey), value);
  }

  /** Stores that a read found nothing, unless a write happened since `begin` or this cache does not remember missing items. */
  fillMissing(started: number, id: string, partitionKey: string): void {
    if (started !== this.epoch || !this.rememberMissing) return;
    this.put(DocCache.key(id, partitionKey), MISSING);
  }

  /**
   * Records this process's successful write of `value`. `owned`: no one else holds `value.doc` (it was
   * parsed from the store's answer), so it is frozen and kept as it is, without a copy.
   */
  wrote(id: string, partitionKey: string, value: CachedRead, options: { owned?: boolean } = {}): void {
    this.epoch++;
    this.put(DocCache.key(id, partitionKey), value, options.owned);
  }

  /** Drops an item whose state this process no longer knows (a failed or uncertain write). */
  forget(id: string, partitionKey: string): void {
    this.epoch++;
    this.entries.delete(DocCache.key(id, partitionKey));
  }

  /** Drops everything (e.g. after a rebuild or retention that wrote around the collections). */
  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }

  private put(key: string, value: CachedRead | typeof MISSING, owned = false): void {
    this.entries.delete(key);
    this.entries.set(key, value === MISSING ? MISSING : Object.freeze({ doc: deepFreeze(owned ? value.doc : structuredClone(value.doc)), etag: value.etag }));
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

/** The caches of the containers that have one (set by the store that owns them). */
const caches = new WeakMap<Container, DocCache>();

/** Gives `container` a point-read cache; only the embedded store in this process calls it. */
export function enableCache(container: Container, cache = new DocCache()): DocCache {
  caches.set(container, cache);
  return cache;
}

/** The container's cache, if it has one. */
export function cacheOf(container: Container): DocCache | undefined {
  return caches.get(container);
}
