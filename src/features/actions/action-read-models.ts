import type { Logger } from 'pino';
import { Collection } from '../../store/collection';
import { cosmosStatus } from '../../store/errors';
import { groupedBy, KeyedProjection, Repairs, sameEntries, type KnownGroup, type ReadModel } from '../../store/read-models';
import type { Store } from '../../store/store';
import { actionEntryOf, bookEntryOf, entriesOfBook, entriesOfGroup, expiredSince, keptSince, promiseEntryOf, type ActionEntry, type BookEntry } from './action-entries';
import type { Action, CitizenPromise } from './model';
import { entryListsOf, entryListsOfDoc, type EntryLists } from './entry-lists';

export * from './action-entries';

const groupDocId = (groupId: string) => `actions:${groupId}`;
const bookDocId = (municipalityKey: string) => `promises:${municipalityKey}`;
const GROUP_PREFIX = 'actions:';
const BOOK_PREFIX = 'promises:';

/** What the projections need besides the store: a logger for failed projections. */
export interface ProjectionOptions {
  logger?: Logger;
}

/**
 * The read models of actions (container `read-models`): per group `actions:<groupId>` with its open
 * actions and the ones closed within {@link CLOSED_KEEP_DAYS}; per municipality `promises:<key>` with its
 * citizen promises and the actions linked to them. Read turns (`insatser`, `försenade`, `mina insatser`,
 * the agenda, the weekly summary) read these by id instead of querying actions.
 *
 * Kept by `ActionRepository` / `PromiseRepository` writes: each projection reads the source inside the
 * read model's ETag loop (`KeyedProjection`), so repeated writes, concurrent writers and ETag retries end
 * equal to the source. A failed projection never fails the acknowledged write: it is logged (ids only)
 * and left to the sweep, which compares every read model with the sources.
 */
export class ActionReadModels {
  readonly groups: KeyedProjection<ActionEntry>;
  readonly books: KeyedProjection<BookEntry>;
  private readonly actions: Collection<Action>;
  private readonly promises: Collection<CitizenPromise>;
  /** Read models whose projection failed here: the sweep does them even when they do not exist yet. */
  private readonly dirty = new Set<string>();

  constructor(
    store: Store,
    private readonly options: ProjectionOptions = {}
  ) {
    this.groups = new KeyedProjection<ActionEntry>(store, 'actions');
    this.books = new KeyedProjection<BookEntry>(store, 'promises');
    this.actions = new Collection<Action>(store.container('actions'), 'groupId');
    this.promises = new Collection<CitizenPromise>(store.container('promises'), 'municipalityKey');
  }

  private async readAction(groupId: string, actionId: string): Promise<Action | undefined> {
    return (await this.actions.read(actionId, groupId))?.doc;
  }

  /** The group's read-model entries as the sources say (one partition query). */
  private async groupFromSource(groupId: string): Promise<Record<string, ActionEntry>> {
    const list = await this.actions.query<Action>('SELECT * FROM c WHERE c.groupId = @pk', [], groupId);
    return entriesOfGroup(list);
  }

  /**
   * The municipality's promise book as the sources say: a partition query of its promises and, when it
   * has any, a cross-partition query of the actions linked to them (only when the book is built or
   * repaired). An action links only to a promise that exists (the proposal checks) and promises are never
   * deleted, so a municipality without promises has an empty book: its first read (a new municipality, a
   * steering group's first summary) costs no scan of every group's actions.
   */
  private async bookFromSource(mk: string): Promise<Record<string, BookEntry>> {
    const promises = await this.promises.query<CitizenPromise>('SELECT * FROM c WHERE c.municipalityKey = @pk', [], mk);
    if (promises.length === 0) return {};
    const linked = await this.actions.queryAcrossPartitions<Action>('SELECT * FROM c WHERE c.municipalityKey = @mk AND IS_DEFINED(c.promiseId)', [{ name: '@mk', value: mk }]);
    return entriesOfBook(promises, linked, mk);
  }

  /** Runs one projection; a failure is recorded for the sweep and logged without personal data. */
  private async guarded(id: string, project: () => Promise<unknown>): Promise<void> {
    try {
      await project();
      this.dirty.delete(id);
    } catch (err) {
      this.dirty.add(id);
      this.options.logger?.warn({ readModel: id.split(':')[0], status: cosmosStatus(err) }, 'read-model projection failed; the sweep repairs it');
    }
  }

  /**
   * Brings the read models in line with action `actionId` as stored now: its group's and, when it is
   * linked to a citizen promise, its municipality's book. Never throws.
   */
  async projectAction(groupId: string, actionId: string, hint?: Pick<Action, 'municipalityKey' | 'promiseId'>): Promise<void> {
    const id = groupDocId(groupId);
    await this.guarded(id, async () => {
      const doc = await this.groups.project(id, actionId, async () => {
        const a = await this.readAction(groupId, actionId);
        return a ? actionEntryOf(a) : undefined;
      }, () => this.groupFromSource(groupId));
      // Closed actions past the window leave once the group's activity moved on (rarely: once per expiry).
      const entries = Object.values(doc?.entries ?? {});
      const since = keptSince(entries);
      if (entries.some((e) => expiredSince(e, since))) await this.groups.reconcile(id, () => this.groupFromSource(groupId));
    });
    // A promise link is set at proposal and never changes.
    if (!hint?.promiseId) return;
    const mk = hint.municipalityKey;
    const book = bookDocId(mk);
    await this.guarded(book, () =>
      this.books.project(book, `action:${groupId}/${actionId}`, async () => {
        const a = await this.readAction(groupId, actionId);
        return a ? bookEntryOf(a, mk) : undefined;
      }, () => this.bookFromSource(mk))
    );
  }

  /** Brings the municipality's book in line with promise `promiseId` as stored now. Never throws. */
  async projectPromise(mk: string, promiseId: string): Promise<void> {
    const book = bookDocId(mk);
    await this.guarded(book, () =>
      this.books.project(book, `promise:${promiseId}`, async () => {
        const p = (await this.promises.read(promiseId, mk))?.doc;
        return p ? promiseEntryOf(p) : undefined;
      }, () => this.bookFromSource(mk))
    );
  }

  /** The group's entries: one point read (built from the source, once, when missing). */
  async entriesOf(groupId: string): Promise<ActionEntry[]> {
    const doc = await this.groups.read(groupDocId(groupId));
    if (doc) return Object.values(doc.entries);
    let built: Record<string, ActionEntry> = {};
    await this.groups.reconcile(groupDocId(groupId), async () => (built = await this.groupFromSource(groupId)));
    return Object.values(built);
  }

  /** The group's open, active and owned entries by due date: one point read, derived once per version of the read model. */
  async listsOf(groupId: string): Promise<EntryLists> {
    const doc = await this.groups.read(groupDocId(groupId));
    return doc ? entryListsOfDoc(doc) : entryListsOf(await this.entriesOf(groupId));
  }

  /** The municipality's promise book: one point read (built from the sources, once, when missing). */
  async bookOf(mk: string): Promise<Record<string, BookEntry>> {
    const doc = await this.books.read(bookDocId(mk));
    if (doc) return doc.entries;
    let built: Record<string, BookEntry> = {};
    await this.books.reconcile(bookDocId(mk), async () => (built = await this.bookFromSource(mk)));
    return built;
  }

  /**
   * Compares every actions read model with the sources and reconciles each that differs (and
   * any whose projection failed here). Two cross-partition queries of the sources and one of the read
   * models per kind; writes only what differs. Returns how many documents it repaired.
   */
  async sweep(): Promise<number> {
    const repairs = new Repairs();
    const [actions, promises, groupDocs, books] = await Promise.all([
      this.actions.queryAcrossPartitions<Action>('SELECT * FROM c', []),
      this.promises.queryAcrossPartitions<CitizenPromise>('SELECT * FROM c', []),
      this.groups.listAll(),
      this.books.listAll()
    ]);
    const byGroup = groupedBy(actions, (a) => a.groupId);
    const stored = new Map(groupDocs.map((d) => [d.id, d.entries]));
    for (const id of [...this.dirty].filter((d) => d.startsWith(GROUP_PREFIX))) if (!stored.has(id)) stored.set(id, {});
    await repairs.each(stored, async ([id, entries]) => {
      const groupId = id.slice(GROUP_PREFIX.length);
      if (sameEntries(entries, entriesOfGroup(byGroup.get(groupId) ?? [])) && !this.dirty.has(id)) return false;
      const repaired = await this.groups.reconcile(id, () => this.groupFromSource(groupId));
      this.dirty.delete(id);
      return repaired;
    });
    const storedBooks = new Map(books.map((d) => [d.id, d.entries]));
    for (const id of [...this.dirty].filter((d) => d.startsWith(BOOK_PREFIX))) if (!storedBooks.has(id)) storedBooks.set(id, {});
    await repairs.each(storedBooks, async ([id, entries]) => {
      const mk = id.slice(BOOK_PREFIX.length);
      const expected = entriesOfBook(promises.filter((p) => p.municipalityKey === mk), actions, mk);
      if (sameEntries(entries, expected) && !this.dirty.has(id)) return false;
      const repaired = await this.books.reconcile(id, () => this.bookFromSource(mk));
      this.dirty.delete(id);
      return repaired;
    });
    return repairs.done();
  }

  /** Drops every actions read model and builds them again from the sources, for every known group and municipality too. */
  async rebuild(known: readonly KnownGroup[] = []): Promise<Record<string, number>> {
    const dropped = (await this.groups.dropAll()) + (await this.books.dropAll());
    const [actions, promises] = await Promise.all([
      this.actions.queryAcrossPartitions<Action>('SELECT * FROM c', []),
      this.promises.queryAcrossPartitions<CitizenPromise>('SELECT * FROM c', [])
    ]);
    const groups = new Set([...actions.map((a) => a.groupId), ...known.map((g) => g.id)]);
    for (const g of groups) await this.groups.reconcile(groupDocId(g), () => this.groupFromSource(g));
    const municipalities = new Set([
      ...promises.map((p) => p.municipalityKey),
      ...actions.filter((a) => a.promiseId).map((a) => a.municipalityKey),
      ...known.map((g) => g.municipalityKey)
    ]);
    for (const mk of municipalities) await this.books.reconcile(bookDocId(mk), () => this.bookFromSource(mk));
    this.dirty.clear();
    return { dropped, groups: groups.size, municipalities: municipalities.size };
  }
}

/** The actions read models as one family of the registry. */
export function actionsReadModel(models: ActionReadModels): ReadModel {
  return { name: 'actions', sweep: () => models.sweep(), rebuild: (_now, known) => models.rebuild(known) };
}

