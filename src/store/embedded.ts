import { mkdir, readdir, readFile, truncate } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import type { Logger } from 'pino';
import { installLinearQueries } from './embedded-linear-queries';
import { installPartitionFilter } from './embedded-partition-filter';
import { applyRecord, captureContext, captureState, installCapture, type CaptureContext, type ModelAccount } from './embedded-capture';
import { DataLock, type LockEnvironment } from './data-lock';
import {
  CorruptDataError,
  DataFiles,
  encodeRecord,
  JournalWriter,
  parseFrames,
  readIfExists,
  removeFiles,
  SNAPSHOT_FORMAT,
  writeFramesAtomically,
  type IoHook,
  type JournalRecord,
  type SnapshotFrame
} from './journal';

/** The well-known Cosmos emulator key; the embedded server accepts any key, this one makes that explicit. */
export const EMBEDDED_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** The snapshot format before the journal (one JSON file); read once and converted. */
interface LegacySnapshotFile {
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

/** `GET /dbs/<db>/colls/<coll>/docs/<id>`: a point read. */
const POINT_READ = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/([^/]+)$/;

/** Documents tracked before the ones already on disk are forgotten. */
const UNSYNCED_PRUNE_AT = 10_000;

const docKey = (db: string, coll: string, id: string) => `${db}\u0000${coll}\u0000${id}`;

/** Requests that change data: everything but reads, queries and query plans. */
function isWrite(req: http.IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return !isQuery(req) && !req.headers['x-ms-cosmos-is-query-plan-request'];
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

/** Whether the store can take writes; `error` names why not (shown by /healthz). */
export interface StoreHealth {
  ok: boolean;
  error?: string;
}

/** Shutdown found changes that never reached the disk: the process must exit non-zero. */
export class UnsavedDataError extends Error {
  constructor(file: string, cause: string) {
    super(`Changes applied after the last good save could not be written to ${file} (${cause}).`);
    this.name = 'UnsavedDataError';
  }
}

export interface EmbeddedOptions {
  /** Data file the store persists to (journal, snapshots and lock sit beside it); undefined keeps everything in memory (tests). */
  dataFile?: string;
  /** How long after the journal passes `journalMaxBytes` an automatic compaction runs. */
  snapshotMs: number;
  /** Good snapshots kept by automatic compaction (default 3); `compact()` keeps only the newest. */
  keepSnapshots?: number;
  /** Journal size that triggers an automatic compaction (default 16 MiB). */
  journalMaxBytes?: number;
  /** false = nothing is persisted even with a data file (the journal switched off): only for `npm run bench`. */
  journal?: boolean;
  /** Port to listen on (loopback only); 0 picks a free one. */
  port?: number;
  logger: Logger;
  /** How often a read-only store tries the disk again (default 5 s). */
  retryMs?: number;
  /** Called when the data lock was lost; default: log and exit the process non-zero. */
  onLockLost?: (reason: string) => void;
  /** Fault hook for tests (disk errors, a crash before sync). */
  io?: IoHook;
  /** Lock environment for tests ("another host"). */
  lockEnv?: LockEnvironment;
}

/** The request handler of @vercel/cosmosdb-server 1.0.1 (lib/routes), used directly so the journal can sit before the socket. */
type RouteHandler = (account: ModelAccount, req: http.IncomingMessage, res: http.ServerResponse, params: Record<string, string>) => unknown;
type Router = (req: http.IncomingMessage) => [Record<string, string>, RouteHandler] | undefined;

/**
 * An in-process Cosmos-compatible server on loopback (plain HTTP) that the real `@azure/cosmos`
 * client talks to, with data in memory. With a data file, a write-ahead journal sits between the
 * server's handler and the socket: no response leaves before what it may show is appended to the
 * journal and `fdatasync`ed (a write or a query: every change applied so far; a point read: the last
 * change of its document). See docs/storage.md.
 */
export class EmbeddedCosmos {
  /** Per document, the journal sequence number of its last change (see readBarrier). */
  private readonly unsynced = new Map<string, number>();
  /** The sequence number of the last database or container change. */
  private structuralSeq = 0;
  private server?: http.Server;
  private ready: Promise<void> = Promise.resolve();
  private account?: ModelAccount;
  private router?: Router;
  private writer?: JournalWriter;
  private lock?: DataLock;
  private files?: DataFiles;
  private compacting: Promise<void> = Promise.resolve();
  private compactTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  /** Set when a change was applied in memory but its journal write failed (cleared by a good snapshot). */
  private unsaved?: string;
  private lockLost?: string;
  private readonly counts: StoreRequestCounts = { pointReads: 0, queries: 0, crossPartitionQueries: 0, queryPlans: 0, writes: 0, other: 0 };
  endpoint = '';

  constructor(private readonly options: EmbeddedOptions) {}

  private get logger(): Logger {
    return this.options.logger;
  }

  /**
   * Starts the server on a loopback port, then takes the data lock and recovers the data before the
   * first request is answered.
   */
  async start(): Promise<void> {
    installPartitionFilter(this.logger);
    installLinearQueries(this.logger);
    installCapture();
    /* eslint-disable @typescript-eslint/no-require-imports */
    const Account = (require('@vercel/cosmosdb-server/lib/account') as { default: new (host: string, port: number) => ModelAccount }).default;
    this.router = (require('@vercel/cosmosdb-server/lib/routes') as { default: Router }).default;
    /* eslint-enable @typescript-eslint/no-require-imports */
    let ready!: () => void;
    this.ready = new Promise<void>((resolve) => (ready = resolve));
    const server = http.createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const account = new Account('127.0.0.1', port);
    try {
      if (this.options.dataFile && this.options.journal !== false) await this.recover(account, this.options.dataFile);
    } catch (err) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw err;
    }
    this.account = account;
    this.server = server;
    this.endpoint = `http://127.0.0.1:${port}`;
    ready();
  }

  /**
   * Stops the server after the journal is drained. Throws UnsavedDataError when changes could not be
   * written (the caller must exit non-zero).
   */
  async stop(): Promise<void> {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.compactTimer = this.retryTimer = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.compacting.catch(() => undefined);
    let unsaved = this.unsaved;
    if (this.writer) {
      await this.writer.waitDurable().catch(() => undefined);
      // A last attempt: the disk may be writable again.
      if (unsaved && !this.lockLost) unsaved = (await this.tryRecover()) ? undefined : this.unsaved;
      await this.writer.close();
    }
    this.lock?.release();
    if (unsaved && this.files) throw new UnsavedDataError(this.files.dataFile, unsaved);
  }

  /** Whether writes are accepted; the error names the disk or lock failure. */
  health(): StoreHealth {
    if (this.lockLost) return { ok: false, error: `data lock lost: ${this.lockLost}` };
    if (this.writer?.failed || this.unsaved) {
      const cause = this.unsaved ?? this.writer?.failed?.message ?? 'unknown';
      return { ok: false, error: `journal write failed (${cause}); read-only, retrying every ${Math.round((this.options.retryMs ?? 5000) / 1000)} s` };
    }
    return { ok: true };
  }

  /**
   * Compaction: rotates the journal, writes a full snapshot and removes every older snapshot and
   * journal segment, so no file keeps a deleted text (retention calls this). Automatic compactions keep
   * `keepSnapshots` snapshots instead.
   */
  compact(): Promise<void> {
    return this.runCompaction(1);
  }

  /** A copy of the request counters. */
  requestCounts(): StoreRequestCounts {
    return { ...this.counts };
  }

  /** A CosmosClient on this server (tests and tools). */
  client(): CosmosClient {
    return new CosmosClient({ endpoint: this.endpoint, key: EMBEDDED_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  }

  // ---- request path -------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    await this.ready;
    this.observe(req);
    const account = this.account!;
    const write = isWrite(req);
    const journaled = this.writer !== undefined;
    if (write && journaled) {
      const health = this.health();
      if (!health.ok) return this.send(req, res, 503, { code: 'ServiceUnavailable', message: `The store is read-only: ${health.error}` });
    }
    const route = this.router!(req);
    let body: unknown;
    if (!route) {
      res.statusCode = 400;
      body = { message: 'no route' };
    } else {
      const [params, handler] = route;
      const ctx: CaptureContext = { account, dbId: params.dbId, depth: 0, record: (r) => this.record(r) };
      try {
        body = await captureContext.run(ctx, () => handler(account, req, res, params));
      } catch (err) {
        this.logger.error({ err: (err as Error).message }, 'embedded store request failed');
        body = { message: (err as Error).message };
        res.statusCode = 500;
      }
    }
    if (this.writer) {
      try {
        // What this request changed or may have read must be durable first: for a point read, the last
        // change of that document (and of any database or container); for everything else, every change
        // applied up to now.
        await this.writer.waitDurable(write ? undefined : this.readBarrier(req));
      } catch (err) {
        if (write) {
          return this.send(req, res, 503, { code: 'ServiceUnavailable', message: `The change could not be saved (${(err as Error).message}); its outcome is unknown.` });
        }
      }
      if (this.writer.segmentBytes > (this.options.journalMaxBytes ?? 16 * 1024 * 1024)) this.scheduleCompaction();
    }
    this.send(req, res, res.statusCode, body);
  }

  /** The response exactly as @vercel/cosmosdb-server 1.0.1 writes it. */
  private send(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    let out = body;
    if (status > 399 && out && typeof out === 'object' && !(out as { message?: unknown }).message) (out as { message: string }).message = '';
    const etag = out && typeof out === 'object' ? (out as { _etag?: unknown })._etag : undefined;
    if (typeof etag === 'string') res.setHeader('etag', etag);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-location', `https://${req.headers.host}${req.url}`);
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-ms-activity-id', randomUUID());
    res.setHeader('x-ms-request-charge', '1');
    if (req.headers['a-im'] && res.statusCode === 200) {
      if (req.headers['if-none-match']) res.statusCode = 304;
      res.setHeader('etag', '1');
    }
    res.end(out === undefined ? undefined : JSON.stringify(out));
  }

  private record(r: JournalRecord): void {
    const seq = this.writer?.append(r);
    if (seq === undefined) return;
    if (r.t === 'doc' || r.t === 'del') {
      this.unsynced.set(docKey(r.db, r.coll, r.t === 'doc' ? String(r.doc.id) : r.id), seq);
      if (this.unsynced.size > UNSYNCED_PRUNE_AT) this.pruneUnsynced();
    } else {
      this.structuralSeq = seq;
    }
  }

  /**
   * The journal sequence number a read must see on disk before it is answered. A point read returns one
   * document: only that document's last change (and the last database or container change) matters, so
   * a read of a document nobody is changing is not held behind other documents' group commit. A query,
   * a feed or anything else may have read every document: everything applied so far.
   */
  private readBarrier(req: http.IncomingMessage): number | undefined {
    const m = req.method === 'GET' ? POINT_READ.exec((req.url ?? '').split('?')[0]) : null;
    if (!m) return undefined;
    const [db, coll, id] = m.slice(1).map((part) => decodeURIComponent(part));
    return Math.max(this.unsynced.get(docKey(db, coll, id)) ?? 0, this.structuralSeq);
  }

  /** Forgets the documents whose last change is on disk. */
  private pruneUnsynced(): void {
    const durable = this.writer?.durableSeq ?? Infinity;
    for (const [key, seq] of this.unsynced) if (seq <= durable) this.unsynced.delete(key);
  }

  /** Counts requests by kind. */
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
  }

  // ---- failure and recovery -----------------------------------------------------------------

  private onJournalFailure(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    this.unsaved = code ? `${code}: ${err.message}` : err.message;
    if (this.lockLost) return;
    this.logger.error({ code, file: this.files?.dataFile }, 'embedded store: journal write failed, the store is read-only until the disk takes writes again');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || !this.server) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.tryRecover().then((ok) => {
        if (!ok) this.scheduleRetry();
      });
    }, this.options.retryMs ?? 5000);
    this.retryTimer.unref();
  }

  /** Writes a full snapshot of memory to a new segment number; on success the journal resumes there. */
  private async tryRecover(): Promise<boolean> {
    const writer = this.writer;
    if (!writer || !this.files || this.lockLost) return false;
    const segment = writer.reserveSegment();
    try {
      await this.writeSnapshot(segment, captureState(this.account!));
      await writer.resume(segment);
      this.unsaved = undefined;
      this.logger.warn({ file: this.files.snapshot(segment) }, 'embedded store: disk writable again, full snapshot taken, writes accepted');
      await this.removeOld(this.options.keepSnapshots ?? 3).catch(() => undefined);
      return true;
    } catch (err) {
      this.logger.warn({ code: (err as NodeJS.ErrnoException).code }, 'embedded store: disk still not writable');
      return false;
    }
  }

  private lockLostHandler(reason: string): void {
    this.lockLost = reason;
    this.logger.fatal({ file: this.files?.lock, reason }, 'embedded store: data lock lost, no write is acknowledged any more');
    if (this.options.onLockLost) this.options.onLockLost(reason);
    else process.exit(75);
  }

  // ---- compaction ---------------------------------------------------------------------------

  private scheduleCompaction(): void {
    if (this.compactTimer) return;
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      void this.runCompaction(this.options.keepSnapshots ?? 3).catch((err: Error) =>
        this.logger.error({ err: err.message }, 'embedded store: automatic compaction failed (the journal still holds every change)')
      );
    }, this.options.snapshotMs);
    this.compactTimer.unref();
  }

  private runCompaction(keep: number): Promise<void> {
    const run = this.compacting.catch(() => undefined).then(async () => {
      const writer = this.writer;
      if (!this.account) return;
      if (!writer) return;
      if (writer.failed || this.unsaved) throw new Error(`the store is read-only: ${this.health().error}`);
      const { segment, done } = writer.rotate();
      const state = captureState(this.account);
      await done;
      await this.writeSnapshot(segment, state);
      await this.removeOld(keep);
    });
    this.compacting = run;
    return run;
  }

  /**
   * Writes `snapshot.<segment>` = the state before journal segment `segment`, in chunks that yield to
   * the event loop at least every 5 ms, then tmp → fsync → rename → fsync(dir).
   */
  private async writeSnapshot(segment: number, state: ReturnType<typeof captureState>): Promise<void> {
    const files = this.files!;
    const head: SnapshotFrame = { t: 'snap', format: SNAPSHOT_FORMAT, segment, savedAt: new Date().toISOString() };
    const end: SnapshotFrame = { t: 'end', databases: state.databases.length, containers: [] };
    await writeFramesAtomically(
      files.snapshot(segment),
      async (write) => {
        let frames: Buffer[] = [encodeRecord(head)];
        let bytes = 0;
        let sliceStart = Date.now();
        const maybeYield = async () => {
          if (bytes < 256 * 1024 && Date.now() - sliceStart < 5) return;
          await write(frames);
          frames = [];
          bytes = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
        };
        for (const db of state.databases) {
          frames.push(encodeRecord({ t: 'db', db: db.id } satisfies JournalRecord));
          for (const c of db.containers) {
            const coll = String(c.def.id);
            frames.push(encodeRecord({ t: 'coll', db: db.id, def: c.def } satisfies JournalRecord));
            let items = 0;
            for (const item of c.docs) {
              const doc = item.read();
              if (!doc) continue;
              const frame = encodeRecord({ t: 'doc', db: db.id, coll, doc } satisfies JournalRecord);
              frames.push(frame);
              items++;
              bytes += frame.length;
              await maybeYield();
            }
            end.containers.push({ db: db.id, coll, items });
          }
        }
        frames.push(encodeRecord(end));
        await write(frames);
      },
      this.options.io
    );
    this.logger.info({ file: files.snapshot(segment) }, 'embedded store snapshot written');
  }

  /** Removes snapshots beyond the newest `keep`, journal segments older than the oldest kept snapshot, and leftovers. */
  private async removeOld(keep: number): Promise<void> {
    const files = this.files!;
    const { segments, snapshots, temporary } = await files.list();
    const kept = snapshots.slice(-keep);
    const oldestKept = kept[0] ?? 0;
    const drop = [
      ...snapshots.filter((n) => !kept.includes(n)).map((n) => files.snapshot(n)),
      ...segments.filter((n) => n < oldestKept).map((n) => files.segment(n)),
      ...temporary
    ];
    if (keep === 1) {
      // Retention: nothing older may survive anywhere, not even the pre-journal file or set-aside corrupt ones.
      drop.push(files.dataFile);
      for (const name of await readdir(files.dir)) if (name.startsWith(`${files.base}.`) && name.includes('.corrupt')) drop.push(`${files.dir}/${name}`);
    }
    await removeFiles(files.dir, drop);
  }

  // ---- start-up recovery --------------------------------------------------------------------

  /**
   * Takes the lock, loads the newest good snapshot, replays every newer journal segment, drops a torn
   * last record (reported), and refuses anything else that is damaged, naming the file.
   */
  private async recover(account: ModelAccount, dataFile: string): Promise<void> {
    const files = new DataFiles(dataFile);
    this.files = files;
    await mkdir(files.dir, { recursive: true });
    const lock = new DataLock({ file: files.lock, staleMs: 30_000, heartbeatMs: 5_000, onLost: (reason) => this.lockLostHandler(reason), env: this.options.lockEnv });
    lock.acquire();
    this.lock = lock;
    try {
      const next = await this.loadNewest(account, files);
      this.writer = new JournalWriter({
        files,
        segment: next,
        io: this.options.io,
        mayAcknowledge: () => lock.held(),
        onFailure: (err) => this.onJournalFailure(err)
      });
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Loads snapshot + segments into `account`; returns the number of the segment to append to next. */
  private async loadNewest(account: ModelAccount, files: DataFiles): Promise<number> {
    const { segments, snapshots, temporary } = await files.list();
    await removeFiles(files.dir, temporary);
    const lastSegment = segments.at(-1) ?? 0;
    const newest = Math.max(lastSegment, snapshots.at(-1) ?? 0);
    if (segments.length === 0 && snapshots.length === 0) {
      await this.loadLegacy(account, files);
      return 1;
    }

    // The newest snapshot that reads back whole; an earlier one only if the journal bridges the gap.
    let base = 0;
    const refused: string[] = [];
    let firstDamage: CorruptDataError | undefined;
    for (const n of [...snapshots].reverse()) {
      const file = files.snapshot(n);
      try {
        const records = await this.readSnapshot(file);
        const missing = this.missingSegments(segments, n, lastSegment, files);
        if (refused.length > 0 && missing.length > 0) {
          throw new CorruptDataError(
            refused[0],
            'this snapshot is damaged and the journal segments needed to replace it by an earlier snapshot are missing',
            `Restore ${refused[0]} from a backup, or move it away to start from ${file}, losing the changes after it (missing: ${missing.join(', ')}).`
          );
        }
        if (refused.length > 0) this.logger.warn({ damaged: refused, used: file }, 'embedded store: damaged snapshot skipped; an earlier snapshot plus the journal give the same data');
        for (const r of records) applyRecord(account, r);
        base = n;
        break;
      } catch (err) {
        if (!(err instanceof CorruptDataError) || refused.includes(err.file) || err.file !== file) throw err;
        this.logger.error({ file, err: err.message }, 'embedded store: damaged snapshot');
        refused.push(file);
        firstDamage ??= err;
      }
    }
    if (base === 0) {
      if (firstDamage && (segments[0] ?? 0) !== 1) {
        throw new CorruptDataError(
          firstDamage.file,
          `${firstDamage.message.slice(firstDamage.file.length + 2)} No earlier good snapshot with the journal after it exists`,
          'Restore the snapshot from a backup; the store does not start without that data.'
        );
      }
      const missing = this.missingSegments(segments, 1, lastSegment, files);
      if (missing.length > 0) throw new CorruptDataError(missing[0], 'a journal segment is missing and there is no snapshot before it', 'Restore it from a backup; starting without it would lose data.');
    }

    let replayed = 0;
    for (const n of segments.filter((s) => s >= (base || 1))) {
      const file = files.segment(n);
      const buf = (await readIfExists(file)) ?? Buffer.alloc(0);
      const parsed = parseFrames(buf, file, n === lastSegment, 'The journal is damaged in the middle: restore it from a backup. Moving it away starts from the previous snapshot and loses every change recorded in and after it.');
      for (const value of parsed.values) {
        try {
          applyRecord(account, value as JournalRecord);
        } catch (err) {
          throw new CorruptDataError(file, `record ${replayed + 1} cannot be applied: ${(err as Error).message}`, 'Restore the data from a backup.');
        }
        replayed++;
      }
      if (parsed.tornBytes !== undefined) {
        this.logger.warn({ file, droppedBytes: parsed.tornBytes, keptBytes: parsed.goodLength }, 'embedded store: torn last journal record dropped (a write cut short by a crash; it was never acknowledged)');
        await truncate(file, parsed.goodLength);
      }
    }
    this.logger.info({ snapshot: base ? files.snapshot(base) : undefined, replayed }, 'embedded store recovered');
    return newest + 1;
  }

  private missingSegments(segments: number[], from: number, to: number, files: DataFiles): string[] {
    const missing: string[] = [];
    for (let n = from; n <= to; n++) if (!segments.includes(n)) missing.push(files.segment(n));
    return missing;
  }

  /** Reads and checks a snapshot: no torn tail allowed, header first, end frame with matching counts. */
  private async readSnapshot(file: string): Promise<JournalRecord[]> {
    const advice = 'Restore it from a backup, or move it away so that an earlier snapshot is used.';
    const buf = await readFile(file);
    const { values } = parseFrames(buf, file, false, advice);
    const head = values[0] as SnapshotFrame | undefined;
    const end = values.at(-1) as SnapshotFrame | undefined;
    if (!head || head.t !== 'snap' || head.format !== SNAPSHOT_FORMAT) throw new CorruptDataError(file, 'not a snapshot of this store (header missing)', advice);
    if (!end || end.t !== 'end') throw new CorruptDataError(file, 'the snapshot is incomplete (no end record)', advice);
    const records = values.slice(1, -1) as JournalRecord[];
    const counts = new Map<string, number>();
    let dbs = 0;
    for (const r of records) {
      if (r.t === 'db') dbs++;
      else if (r.t === 'coll') counts.set(`${r.db}/${String(r.def.id)}`, 0);
      else if (r.t === 'doc') {
        const key = `${r.db}/${r.coll}`;
        if (!counts.has(key)) throw new CorruptDataError(file, `an item of container ${key} comes before or without its container`, advice);
        counts.set(key, counts.get(key)! + 1);
      } else throw new CorruptDataError(file, `unexpected record type ${r.t}`, advice);
    }
    if (dbs !== end.databases) throw new CorruptDataError(file, `${end.databases} databases expected, ${dbs} found`, advice);
    for (const c of end.containers) {
      const found = counts.get(`${c.db}/${c.coll}`);
      if (found === undefined) throw new CorruptDataError(file, `container ${c.db}/${c.coll} is missing from the snapshot`, advice);
      if (found !== c.items) throw new CorruptDataError(file, `container ${c.db}/${c.coll}: ${c.items} items expected, ${found} found`, advice);
    }
    if (counts.size !== end.containers.length) throw new CorruptDataError(file, `${end.containers.length} containers expected, ${counts.size} found`, advice);
    return records;
  }

  /** The pre-journal single JSON snapshot: loaded, written as the first snapshot, then removed. */
  private async loadLegacy(account: ModelAccount, files: DataFiles): Promise<void> {
    const buf = await readIfExists(files.dataFile);
    if (!buf) return;
    const advice = 'Restore it from a backup, or move it away to start with an empty store.';
    let snapshot: LegacySnapshotFile;
    try {
      snapshot = JSON.parse(buf.toString('utf8')) as LegacySnapshotFile;
    } catch {
      throw new CorruptDataError(files.dataFile, 'not valid JSON', advice);
    }
    if (snapshot?.format !== 'trygg-embedded-cosmos/1' || !Array.isArray(snapshot.databases)) throw new CorruptDataError(files.dataFile, 'not an embedded store snapshot', advice);
    let count = 0;
    for (const db of snapshot.databases) {
      applyRecord(account, { t: 'db', db: db.id });
      for (const c of db.containers) {
        if (!Array.isArray(c.items) || !Array.isArray(c.partitionKey)) throw new CorruptDataError(files.dataFile, `container ${db.id}/${c.id} has no item list`, advice);
        applyRecord(account, { t: 'coll', db: db.id, def: { id: c.id, partitionKey: { paths: c.partitionKey } } });
        for (const item of c.items) applyRecord(account, { t: 'doc', db: db.id, coll: c.id, doc: item });
        count += c.items.length;
      }
    }
    this.files = files;
    await this.writeSnapshot(1, captureState(account));
    await removeFiles(files.dir, [files.dataFile]);
    this.logger.info({ file: files.dataFile, items: count, savedAt: snapshot.savedAt }, 'embedded store: pre-journal snapshot converted');
  }
}
