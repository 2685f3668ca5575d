import { open, readdir, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * One change the embedded server applied, as written to the journal. Documents are post-images
 * (the whole document after the write), deletes are markers, so replay is idempotent: applying a
 * record twice leaves the same state.
 */
export type JournalRecord =
  | { t: 'db'; db: string }
  | { t: 'deldb'; db: string }
  | { t: 'coll'; db: string; def: Record<string, unknown>; replace?: boolean }
  | { t: 'delcoll'; db: string; coll: string }
  | { t: 'doc'; db: string; coll: string; doc: Record<string, unknown> }
  | { t: 'del'; db: string; coll: string; pk: unknown; id: string };

/** First and last record of a snapshot file. */
export type SnapshotFrame =
  | { t: 'snap'; format: typeof SNAPSHOT_FORMAT; segment: number; savedAt: string }
  | { t: 'end'; containers: Array<{ db: string; coll: string; items: number }>; databases: number };

export const SNAPSHOT_FORMAT = 'trygg-embedded-snapshot/1';
const HEADER_BYTES = 8;
/** A length beyond this is garbage, not a record (the largest Cosmos document is 2 MB). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Length-prefixed, CRC32-checked frame: u32 length, u32 crc32(payload), payload (JSON, UTF-8). */
export function encodeRecord(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

/** A data file that cannot be trusted: start-up stops with this message. */
export class CorruptDataError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    advice: string
  ) {
    super(`${file}: ${detail}. ${advice}`);
    this.name = 'CorruptDataError';
  }
}

/** What reading a file of frames found. */
export interface ParsedFrames {
  values: unknown[];
  /** Bytes up to the end of the last good frame. */
  goodLength: number;
  /** Set when the file ended in an incomplete or damaged last frame (a write cut short by a crash). */
  tornBytes?: number;
}

/**
 * Reads the frames of a file. A damaged frame at the very end (incomplete, checksum wrong with nothing
 * after it, or a zero-filled tail) is a torn write and reported in `tornBytes` when `tornAllowed`;
 * a damaged frame anywhere else is corruption and throws, naming the file and the offset.
 */
export function parseFrames(buf: Buffer, file: string, tornAllowed: boolean, advice: string): ParsedFrames {
  const values: unknown[] = [];
  let off = 0;
  const torn = (why: string): ParsedFrames => {
    if (!tornAllowed) throw new CorruptDataError(file, `damaged record at byte ${off} (${why})`, advice);
    return { values, goodLength: off, tornBytes: buf.length - off };
  };
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES) return torn('incomplete header');
    const length = buf.readUInt32LE(off);
    const sum = buf.readUInt32LE(off + 4);
    if (length === 0 && sum === 0 && buf.subarray(off).every((b) => b === 0)) return torn('zero-filled tail');
    const end = off + HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > buf.length) return torn('incomplete record');
    const payload = buf.subarray(off + HEADER_BYTES, end);
    if (crc32(payload) !== sum) {
      if (end === buf.length) return torn('checksum of the last record');
      throw new CorruptDataError(file, `checksum mismatch at byte ${off}, with ${buf.length - end} bytes of records after it`, advice);
    }
    try {
      values.push(JSON.parse(payload.toString('utf8')));
    } catch {
      throw new CorruptDataError(file, `record at byte ${off} has a valid checksum but is not JSON`, advice);
    }
    off = end;
  }
  return { values, goodLength: off };
}

/** Names of the files that belong to one data file, all in its directory. */
export class DataFiles {
  readonly dir: string;
  readonly base: string;

  /** @param dataFile the configured data file (e.g. `.data/cosmos.json`); the others sit beside it. */
  constructor(readonly dataFile: string) {
    this.dir = dirname(dataFile);
    this.base = basename(dataFile).replace(/\.json$/, '');
  }

  get lock(): string {
    return join(this.dir, `${this.base}.lock`);
  }

  segment(n: number): string {
    return join(this.dir, `${this.base}.journal.${String(n).padStart(8, '0')}`);
  }

  snapshot(n: number): string {
    return join(this.dir, `${this.base}.snapshot.${String(n).padStart(8, '0')}`);
  }

  /** Segment and snapshot numbers present in the directory, ascending. */
  async list(): Promise<{ segments: number[]; snapshots: number[]; temporary: string[] }> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const segments: number[] = [];
    const snapshots: number[] = [];
    const temporary: string[] = [];
    const prefix = `${this.base}.`;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const seg = /^journal\.(\d{8})$/.exec(rest);
      const snap = /^snapshot\.(\d{8})$/.exec(rest);
      if (seg) segments.push(Number(seg[1]));
      else if (snap) snapshots.push(Number(snap[1]));
      // Temporary files of interrupted snapshot writes, this format's and the pre-journal one's (`cosmos.json.<pid>.tmp`).
      else if (/^snapshot\.\d{8}\.tmp$/.test(rest) || /^json(\.\d+)?\.tmp$/.test(rest)) temporary.push(join(this.dir, name));
    }
    const asc = (a: number, b: number) => a - b;
    return { segments: segments.sort(asc), snapshots: snapshots.sort(asc), temporary };
  }
}

/** fsync of a directory, so a created, renamed or removed name survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Which file operation a fault hook is asked about. */
export type IoOperation = 'open' | 'write' | 'sync';

/**
 * Called before each journal or snapshot file operation; throwing fails that operation. Production
 * passes none; tests inject ENOSPC/EROFS/EIO (when no small tmpfs can be mounted) or a crash.
 */
export type IoHook = (op: IoOperation, file: string) => void | Promise<void>;

interface Waiter {
  seq: number;
  resolve(): void;
  reject(err: Error): void;
}

type Pending = { seq: number; frame: Buffer } | { rotateTo: number; resolve(): void; reject(err: Error): void };

export interface JournalWriterOptions {
  files: DataFiles;
  /** Segment to append to first (created if missing). */
  segment: number;
  io?: IoHook;
  /** Checked before a flush is acknowledged: false = the data lock is lost, nothing more is confirmed. */
  mayAcknowledge(): boolean;
  /** Called once when a write or sync fails; the store turns read-only. */
  onFailure(err: Error): void;
}

/**
 * Appends records to the current segment and makes them durable with group commit: records that
 * arrive while a flush runs are written and `fdatasync`ed together by the next flush, and every
 * waiter up to the flushed sequence number is released at once.
 */
export class JournalWriter {
  private pending: Pending[] = [];
  private waiters: Waiter[] = [];
  private seq = 0;
  private durable = 0;
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private fh?: FileHandle;
  private current: number;
  /** The highest segment number handed out (rotations may be queued ahead of the writer). */
  private planned: number;
  private length = 0;
  private failure?: Error;
  /** Bytes written to the current segment so far (compaction triggers on it). */
  segmentBytes = 0;

  constructor(private readonly options: JournalWriterOptions) {
    this.current = options.segment;
    this.planned = options.segment;
  }

  /** The segment records are appended to now. */
  get segment(): number {
    return this.current;
  }

  /** Sequence number of the last record handed to the writer. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Sequence number up to which every record is on disk. */
  get durableSeq(): number {
    return this.durable;
  }

  /** The error that stopped the writer, if any. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Queues a record; synchronous, so records keep the order the server applied them in. */
  append(record: JournalRecord): number {
    this.seq += 1;
    this.pending.push({ seq: this.seq, frame: encodeRecord(record) });
    this.kick();
    return this.seq;
  }

  /**
   * Starts a new segment after everything queued so far; returns its number. Synchronous, so the
   * caller can capture the state that exactly matches "all segments before this one".
   */
  rotate(): { segment: number; done: Promise<void> } {
    this.planned += 1;
    const segment = this.planned;
    const done = new Promise<void>((resolve, reject) => this.pending.push({ rotateTo: segment, resolve, reject }));
    this.kick();
    return { segment, done };
  }

  /** Hands out a segment number for a snapshot taken while the writer is stopped (see `resume`). */
  reserveSegment(): number {
    this.planned += 1;
    return this.planned;
  }

  /** Resolves when every record up to `seq` is on disk; rejects when the journal failed first. */
  waitDurable(seq: number = this.seq): Promise<void> {
    if (seq <= this.durable) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Waits until nothing is queued or being written. */
  async drain(): Promise<void> {
    while (this.running || this.pending.length > 0) await this.idle;
  }

  /** Closes the segment file (after draining). */
  async close(): Promise<void> {
    await this.drain();
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
  }

  /**
   * After a failure and a successful full snapshot numbered `segment`: cuts the failed segment back to
   * its last durable byte (a half-written record must not look like corruption later) and resumes
   * appending at `segment`.
   */
  async resume(segment: number): Promise<void> {
    const failedFile = this.options.files.segment(this.current);
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
    await truncate(failedFile, this.length).catch(() => undefined);
    this.pending = [];
    this.current = segment;
    this.planned = segment;
    this.length = 0;
    this.segmentBytes = 0;
    this.durable = this.seq;
    this.failure = undefined;
  }

  private kick(): void {
    if (this.running || this.failure) return;
    this.running = true;
    this.idle = this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const batch = this.pending;
      this.pending = [];
      let frames: Buffer[] = [];
      let lastSeq = this.durable;
      try {
        for (const item of batch) {
          if ('rotateTo' in item) {
            await this.writeAndSync(frames);
            frames = [];
            await this.openSegment(item.rotateTo);
            item.resolve();
          } else {
            frames.push(item.frame);
            lastSeq = item.seq;
          }
        }
        await this.writeAndSync(frames);
      } catch (err) {
        for (const item of batch) if ('rotateTo' in item) item.reject(err as Error);
        this.fail(err as Error);
        return;
      }
      if (!this.options.mayAcknowledge()) {
        this.fail(new Error('the data lock was lost; no further write is acknowledged'));
        return;
      }
      this.durable = lastSeq;
      const ready = this.waiters.filter((w) => w.seq <= lastSeq);
      this.waiters = this.waiters.filter((w) => w.seq > lastSeq);
      for (const w of ready) w.resolve();
    }
  }

  private async openSegment(n: number): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    const file = this.options.files.segment(n);
    await this.options.io?.('open', file);
    this.fh = await open(file, 'a');
    await syncDir(this.options.files.dir);
    this.current = n;
    this.length = (await this.fh.stat()).size;
    this.segmentBytes = this.length;
  }

  private async writeAndSync(frames: Buffer[]): Promise<void> {
    if (frames.length === 0) return;
    if (!this.fh) await this.openSegment(this.current);
    const file = this.options.files.segment(this.current);
    const data = frames.length === 1 ? frames[0] : Buffer.concat(frames);
    await this.options.io?.('write', file);
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.fh!.write(data, written, data.length - written);
      written += bytesWritten;
    }
    await this.options.io?.('sync', file);
    await this.fh!.datasync();
    this.length += data.length;
    this.segmentBytes = this.length;
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending) if ('rotateTo' in p) p.reject(err);
    this.pending = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
    this.options.onFailure(err);
  }
}

/** Reads a whole file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Removes files, ignoring those already gone; then syncs the directory. */
export async function removeFiles(dir: string, files: string[]): Promise<void> {
  for (const f of files) await unlink(f).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
  if (files.length > 0) await syncDir(dir);
}

/**
 * Writes frames to `file` the safe way: a temporary file, fsync, rename over the name, fsync of the
 * directory. `produce` hands over chunks of frames and may yield between them.
 */
export async function writeFramesAtomically(file: string, produce: (write: (frames: Buffer[]) => Promise<void>) => Promise<void>, io?: IoHook): Promise<void> {
  const tmp = `${file}.tmp`;
  await io?.('open', tmp);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await produce(async (frames) => {
      if (frames.length === 0) return;
      await io?.('write', tmp);
      const data = Buffer.concat(frames);
      let written = 0;
      while (written < data.length) written += (await fh.write(data, written, data.length - written)).bytesWritten;
    });
    await io?.('sync', tmp);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  await rename(tmp, file);
  await syncDir(dirname(file));
}
