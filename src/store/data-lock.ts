import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync, fsyncSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/** What a lock file records about the process that holds the data file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the holder started (ISO), so a reused pid can be told apart from the holder. */
  startedAt: string;
}

/** A second live process wants the same data file: it must not start. */
export class DataLockedError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockHolder | undefined
  ) {
    super(
      holder
        ? `The data file is in use: ${file} is held by pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt}. ` +
            'The embedded store allows one process per data file: stop that process, or give this one another EMBEDDED_DATA_FILE.'
        : `The data file is in use: ${file} exists and could not be read. If no other process uses this data file, remove the lock file.`
    );
    this.name = 'DataLockedError';
  }
}

/** How a lock decides whether its holder is alive; injected so tests can play "another host". */
export interface LockEnvironment {
  hostname(): string;
  pid: number;
  /** True when a process with this pid runs on this host. */
  isAlive(pid: number): boolean;
  now(): number;
}

export const systemLockEnvironment: LockEnvironment = {
  hostname: () => hostname(),
  pid: process.pid,
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: the process exists but belongs to someone else.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  now: () => Date.now()
};

export interface DataLockOptions {
  /** The lock file, next to the data it protects. */
  file: string;
  /** A lock from another host whose heartbeat is older than this is stale. */
  staleMs: number;
  /** How often the holder touches the lock file (its heartbeat) and checks it still holds it. */
  heartbeatMs: number;
  /** Called once when the lock was taken away (removed or replaced by another process). */
  onLost(reason: string): void;
  env?: LockEnvironment;
}

/**
 * One writer per data file: an exclusively created (O_EXCL) lock file naming pid, host and start time.
 * A lock whose pid is gone on this host is taken over at once (a restart right after SIGKILL); a lock
 * from another host is taken over only once its heartbeat (the file's mtime) is older than `staleMs`.
 * `proper-lockfile` was not used: it records no pid or host, so it can only wait for staleness, and a
 * restart after SIGKILL would wait out the whole stale period.
 */
export class DataLock {
  /**
   * Lock files held by this very process. A lock naming our own pid is otherwise taken for an earlier
   * run in the same pid slot (containers reuse pid 1); one this process holds right now must be refused.
   */
  private static readonly heldHere = new Set<string>();
  private ino?: number;
  private content?: string;
  private timer?: NodeJS.Timeout;
  private lost?: string;
  private readonly env: LockEnvironment;

  constructor(private readonly options: DataLockOptions) {
    this.env = options.env ?? systemLockEnvironment;
  }

  /** Takes the lock or throws DataLockedError naming the file and the holder. */
  acquire(): void {
    const path = resolve(this.options.file);
    if (DataLock.heldHere.has(path)) throw new DataLockedError(this.options.file, this.readHolder());
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.tryCreate()) {
        DataLock.heldHere.add(path);
        this.timer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
        this.timer.unref();
        return;
      }
      const holder = this.readHolder();
      if (!this.isStale(holder)) throw new DataLockedError(this.options.file, holder);
      try {
        unlinkSync(this.options.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    throw new DataLockedError(this.options.file, this.readHolder());
  }

  /**
   * True while this process still holds the lock file it created (same inode). Checked before every
   * acknowledgement, so a process whose lock was taken over never confirms another write.
   */
  held(): boolean {
    if (this.lost || this.ino === undefined) return false;
    try {
      const st = statSync(this.options.file);
      // Same inode and same content: a removed-and-recreated file may get the freed inode number again.
      if (st.ino === this.ino && readFileSync(this.options.file, 'utf8') === this.content) return true;
      this.markLost('the lock file was replaced by another process');
    } catch {
      this.markLost('the lock file was removed');
    }
    return false;
  }

  /** Why the lock was lost, if it was. */
  lostReason(): string | undefined {
    return this.lost;
  }

  /** Releases the lock if this process still holds it. */
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.ino !== undefined) DataLock.heldHere.delete(resolve(this.options.file));
    if (this.ino === undefined || this.lost) return;
    try {
      if (statSync(this.options.file).ino === this.ino) unlinkSync(this.options.file);
    } catch {
      /* already gone */
    }
    this.ino = undefined;
  }

  private tryCreate(): boolean {
    let fd: number;
    try {
      fd = openSync(this.options.file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      const holder: LockHolder = {
        pid: this.env.pid,
        hostname: this.env.hostname(),
        startedAt: new Date(this.env.now() - process.uptime() * 1000).toISOString()
      };
      this.content = JSON.stringify(holder);
      writeSync(fd, this.content);
      fsyncSync(fd);
      this.ino = statSync(this.options.file).ino;
    } finally {
      closeSync(fd);
    }
    return true;
  }

  private readHolder(): LockHolder | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.options.file, 'utf8')) as Partial<LockHolder>;
      if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string') {
        return { pid: parsed.pid, hostname: parsed.hostname, startedAt: parsed.startedAt };
      }
    } catch {
      /* unreadable: judged by age below */
    }
    return undefined;
  }

  private isStale(holder: LockHolder | undefined): boolean {
    if (holder && holder.hostname === this.env.hostname()) {
      // Our own pid in the file is an earlier run of this process slot (containers reuse pid 1).
      return holder.pid === this.env.pid || !this.env.isAlive(holder.pid);
    }
    // Another host (or an unreadable file): only the heartbeat's age tells.
    try {
      return this.env.now() - statSync(this.options.file).mtimeMs > this.options.staleMs;
    } catch {
      return true;
    }
  }

  private heartbeat(): void {
    if (!this.held()) return;
    try {
      const now = new Date(this.env.now());
      utimesSync(this.options.file, now, now);
    } catch {
      this.held();
    }
  }

  private markLost(reason: string): void {
    if (this.lost) return;
    this.lost = reason;
    DataLock.heldHere.delete(resolve(this.options.file));
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.options.onLost(reason);
  }
}
