import { AsyncLocalStorage } from 'node:async_hooks';
import type { JournalRecord } from './journal';

/** The parts of `@vercel/cosmosdb-server` 1.0.1's in-memory model the journal reads and replays into. */
export interface ModelItem<T = Record<string, unknown>> {
  read(): T | undefined;
}
export interface ModelItems<I> {
  _data: Map<string, I>;
  _parent: ModelItem;
  create(data: Record<string, unknown>): Record<string, unknown>;
  replace(data: Record<string, unknown>, original: Record<string, unknown>): Record<string, unknown>;
  upsert(data: Record<string, unknown>): Record<string, unknown>;
  delete(idOrRid: string, partition: unknown): void;
}
export interface ModelCollection extends ModelItem {
  documents: ModelItems<ModelItem>;
  document(id: string, partition: unknown): ModelItem;
}
export interface ModelDatabase extends ModelItem {
  collections: ModelItems<ModelCollection>;
  collection(id: string): ModelCollection;
}
export interface ModelAccount {
  databases: ModelItems<ModelDatabase>;
  database(id: string): ModelDatabase;
}

/** What a request that may write carries: where its records go, and which database its URL names. */
export interface CaptureContext {
  account: ModelAccount;
  dbId?: string;
  record(r: JournalRecord): void;
  /** >0 while inside `replace`, whose inner delete + set is one logical write. */
  depth: number;
}

/** The request being handled, so the prototype hooks know which store's journal a change belongs to. */
export const captureContext = new AsyncLocalStorage<CaptureContext>();

const MARK = Symbol.for('trygg.journalCapture');
export const TESTED_VERSION = '1.0.1';

/** Removes the server's system fields so a replayed definition is created afresh. */
export function withoutSystemFields(data: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!k.startsWith('_')) copy[k] = v;
  return copy;
}

interface ItemsProto {
  create(this: ModelItems<unknown>, data: Record<string, unknown>): Record<string, unknown>;
  replace(this: ModelItems<unknown>, data: Record<string, unknown>, original: Record<string, unknown>): Record<string, unknown>;
  delete(this: ModelItems<unknown>, idOrRid: string, partition: unknown): void;
  _item(keyPath: string, value: unknown, partition: unknown): ModelItem;
  [MARK]?: boolean;
}

type Ctor = abstract new (...args: never[]) => unknown;

/**
 * Hooks the server's model so every change is recorded at the moment it is applied, in that order:
 * document create/replace/delete (also through upsert, patch and batch), container and database
 * create/replace/delete. Changes made outside a request (replay at start) record nothing.
 * The server version is pinned; any other version refuses to start with a journal.
 */
export function installCapture(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const version = (require('@vercel/cosmosdb-server/package.json') as { version: string }).version;
  if (version !== TESTED_VERSION) {
    throw new Error(`The embedded store's journal was written for @vercel/cosmosdb-server ${TESTED_VERSION}, found ${version}: pin the version in package.json.`);
  }
  const proto = (require('@vercel/cosmosdb-server/lib/account/items') as { default: { prototype: ItemsProto } }).default.prototype;
  const Documents = (require('@vercel/cosmosdb-server/lib/account/documents') as { default: Ctor }).default;
  const Collections = (require('@vercel/cosmosdb-server/lib/account/collections') as { default: Ctor }).default;
  const Databases = (require('@vercel/cosmosdb-server/lib/account/databases') as { default: Ctor }).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (proto[MARK]) return;
  const { create, replace } = proto;
  const remove = proto.delete;

  const put = (items: ModelItems<unknown>, data: Record<string, unknown>, isReplace: boolean): void => {
    const ctx = captureContext.getStore();
    if (!ctx || ctx.depth > 0) return;
    if (items instanceof Documents) {
      const db = ctx.dbId === undefined ? undefined : ctx.account.database(ctx.dbId).read()?.id;
      const coll = items._parent.read()?.id;
      if (typeof db === 'string' && typeof coll === 'string') ctx.record({ t: 'doc', db, coll, doc: data });
    } else if (items instanceof Collections) {
      const db = items._parent.read()?.id;
      if (typeof db === 'string') ctx.record({ t: 'coll', db, def: withoutSystemFields(data), ...(isReplace ? { replace: true } : {}) });
    } else if (items instanceof Databases) {
      ctx.record({ t: 'db', db: String(data.id) });
    }
  };

  proto.create = function (data) {
    const result = create.call(this, data);
    put(this, result, false);
    return result;
  };
  proto.replace = function (data, original) {
    const ctx = captureContext.getStore();
    if (ctx) ctx.depth += 1;
    let result: Record<string, unknown>;
    try {
      result = replace.call(this, data, original);
    } finally {
      if (ctx) ctx.depth -= 1;
    }
    put(this, result, true);
    return result;
  };
  proto.delete = function (idOrRid, partition) {
    const ctx = captureContext.getStore();
    const before = ctx && ctx.depth === 0 ? (this as unknown as ItemsProto)._item('/id', idOrRid, partition).read() : undefined;
    remove.call(this, idOrRid, partition);
    if (!ctx || !before || ctx.depth > 0) return;
    if (this instanceof Documents) {
      const db = ctx.dbId === undefined ? undefined : ctx.account.database(ctx.dbId).read()?.id;
      const coll = this._parent.read()?.id;
      if (typeof db === 'string' && typeof coll === 'string') ctx.record({ t: 'del', db, coll, pk: partition, id: String(before.id) });
    } else if (this instanceof Collections) {
      const db = this._parent.read()?.id;
      if (typeof db === 'string') ctx.record({ t: 'delcoll', db, coll: String(before.id) });
    } else if (this instanceof Databases) {
      ctx.record({ t: 'deldb', db: String(before.id) });
    }
  };
  proto[MARK] = true;
}

/** Applies one record to the model: upsert or delete, so applying it again changes nothing. */
export function applyRecord(account: ModelAccount, r: JournalRecord): void {
  switch (r.t) {
    case 'db':
      if (!account.database(r.db).read()) account.databases.create({ id: r.db });
      return;
    case 'deldb':
      if (account.database(r.db).read()) account.databases.delete(r.db, r.db);
      return;
    case 'coll': {
      const db = requireDatabase(account, r.db);
      const id = String(r.def.id);
      const existing = db.collection(id).read();
      if (!existing) db.collections.create(r.def);
      else if (r.replace) db.collections.replace(r.def, existing);
      return;
    }
    case 'delcoll': {
      const db = requireDatabase(account, r.db);
      if (db.collection(r.coll).read()) db.collections.delete(r.coll, r.coll);
      return;
    }
    case 'doc':
      requireCollection(account, r.db, r.coll).documents.upsert(withoutSystemFields(r.doc));
      return;
    case 'del': {
      const coll = requireCollection(account, r.db, r.coll);
      if (coll.document(r.id, r.pk).read()) coll.documents.delete(r.id, r.pk);
      return;
    }
  }
}

function requireDatabase(account: ModelAccount, id: string): ModelDatabase {
  const db = account.database(id);
  if (!db.read()) throw new Error(`a record refers to database ${id}, which does not exist at that point`);
  return db;
}

function requireCollection(account: ModelAccount, db: string, coll: string): ModelCollection {
  const c = requireDatabase(account, db).collection(coll);
  if (!c.read()) throw new Error(`a record refers to container ${db}/${coll}, which does not exist at that point`);
  return c;
}

/**
 * Every database, container and document at one instant. Documents are held as the server's item
 * wrappers, which are never changed (a write puts a new wrapper in the map), so `read()` later still
 * gives the document as it was at the capture.
 */
export interface CapturedState {
  databases: Array<{ id: string; containers: Array<{ def: Record<string, unknown>; docs: ModelItem[] }> }>;
}

/** Takes the whole state synchronously with one native array copy per container: quick even for 100 000 items. */
export function captureState(account: ModelAccount): CapturedState {
  const databases: CapturedState['databases'] = [];
  for (const dbItem of account.databases._data.values()) {
    const data = dbItem.read();
    if (!data) continue;
    const containers: CapturedState['databases'][number]['containers'] = [];
    for (const c of dbItem.collections._data.values()) {
      const def = c.read();
      if (!def) continue;
      containers.push({ def: withoutSystemFields(def), docs: Array.from(c.documents._data.values()) });
    }
    databases.push({ id: String(data.id), containers });
  }
  return { databases };
}
