import type { Logger } from 'pino';
import { loadTested } from './tested-module';

/** What the embedded server's query method receives. */
interface QueryParams {
  query: string;
  parameters?: Array<{ name: string; value: unknown }>;
}

interface ItemsLike {
  _data: Map<string, { read(): Record<string, unknown> }>;
  _partitionKeyPath: string[];
  query(params: QueryParams, options: unknown): unknown;
}

const TESTED_VERSION = '1.0.1';
const MARK = Symbol.for('trygg.partitionFilter');

/**
 * The embedded server (`@vercel/cosmosdb-server`) runs every query over every item of a container,
 * ignoring partitions, so a partition query costs O(container) and a 100 000-item container makes each
 * one slow. Our partition queries always start with `WHERE c.<partition key> = @pk` (Collection.query
 * enforces it), so the items of other partitions can never match: this narrows the scan to the
 * partition first. Results are identical by construction; queries of any other shape (an OR, a
 * different first condition) run unchanged. Applied only to the version it was written for.
 */
export function installPartitionFilter(logger: Logger): void {
  const Items = loadTested<{ default: { prototype: ItemsLike & { [MARK]?: boolean } } }>('@vercel/cosmosdb-server', '@vercel/cosmosdb-server/lib/account/items', TESTED_VERSION, 'partition filter', logger)?.default;
  if (!Items) return;
  const proto = Items.prototype;
  if (proto[MARK]) return;
  const original = proto.query;
  proto.query = function (this: ItemsLike, params: QueryParams, options: unknown) {
    const [path] = this._partitionKeyPath ?? [];
    const field = path && this._partitionKeyPath.length === 1 && /^\/[A-Za-z0-9_]+$/.test(path) ? path.slice(1) : undefined;
    const pk = params?.parameters?.find((p) => p.name === '@pk');
    const shape = field && new RegExp(`^\\s*SELECT\\s[\\s\\S]*?\\sWHERE\\s+c\\.${field}\\s*=\\s*@pk(\\s+AND\\s|\\s*$|\\s+ORDER\\s+BY\\s)`, 'i');
    if (!field || !pk || !shape || !shape.test(params.query) || /\sOR\s/i.test(params.query)) return original.call(this, params, options);
    const all = this._data;
    const narrowed = new Map<string, { read(): Record<string, unknown> }>();
    for (const [rid, item] of all) if (item.read()[field] === pk.value) narrowed.set(rid, item);
    this._data = narrowed;
    try {
      return original.call(this, params, options);
    } finally {
      this._data = all;
    }
  };
  proto[MARK] = true;
}
