/**
 * Runs work one at a time per key, in arrival order, within this process: projections onto one
 * read-model document then never race each other into ETag conflicts (the embedded store has one
 * writer; across instances of Azure Cosmos DB the ETag loop still decides).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Work queued under a key that has not started yet, with the inputs collected for it. */
  private readonly waiting = new Map<string, { inputs: Set<string>; done: Promise<unknown> }>();

  /** Runs `work` after every earlier work of `key` has settled; its outcome is the caller's. */
  run<R>(key: string, work: () => Promise<R>): Promise<R> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /**
   * Like `run`, but joins a work of `key` that is queued and not yet started, adding `input` to what it
   * will handle: a burst of projections onto one month view derives it once, after the last of them
   * joined, from ledgers read after every joined projection wrote its own.
   */
  coalesce<R>(key: string, input: string, work: (inputs: string[]) => Promise<R>): Promise<R> {
    const queued = this.waiting.get(key);
    if (queued) {
      queued.inputs.add(input);
      return queued.done as Promise<R>;
    }
    const inputs = new Set([input]);
    const done = this.run(key, () => {
      this.waiting.delete(key);
      return work([...inputs]);
    });
    this.waiting.set(key, { inputs, done });
    return done;
  }
}
