import https from 'node:https';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { CONTAINERS, type ContainerId } from './containers';
import { DocCache, enableCache } from './doc-cache';
import { cosmosStatus, isStoreUnavailable } from './errors';
import { EMBEDDED_KEY, EmbeddedCosmos, type StoreHealth, type StoreRequestCounts } from './embedded';

/**
 * The client's limits, so that a store fault costs a Teams user seconds, not a minute:
 * - every HTTP request to the store gives up after `requestTimeout` (the SDK's default is a minute);
 * - the SDK's own throttling retries are off: it sleeps a 429's Retry-After of any length once (its
 *   `maxWaitTimeInSeconds` is checked before the wait is added), so a `x-ms-retry-after-ms: 10000` would
 *   hold the turn for ten seconds. `Collection` retries short throttling waits itself (at most
 *   `MAX_THROTTLE_WAIT_MS`, 1 s, and never past the turn's deadline) and answers "try again" at once otherwise.
 */
export const STORE_REQUEST_TIMEOUT_MS = 2000;
const RETRY_OPTIONS = { maxRetryAttemptCount: 0, maxWaitTimeInSeconds: 1, fixedRetryIntervalInMilliseconds: 0 };
/** A health probe of the store gives up after this long; `/healthz` answers within 2 s whatever the store does. */
export const PING_TIMEOUT_MS = 1200;

/** The opened store: one Cosmos database with the containers of `CONTAINERS`, embedded or in Azure. */
export interface Store {
  kind: 'cosmos' | 'embedded';
  database: Database;
  container(id: ContainerId): Container;
  /** True when the database answers within `PING_TIMEOUT_MS`. */
  ping(): Promise<boolean>;
  /** Hits and misses of the in-process point-read caches (embedded store only; empty otherwise). */
  cacheStats(): Record<string, { entries: number; hits: number; misses: number }>;
  /** Requests answered so far (embedded store only), for benchmarks. */
  requestCounts?(): StoreRequestCounts;
  /**
   * Whether the store takes writes. The embedded store turns read-only when its journal cannot be
   * written (full or read-only disk, I/O error) or its data lock was lost; `error` says which.
   */
  health(): StoreHealth;
  /**
   * Compaction after retention: the embedded store writes a fresh snapshot and removes every older
   * snapshot and journal segment, so no file keeps deleted text. Nothing to do for Azure Cosmos DB.
   */
  compact(): Promise<void>;
  /** Drains the embedded journal and releases connections; rejects when changes could not be saved. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  cosmos: Config['cosmos'];
  /** Options for the embedded server, used when `cosmos.endpoint` is not set. */
  embedded: { dataFile?: string; snapshotMs: number; keepSnapshots?: number; journalMaxBytes?: number };
  logger: Logger;
  /** Per-request timeout; `STORE_REQUEST_TIMEOUT_MS` unless a test measures something else than latency. */
  requestTimeoutMs?: number;
}

/**
 * The containers whose point reads the embedded store serves from memory: the group and the membership
 * every group turn reads, the read models the read turns show, the group links a steering group's
 * reach confirms one by one, and the action a card button acts on (read within the asker's own group).
 * Coherent because every write to them goes through a Collection of this process. Never `cases`: a
 * case somebody viewed before would cost fewer store calls than a missing one, an existence oracle
 * for pseudonyms (test/e2e/case-access-attacks.test.ts).
 */
export const CACHED_CONTAINERS: readonly ContainerId[] = ['groups', 'members', 'read-models', 'group-links', 'actions'];

/**
 * The cached containers whose "not found" is cached too: a read model that does not exist (a month
 * without situation updates) is read after the access decision and says nothing about access.
 */
const REMEMBER_MISSING: readonly ContainerId[] = ['read-models'];

/** Attempts of one set-up request at start (each limited by the request timeout). */
const SETUP_ATTEMPTS = 5;

/**
 * Set-up at start is idempotent and nobody is waiting on it, unlike a turn: a slow start (a cold
 * machine, a busy store) is retried on timeouts, throttling and 503 instead of refusing to start.
 */
async function retrySetup<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= SETUP_ATTEMPTS || !isStoreUnavailable(err)) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/**
 * Opens the store. With an endpoint it uses Azure Cosmos DB (key, or Entra ID when no key is set);
 * without one it starts the embedded server and uses the very same client code against it.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { cosmos, logger } = options;
  const requestTimeout = options.requestTimeoutMs ?? STORE_REQUEST_TIMEOUT_MS;
  let embedded: EmbeddedCosmos | undefined;
  let client: CosmosClient;
  let canCreate: boolean;
  if (cosmos.endpoint) {
    // A plain-http endpoint is a standalone embedded store (`npm run store`): the client's own agent allows it.
    const local = cosmos.endpoint.startsWith('http:');
    const common = {
      endpoint: cosmos.endpoint,
      connectionPolicy: { requestTimeout, retryOptions: RETRY_OPTIONS, ...(local ? { enableEndpointDiscovery: false } : {}) },
      ...(local ? {} : { agent: new https.Agent({ keepAlive: true }) })
    };
    if (cosmos.key) {
      client = new CosmosClient({ ...common, key: cosmos.key });
      canCreate = true;
    } else {
      // Entra ID: the data plane cannot create databases or containers, so infra/ creates them.
      const { DefaultAzureCredential } = await import('@azure/identity');
      const aadCredentials = new DefaultAzureCredential({ managedIdentityClientId: cosmos.managedIdentityClientId });
      client = new CosmosClient({ ...common, aadCredentials });
      canCreate = false;
    }
  } else {
    embedded = new EmbeddedCosmos({ ...options.embedded, logger });
    await embedded.start();
    client = new CosmosClient({
      endpoint: embedded.endpoint,
      key: EMBEDDED_KEY,
      // No agent: the client's own keep-alive HTTP agent is the one it allows for plain http.
      connectionPolicy: { enableEndpointDiscovery: false, requestTimeout, retryOptions: RETRY_OPTIONS }
    });
    canCreate = true;
  }

  const database = client.database(cosmos.database);
  try {
    if (canCreate) {
      await retrySetup(() => client.databases.createIfNotExists({ id: cosmos.database }));
      for (const c of CONTAINERS) {
        await retrySetup(() => database.containers.createIfNotExists({ id: c.id, partitionKey: { paths: [c.partitionKey] } }));
      }
    } else {
      for (const c of CONTAINERS) {
        await retrySetup(() => database.container(c.id).read());
      }
    }
  } catch (err) {
    client.dispose();
    await embedded?.stop();
    throw err;
  }

  const containers = new Map<string, Container>(CONTAINERS.map((c) => [c.id, database.container(c.id)]));
  // Only here is this process the store's one writer (the embedded server in this process, behind its
  // data lock): point reads of the documents every turn needs may then come from memory (doc-cache.ts).
  const caches = new Map<string, DocCache>();
  if (embedded) {
    for (const id of CACHED_CONTAINERS) caches.set(id, enableCache(containers.get(id)!, new DocCache(undefined, REMEMBER_MISSING.includes(id))));
  }
  return {
    kind: embedded ? 'embedded' : 'cosmos',
    database,
    container(id) {
      const c = containers.get(id);
      if (!c) throw new Error(`Unknown container ${id}`);
      return c;
    },
    requestCounts: embedded ? () => embedded!.requestCounts() : undefined,
    cacheStats: () => Object.fromEntries([...caches].map(([id, c]) => [id, c.stats()])),
    async ping() {
      try {
        await database.read({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
        return true;
      } catch (err) {
        // Throttled means busy, not down: a restart of the instance would not help.
        return cosmosStatus(err) === 429;
      }
    },
    health() {
      return embedded ? embedded.health() : { ok: true };
    },
    async compact() {
      await embedded?.compact();
    },
    async close() {
      client.dispose();
      await embedded?.stop();
    }
  };
}
