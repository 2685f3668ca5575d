/**
 * Fast seeding for the benchmarks at scale: clones documents the bot itself created through its verbs
 * (so their shape is real) straight into the store, 16 writes in flight (the embedded server shares this
 * process's event loop: more in flight only queues). A write that timed out is retried; a conflict on the
 * retry means the first attempt landed. Writing around the
 * repositories skips their read-model projections, so every caller then brings the read models in line
 * through the app's registry (`bot.readModels.rebuildAll`), as `npm run rebuild-read-models` does.
 */
import { stripSystem } from '../src/store/collection';
import type { ContainerId } from '../src/store/containers';
import type { Store } from '../src/store/store';

/** The documents of `container` in `groupId`'s partition, without Cosmos system fields. */
export async function templatesOf(store: Store, container: ContainerId, groupId: string): Promise<Array<Record<string, unknown>>> {
  const { resources } = await store.container(container).items.query({ query: 'SELECT * FROM c WHERE c.groupId = @g', parameters: [{ name: '@g', value: groupId }] }).fetchAll();
  return resources.map((r) => stripSystem<Record<string, unknown>>(r));
}

/** Creates `count` clones; `make(i)` returns clone number `i`. Returns how many were written. */
export async function cloneMany(store: Store, container: ContainerId, count: number, make: (i: number) => Record<string, unknown>): Promise<number> {
  let next = 0;
  let written = 0;
  const items = store.container(container).items;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const doc = make(next++);
        for (let attempt = 1; ; attempt++) {
          try {
            await items.create(doc);
            break;
          } catch (err) {
            const code = (err as { code?: number | string }).code;
            if (code === 409 && attempt > 1) break;
            if (code !== 'TimeoutError' || attempt >= 5) throw err;
          }
        }
        written++;
      }
    })
  );
  return written;
}

/** `YYYY-MM-DD` `days` days before `now`. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86400000).toISOString().slice(0, 10);

/**
 * The store request timeout of the benches at scale. Their set-up (cloning, then the read-model rebuild
 * over 100 000 records) outlasts the production 2 s on the embedded server: it copies and sorts the whole
 * container for every page of a query (10–21 s per page of the picture's full reconcile at 30 000
 * updates). The timed turns make point reads only and keep their turn deadlines.
 */
export const SETUP_TIMEOUT_MS = 300_000;
