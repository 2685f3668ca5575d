import { normalizeText } from '../../i18n';
import { Collection, type Mutation } from '../../store/collection';
import { safeId } from '../../store/keys';
import type { Store } from '../../store/store';
import { MemberReadModels } from './member-read-models';
import type { Group, Member } from './model';

/** Registered groups, partitioned by their own id: every group turn does one point read. */
export class GroupRepository {
  private readonly groups: Collection<Group>;

  constructor(store: Store) {
    this.groups = new Collection<Group>(store.container('groups'), 'id');
  }

  static idFor(groupKey: string): string {
    return safeId(groupKey);
  }

  async get(groupId: string): Promise<Group | undefined> {
    return (await this.groups.read(groupId, groupId))?.doc;
  }

  async getByKey(groupKey: string): Promise<Group | undefined> {
    return this.get(GroupRepository.idFor(groupKey));
  }

  /** Creates the group; `undefined` when it was already registered. */
  async create(group: Group): Promise<Group | undefined> {
    return (await this.groups.create(group))?.doc;
  }

  /** Read-modify-write with ETags. */
  async update(groupId: string, mutate: Mutation<Group>): Promise<Group | undefined> {
    return (await this.groups.update(groupId, groupId, mutate)).doc;
  }

  /** All groups of a municipality: a cross-partition query, used by roll-ups and schedules, not per turn. */
  async listByMunicipality(municipality: string): Promise<Group[]> {
    return this.groups.queryAcrossPartitions<Group>('SELECT * FROM c WHERE c.municipalityKey = @m', [
      { name: '@m', value: normalizeText(municipality) }
    ]);
  }

  /** Every registered group (schedules only). */
  async listAll(): Promise<Group[]> {
    return this.groups.queryAcrossPartitions<Group>('SELECT * FROM c', []);
  }
}

/**
 * Memberships, partitioned by group: a role check is one point read, the authoritative roster one
 * partition query. Every change also updates the membership read models (member-read-models.ts), from
 * which a person's groups and a roster for display are point reads.
 */
export class MemberRepository {
  private readonly members: Collection<Member>;
  /** Per person and per group views of the memberships, kept by the writes below. */
  readonly readModels: MemberReadModels;

  constructor(store: Store) {
    this.members = new Collection<Member>(store.container('members'), 'groupId');
    this.readModels = new MemberReadModels(store);
  }

  async get(groupId: string, aadObjectId: string): Promise<Member | undefined> {
    return (await this.members.read(aadObjectId.toLowerCase(), groupId))?.doc;
  }

  /**
   * The roster for display (`medlemmar`, the summary's counts): one point read of the group's read
   * model. Decisions that must see every change at once (the last coordinator) use `list`.
   */
  async roster(groupId: string): Promise<Member[]> {
    return this.readModels.rosterOf(groupId);
  }

  /** The roster as stored now: one partition query. */
  async list(groupId: string): Promise<Member[]> {
    // Sorted here: an ORDER BY makes the client fetch a query plan first, an extra round trip per roster.
    const members = await this.members.query<Member>('SELECT * FROM c WHERE c.groupId = @pk', [], groupId);
    return members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Read-modify-write of one membership with ETags; returning undefined from `mutate` leaves it as is. */
  async update(groupId: string, aadObjectId: string, mutate: Mutation<Member>): Promise<{ doc: Member | undefined; changed: boolean }> {
    const result = await this.members.update(aadObjectId.toLowerCase(), groupId, mutate);
    if (result.changed) await this.readModels.project(groupId, aadObjectId);
    return result;
  }

  async remove(groupId: string, aadObjectId: string): Promise<boolean> {
    const removed = await this.members.delete(aadObjectId.toLowerCase(), groupId);
    // Also when nothing was there: a repeated removal ("försök igen") finishes a projection that failed.
    await this.readModels.project(groupId, aadObjectId);
    return removed;
  }

  /**
   * The groups a person belongs to, for "what may I see": one point read of the person's read model,
   * each group confirmed by the membership's own point read (source documents stay the truth).
   */
  async membershipsOf(aadObjectId: string): Promise<Member[]> {
    return this.readModels.groupsOf(aadObjectId);
  }
}
