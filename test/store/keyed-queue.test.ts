import { KeyedQueue } from '../../src/store/keyed-queue';

/** Projections onto one read-model document run one at a time, and a burst of view derivations runs once. */
describe('KeyedQueue', () => {
  it('runs the work of one key one at a time in arrival order, other keys beside it, and a failure does not stop the next', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, fail = false) => async () => {
      running++;
      expect(running).toBeLessThanOrEqual(2);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([q.run('a', work('a1', true)), q.run('a', work('a2')), q.run('b', work('b1'))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(['failed', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('joins work of a key that has not started yet, with every input, and starts new work once it has', async () => {
    const q = new KeyedQueue();
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const blocker = q.run('v', () => gate);
    const derive = async (inputs: string[]) => (calls.push(inputs), inputs.length);
    const joined = [q.coalesce('v', 'd1', derive), q.coalesce('v', 'd2', derive), q.coalesce('v', 'd1', derive)];
    release();
    await blocker;
    expect(await Promise.all(joined)).toEqual([2, 2, 2]);
    expect(await q.coalesce('v', 'd3', derive)).toBe(1);
    expect(calls).toEqual([['d1', 'd2'], ['d3']]);
  });
});
