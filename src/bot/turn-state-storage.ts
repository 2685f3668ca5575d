import type { Storage, StoreItems } from 'botbuilder';
import type { Logger } from 'pino';
import { Collection } from '../store/collection';
import { safeId } from '../store/keys';
import type { Store } from '../store/store';

interface StateDoc {
  id: string;
  key: string;
  value: Record<string, unknown>;
}

/**
 * Teams AI turn state in Cosmos (`state` container). Keys contain `/`, so ids are hashed. Teams AI
 * writes a scope only when it changed. A failed write is logged, not thrown: the user's turn already
 * succeeded and its data lives in the repositories, so it must not become a 500.
 */
export class CosmosTurnStateStorage implements Storage {
  private readonly docs: Collection<StateDoc>;

  constructor(store: Store, private readonly logger: Logger) {
    this.docs = new Collection<StateDoc>(store.container('state'), 'id');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const id = safeId(key);
        const found = await this.docs.read(id, id);
        if (found) out[key] = { ...found.doc.value, eTag: found.etag };
      })
    );
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const id = safeId(key);
        const { eTag, ...value } = (item ?? {}) as Record<string, unknown>;
        try {
          // Optimistic concurrency as botbuilder defines it: an item read with an ETag is replaced only if unchanged.
          if (typeof eTag === 'string' && eTag !== '*') await this.docs.replace({ id, key, value }, eTag);
          else if (!(await this.docs.create({ id, key, value }))) throw new Error('state item exists');
        } catch (err) {
          this.logger.warn({ err: (err as Error).message, stateKey: id }, 'turn state write failed; turn kept');
        }
      })
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.docs.delete(safeId(key), safeId(key))));
  }
}
