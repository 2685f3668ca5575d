import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { CosmosClient, type ItemDefinition } from '@azure/cosmos';
import type { Logger } from 'pino';
import { stripSystem } from './collection';
import { installPartitionFilter } from './embedded-partition-filter';

/** The well-known Cosmos emulator key; the embedded server accepts any key, this one makes that explicit. */
export const EMBEDDED_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

interface SnapshotFile {
  format: 'trygg-embedded-cosmos/1';
  savedAt: string;
  databases: Array<{
    id: string;
    containers: Array<{ id: string; partitionKey: string[]; items: Record<string, unknown>[] }>;
  }>;
}

function isQuery(req: http.IncomingMessage): boolean {
  return String(req.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true' || String(req.headers['content-type']).startsWith('application/query+json');
}

/** Requests the embedded server has answered, by kind: benchmarks count store requests per turn with it. */
export interface StoreRequestCounts {
  pointReads: number;
  queries: number;
  crossPartitionQueries: number;
  /** Query plans the client asks the gateway for before some queries (ORDER BY, cross-partition). */
  queryPlans: number;
  writes: number;
  other: number;
}

export interface EmbeddedOptions {
  /** File the data is persisted to; undefined keeps everything in memory (tests). */
  dataFile?: string;
  /** How long after a write the snapshot is taken. */
  snapshotMs: number;
  /** Port to listen on (loopback only); 0 picks a free one. */
  port?: number;
  logger: Logger;
}

/**
 * An in-process Cosmos-compatible server on loopback (plain HTTP) that the real `@azure/cosmos`
 * client talks to. It keeps data in memory; with a data file it reloads the file on start and writes
 * an atomic snapshot (temp file + rename) a few seconds after writes and on stop.
 */
export class EmbeddedCosmos {
  private server?: http.Server;
  private client?: CosmosClient;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private loading = false;
  private readonly counts: StoreRequestCounts = { pointReads: 0, queries: 0, crossPartitionQueries: 0, queryPlans: 0, writes: 0, other: 0 };
  endpoint = '';

  constructor(private readonly options: EmbeddedOptions) {}

  /** Starts the server on a free loopback port and reloads the data file if there is one. */
  async start(): Promise<void> {
    installPartitionFilter(this.options.logger);
    const server = createHttpServer({ keepAlive: true } as http.ServerOptions);
    server.on('request', (req: http.IncomingMessage) => this.observe(req));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.client = new CosmosClient({
      endpoint: this.endpoint,
      key: EMBEDDED_KEY,
      connectionPolicy: { enableEndpointDiscovery: false }
    });
    if (this.options.dataFile) await this.load(this.options.dataFile);
  }

  /** Writes a final snapshot (when anything changed) and stops the server. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.client?.dispose();
    this.client = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Takes a snapshot now if anything changed since the last one. */
  async flush(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty || !this.options.dataFile) return;
      this.dirty = false;
      try {
        await this.save(this.options.dataFile);
      } catch (err) {
        this.dirty = true;
        this.options.logger.error({ err }, 'embedded store snapshot failed');
      }
    });
    return this.saving;
  }

  /**
   * Writes a fresh snapshot now (whether or not anything changed) and deletes older snapshot files left
   * beside it (temporary files of interrupted writes), so data that retention deleted is on no file.
   */
  async compact(): Promise<void> {
    const file = this.options.dataFile;
    if (!file) return;
    this.dirty = true;
    await this.flush();
    const prefix = `${basename(file)}.`;
    for (const name of await readdir(dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dirname(file), name), { force: true });
    }
  }

  /** A copy of the request counters. */
  requestCounts(): StoreRequestCounts {
    return { ...this.counts };
  }

  /** Counts requests, and marks the data dirty on every write so a snapshot follows within `snapshotMs`. */
  private observe(req: http.IncomingMessage): void {
    const url = req.url ?? '';
    if (req.method === 'GET') {
      if (/\/docs\/[^/]+$/.test(url)) this.counts.pointReads++;
      else this.counts.other++;
    } else if (req.headers['x-ms-cosmos-is-query-plan-request']) {
      this.counts.queryPlans++;
    } else if (isQuery(req)) {
      this.counts.queries++;
      if (!req.headers['x-ms-documentdb-partitionkey']) this.counts.crossPartitionQueries++;
    } else if (/\/docs(\/|$)/.test(url)) {
      this.counts.writes++;
    } else {
      this.counts.other++;
    }
    if (this.loading || req.method === 'GET' || req.method === 'HEAD') return;
    if (isQuery(req) || req.headers['x-ms-cosmos-is-query-plan-request']) return;
    this.dirty = true;
    if (!this.timer && this.options.dataFile) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.snapshotMs);
      this.timer.unref();
    }
  }

  private async save(file: string): Promise<void> {
    const client = this.client!;
    const snapshot: SnapshotFile = { format: 'trygg-embedded-cosmos/1', savedAt: new Date().toISOString(), databases: [] };
    const { resources: dbs } = await client.databases.readAll().fetchAll();
    for (const db of dbs) {
      const database = client.database(db.id);
      const { resources: containers } = await database.containers.readAll().fetchAll();
      const entry: SnapshotFile['databases'][number] = { id: db.id, containers: [] };
      for (const c of containers) {
        const { resources: items } = await database.container(c.id).items.readAll<ItemDefinition>().fetchAll();
        entry.containers.push({
          id: c.id,
          partitionKey: c.partitionKey?.paths ?? ['/id'],
          items: items.map((i) => stripSystem<Record<string, unknown>>(i))
        });
      }
      snapshot.databases.push(entry);
    }
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(snapshot));
    await rename(tmp, file);
    this.options.logger.debug({ file }, 'embedded store snapshot written');
  }

  private async load(file: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const snapshot = JSON.parse(text) as SnapshotFile;
    if (snapshot.format !== 'trygg-embedded-cosmos/1') throw new Error(`${file} is not an embedded store snapshot`);
    const client = this.client!;
    this.loading = true;
    let count = 0;
    try {
      for (const db of snapshot.databases) {
        const { database } = await client.databases.createIfNotExists({ id: db.id });
        for (const c of db.containers) {
          const { container } = await database.containers.createIfNotExists({ id: c.id, partitionKey: { paths: c.partitionKey } });
          for (const item of c.items) {
            await container.items.upsert(item);
            count++;
          }
        }
      }
    } finally {
      this.loading = false;
    }
    this.options.logger.info({ file, items: count, savedAt: snapshot.savedAt }, 'embedded store reloaded');
  }
}
