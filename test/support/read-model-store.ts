import { createLogger } from '../../src/logger';
import { CONTAINERS, type ContainerId } from '../../src/store/containers';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { openStore, type Store } from '../../src/store/store';
import { StoreFaultProxy, type ProxiedRequest, type StoreFault } from './fault-proxy';

/**
 * A store for read-model tests: the embedded Cosmos server behind a fault proxy, so a test can answer
 * the n-th write to `read-models` with a 412 or a 503 (`failReadModelWrites`), and count what reached
 * the store. The store talks to the proxy over the real protocol, so there is no in-process cache:
 * every read goes to the server.
 */
export interface ReadModelStore {
  store: Store;
  /** The server behind the proxy (its request counters). */
  server: EmbeddedCosmos;
  /** The fault for the n-th read-model write (PUT, POST or DELETE) from now on, given the request; `undefined` lets it through. */
  failReadModelWrites(fault: (n: number, req: ProxiedRequest) => StoreFault | undefined): void;
  /** Every request that passed the proxy, in order (queries included). */
  readonly requests: ProxiedRequest[];
  /** Deletes every document of the given containers (between property runs). */
  clear(...containers: ContainerId[]): Promise<void>;
  stop(): Promise<void>;
}

const isReadModelWrite = (req: ProxiedRequest) => req.path.includes('/colls/read-models/') && ['PUT', 'POST', 'DELETE'].includes(req.method) && !req.isQuery;

/** Starts the server, the proxy and a store that goes through it. */
export async function startReadModelStore(): Promise<ReadModelStore> {
  const logger = createLogger('silent');
  const server = new EmbeddedCosmos({ snapshotMs: 200, logger });
  await server.start();
  const proxy = new StoreFaultProxy(server.endpoint);
  let fault: (n: number, req: ProxiedRequest) => StoreFault | undefined = () => undefined;
  let writes = 0;
  const requests: ProxiedRequest[] = [];
  proxy.faults = (req) => {
    requests.push(req);
    return isReadModelWrite(req) ? fault(++writes, req) : undefined;
  };
  await proxy.start();
  const store = await openStore({ cosmos: { database: 'trygg', endpoint: proxy.url, key: EMBEDDED_KEY }, embedded: { snapshotMs: 200 }, logger });
  return {
    store,
    server,
    requests,
    failReadModelWrites(next) {
      writes = 0;
      fault = next;
    },
    async clear(...containers) {
      for (const id of containers) {
        const key = CONTAINERS.find((c) => c.id === id)!.partitionKey.slice(1);
        const c = store.container(id);
        const { resources } = await c.items.query<Record<string, string>>('SELECT * FROM c').fetchAll();
        for (const r of resources) await c.item(r.id, r[key]).delete();
      }
    },
    async stop() {
      await store.close();
      await proxy.stop();
      await server.stop();
    }
  };
}

/**
 * The read-model store of one `describe`: started in `beforeAll`, stopped in `afterAll`. The returned
 * handle is usable inside tests and hooks (not at collection time).
 */
export function useReadModelStore(): ReadModelStore {
  let started: ReadModelStore | undefined;
  beforeAll(async () => {
    started = await startReadModelStore();
  });
  afterAll(() => started?.stop());
  const get = () => {
    if (!started) throw new Error('the read-model store starts in beforeAll');
    return started;
  };
  return {
    get store() { return get().store; },
    get server() { return get().server; },
    get requests() { return get().requests; },
    failReadModelWrites: (fault) => get().failReadModelWrites(fault),
    clear: (...containers) => get().clear(...containers),
    stop: () => get().stop()
  };
}
