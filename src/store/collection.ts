import type { Container, ItemDefinition, QueryIterator, SqlParameter } from '@azure/cosmos';
import { storeAbortSignal, timeLeft } from '../deadline';
import { MISSING, cacheOf, type DocCache } from './doc-cache';
import { ConflictError, cosmosStatus } from './errors';

/** A stored document together with the ETag it was read with. */
export interface Versioned<T> {
  doc: T;
  etag: string;
}

/** The result of a mutation callback: a new document, or `undefined` to leave the item unchanged. */
export type Mutation<T> = (current: T | undefined) => T | undefined | Promise<T | undefined>;

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'] as const;

/** Removes Cosmos system properties so documents round-trip as plain domain data. */
export function stripSystem<T>(item: ItemDefinition): T {
  const copy: Record<string, unknown> = { ...item };
  for (const f of SYSTEM_FIELDS) delete copy[f];
  return copy as T;
}

/**
 * Longest throttling wait (a 429's `x-ms-retry-after-ms`) honoured inside one store call. A longer one
 * is not waited for: the caller answers "try again" at once instead of keeping a Teams user waiting.
 */
export const MAX_THROTTLE_WAIT_MS = 1000;
/** Attempts of one store call while it is throttled with short waits. */
const THROTTLE_ATTEMPTS = 4;

/** Options every store call carries: the abort signal of the current turn's deadline, if any. */
interface CallOptions {
  abortSignal?: AbortSignal;
}

/**
 * How long to wait before trying a throttled call again, or undefined to give up now: only for a 429
 * whose Retry-After is short and still fits in the turn. The SDK's own throttling retries are off
 * (see store.ts) because it sleeps a Retry-After of any length once.
 */
function throttleWait(err: unknown, attempt: number): number | undefined {
  if (cosmosStatus(err) !== 429 || attempt >= THROTTLE_ATTEMPTS) return undefined;
  const retryAfter = (err as { retryAfterInMs?: unknown }).retryAfterInMs;
  const wait = typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : 100 * attempt;
  const left = timeLeft('store');
  if (wait > MAX_THROTTLE_WAIT_MS || (left !== undefined && wait >= left)) return undefined;
  return wait;
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts. The SDK honours the
 * signal during HTTP requests but not during its own retry sleeps (endpoint discovery waits 1 s between
 * attempts against Azure), so the deadline is also enforced here. `work` is still observed by the race,
 * so its later rejection is handled.
 */
function untilAborted<R>(work: Promise<R>, signal: AbortSignal): Promise<R> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  return Promise.race([work, aborted]);
}

/**
 * Runs one store call with the current turn's abort signal, retrying short throttling waits. Every
 * container call of a Collection goes through here, so no repository has to pass deadlines by hand.
 */
async function call<R>(op: (options: CallOptions) => Promise<R>, kind: 'read' | 'write' = 'write'): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const abortSignal = storeAbortSignal();
    try {
      return abortSignal ? await untilAborted(op({ abortSignal }), abortSignal) : await op({});
    } catch (err) {
      const wait = throttleWait(err, attempt) ?? backgroundReadRetry(err, kind, abortSignal, attempt);
      if (wait === undefined) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Outside a turn (jobs, the notify endpoint) nobody waits on the answer: a read that hit the request
 * timeout is tried again, twice. Writes are not: their outcome is unknown and the caller decides.
 */
function backgroundReadRetry(err: unknown, kind: 'read' | 'write', signal: AbortSignal | undefined, attempt: number): number | undefined {
  if (kind !== 'read' || signal || attempt >= 3 || (err as { name?: unknown })?.name !== 'TimeoutError') return undefined;
  return 100 * attempt;
}

/**
 * Typed access to one container: point reads, conditional writes with ETags, and
 * partition-scoped queries. Repositories build on this; it knows nothing of features.
 */
export class Collection<T extends { id: string }> {
  /** Point reads served from memory: only for the embedded store in this process (see doc-cache.ts). */
  private readonly cache: DocCache | undefined;

  /**
   * @param partitionKeyField the top-level field the container is partitioned on (its path without `/`).
   */
  constructor(
    readonly container: Container,
    readonly partitionKeyField: keyof T & string,
    /** Results per page of this collection's queries (tests page smaller). */
    private readonly queryPageSize = QUERY_PAGE_SIZE
  ) {
    this.cache = cacheOf(container);
  }

  /**
   * Runs a write and keeps the cache in step: the stored value on success, nothing known on failure.
   * `after` gives the stored value as an object no one else holds (see `written`): the cache keeps it
   * without a copy.
   */
  private async tracked<R>(id: string, partitionKey: string, write: () => Promise<R>, after: (result: R) => Versioned<T> | null | undefined): Promise<R> {
    if (!this.cache) return write();
    try {
      const result = await write();
      const value = after(result);
      if (value) this.cache.wrote(id, partitionKey, value, { owned: true });
      else this.cache.forget(id, partitionKey);
      return result;
    } catch (err) {
      this.cache.forget(id, partitionKey);
      throw err;
    }
  }

  private partitionKeyOf(doc: T): string {
    return String(doc[this.partitionKeyField]);
  }

  /** Point read; `undefined` when the item does not exist. */
  async read(id: string, partitionKey: string): Promise<Versioned<T> | undefined> {
    const cached = this.cache?.get(id, partitionKey);
    if (cached === MISSING) return undefined;
    if (cached) return cached as Versioned<T>;
    const started = this.cache?.begin() ?? 0;
    const found = await this.readFromStore(id, partitionKey);
    // "Not found" is cached only where the cache remembers missing items (read models): elsewhere it
    // always asks the store, so a missing item and one the asker may not see cost the same store calls
    // whatever was read before (no existence oracle).
    if (found) this.cache?.fill(started, id, partitionKey, found);
    else this.cache?.fillMissing(started, id, partitionKey);
    return found;
  }

  /**
   * Like `read`, but served from the embedded store's cache without a copy: the one cached document,
   * frozen and shared. Only for read paths that never change what they get (read models shown on a
   * read turn): a change throws a TypeError. Elsewhere it is `read`.
   */
  async readShared(id: string, partitionKey: string): Promise<Versioned<T> | undefined> {
    const cached = this.cache?.getShared(id, partitionKey);
    if (cached === MISSING) return undefined;
    if (cached) return cached as Versioned<T>;
    return this.read(id, partitionKey);
  }

  private async readFromStore(id: string, partitionKey: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource, etag, statusCode } = await call((o) => this.container.item(id, partitionKey).read<ItemDefinition>(o), 'read');
      if (!resource || statusCode === 404) return undefined;
      return { doc: stripSystem<T>(resource), etag: etag ?? resource._etag ?? '' };
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  }

  /**
   * A write's outcome as two objects with the same content: `mine` for the caller (the document it wrote),
   * `stored` for the cache (parsed from the store's answer, held by no one else).
   */
  private written(doc: T, resource: ItemDefinition | undefined, etag: string | undefined): { mine: Versioned<T>; stored: Versioned<T> } {
    const tag = etag ?? '';
    const stored = resource ? stripSystem<T>(resource) : structuredClone(stripSystem<T>(doc as ItemDefinition));
    return { mine: { doc: stripSystem<T>(doc as ItemDefinition), etag: tag }, stored: { doc: stored, etag: tag } };
  }

  /** Creates the item; returns `undefined` if an item with this id already exists in the partition. */
  async create(doc: T): Promise<Versioned<T> | undefined> {
    const outcome = await this.tracked(doc.id, this.partitionKeyOf(doc), async () => {
      try {
        const { resource, etag } = await call((o) => this.container.items.create<ItemDefinition>(doc, o));
        return this.written(doc, resource, etag);
      } catch (err) {
        if (cosmosStatus(err) === 409) return undefined;
        throw err;
      }
    }, (created) => created?.stored);
    return outcome?.mine;
  }

  /** Replaces the item only if it still has `etag`; throws ConflictError otherwise. */
  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    return (await this.tracked(doc.id, this.partitionKeyOf(doc), () => this.replaceInStore(doc, etag), (replaced) => replaced.stored)).mine;
  }

  private async replaceInStore(doc: T, etag: string): Promise<{ mine: Versioned<T>; stored: Versioned<T> }> {
    try {
      const { resource, etag: next } = await call((o) =>
        this.container.item(doc.id, this.partitionKeyOf(doc)).replace<ItemDefinition>(doc, { ...o, accessCondition: { type: 'IfMatch', condition: etag } })
      );
      return this.written(doc, resource, next);
    } catch (err) {
      const status = cosmosStatus(err);
      if (status === 412 || status === 404) throw new ConflictError();
      throw err;
    }
  }

  /** Creates or replaces unconditionally: only for data with a single writer (e.g. caches of Teams data). */
  async upsert(doc: T): Promise<Versioned<T>> {
    return (await this.tracked(doc.id, this.partitionKeyOf(doc), async () => {
      const { resource, etag } = await call((o) => this.container.items.upsert<ItemDefinition>(doc, o));
      return this.written(doc, resource, etag);
    }, (w) => w.stored)).mine;
  }

  /** Deletes the item; returns false when it did not exist. */
  async delete(id: string, partitionKey: string): Promise<boolean> {
    return this.tracked(id, partitionKey, async () => {
      try {
        await call((o) => this.container.item(id, partitionKey).delete(o));
        return true;
      } catch (err) {
        if (cosmosStatus(err) === 404) return false;
        throw err;
      }
    }, () => null);
  }

  /**
   * Read-modify-write with optimistic concurrency: reads, applies `mutate`, writes with IfMatch
   * (or a conditional create), and retries from a fresh read when someone else won. Never last-write-wins.
   * Returns the stored document, and whether this call changed it.
   */
  async update(
    id: string,
    partitionKey: string,
    mutate: Mutation<T>,
    attempts = 8
  ): Promise<{ doc: T | undefined; changed: boolean }> {
    return this.updateFrom(id, partitionKey, mutate, attempts, true);
  }

  /**
   * `update` for a large document changed in a few places (a read model): `mutate` gets the stored
   * document itself, not a copy (on the embedded store the cached one, frozen), and must return a new
   * document instead of changing it; it may share the parts it keeps. Copying the whole document on
   * every write was most of such a write's own work.
   */
  async updateShared(id: string, partitionKey: string, mutate: Mutation<T>, attempts = 8): Promise<{ doc: T | undefined; changed: boolean }> {
    return this.updateFrom(id, partitionKey, mutate, attempts, false);
  }

  private async updateFrom(id: string, partitionKey: string, mutate: Mutation<T>, attempts: number, copy: boolean): Promise<{ doc: T | undefined; changed: boolean }> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      // The cached document itself (frozen) when there is one: `mutate` gets the only copy made, if any.
      const current = await this.readShared(id, partitionKey);
      const next = await mutate(current ? (copy ? structuredClone(current.doc) : current.doc) : undefined);
      if (next === undefined) return { doc: current ? structuredClone(current.doc) : undefined, changed: false };
      try {
        if (current) return { doc: (await this.replace(next, current.etag)).doc, changed: true };
        const created = await this.create(next);
        if (created) return { doc: created.doc, changed: true };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
    }
    throw new ConflictError('Too much contention on one item; try again');
  }

  /**
   * Runs a query inside one partition and returns all results, following continuation tokens.
   * The SQL must filter on the partition key itself (`c.<field> = @pk`; `@pk` is bound here):
   * the embedded server does not scope queries by the partition key option, Azure does, and
   * the filter makes both return the same.
   */
  async query<R = T>(sql: string, parameters: SqlParameter[], partitionKey: string): Promise<R[]> {
    if (!sql.includes(`c.${this.partitionKeyField} = @pk`)) {
      throw new Error(`A partition query must filter on c.${this.partitionKeyField} = @pk`);
    }
    return call(async (o) => {
      const iterator = this.container.items.query<ItemDefinition>(
        { query: sql, parameters: [...parameters, { name: '@pk', value: partitionKey }] },
        { ...o, partitionKey, maxItemCount: this.queryPageSize }
      );
      return drain<R>(iterator);
    }, 'read');
  }

  /** A query across partitions: only for rare, small look-ups (documented where used). */
  async queryAcrossPartitions<R = T>(sql: string, parameters: SqlParameter[]): Promise<R[]> {
    return call(async (o) => {
      const iterator = this.container.items.query<ItemDefinition>({ query: sql, parameters }, { ...o, maxItemCount: this.queryPageSize });
      return drain<R>(iterator);
    }, 'read');
  }
}

/**
 * Results per page of a query. Without it the embedded server answers a query in one page, however
 * large: a sweep or rebuild over 100 000 updates then outlasted the 2 s request timeout in one response
 * (the growth bench). The embedded server evaluates the whole query again for every page, so pages are
 * large. On Azure a page is also bounded by its size (4 MB).
 */
export const QUERY_PAGE_SIZE = 10_000;

/** Reads every page of a query, without Cosmos' system properties on documents. */
async function drain<R>(iterator: QueryIterator<ItemDefinition>): Promise<R[]> {
  const out: R[] = [];
  while (iterator.hasMoreResults()) {
    const { resources } = await iterator.fetchNext();
    for (const r of resources ?? []) out.push(typeof r === 'object' && r !== null ? stripSystem<R>(r) : (r as R));
  }
  return out;
}
