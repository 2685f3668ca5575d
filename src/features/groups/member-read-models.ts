import { Collection } from '../../store/collection';
import { Repairs, type ReadModel } from '../../store/read-models';
import type { Store } from '../../store/store';
import type { Member } from './model';

/** Per person: the groups they belong to, with agency and roles (read by id in personal chat). */
interface PersonView {
  id: string;
  kind: 'person';
  aadObjectId: string;
  /** Keyed by group id. */
  groups: Record<string, Pick<Member, 'agency' | 'roles'>>;
}

/** Per group: its roster, as `medlemmar` and the summary show it. */
interface RosterView {
  id: string;
  kind: 'roster';
  groupId: string;
  /** Keyed by the member's Entra object id. */
  members: Record<string, Member>;
}

type View = PersonView | RosterView;

const personId = (aad: string) => `person:${aad.toLowerCase()}`;
const rosterId = (groupId: string) => `roster:${groupId}`;

/** Sorts by id, as a roster query sorted before. */
const byId = (a: Member, b: Member) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The read models of membership (container `read-models`): per person their groups, per group its
 * roster, so personal-chat turns and `medlemmar` need a point read instead of a query.
 *
 * Membership documents stay the truth. Each projection reads the membership it projects inside its own
 * ETag loop, so concurrent changes, a repeated write ("försök igen") or an ETag conflict all end with
 * the read model equal to the source: whichever projection writes last has read the latest source. A
 * projection that failed (or a crash between the two writes) leaves the pair in `dirty` (or unknown);
 * `sweep` compares every read model with the source and re-projects what differs, on start and every
 * few minutes. Access decisions never rest on a read model alone: `groupsOf` confirms each group with the
 * membership's own point read (from the cache on the embedded store).
 */
export class MemberReadModels {
  private readonly views: Collection<View>;
  private readonly members: Collection<Member>;
  /** (group, person) pairs whose projection failed: the next sweep does them first. */
  private readonly dirty = new Set<string>();

  constructor(store: Store) {
    this.views = new Collection<View>(store.container('read-models'), 'id');
    this.members = new Collection<Member>(store.container('members'), 'groupId');
  }

  /** Brings both read models in line with the membership (group, person) as stored now. */
  async project(groupId: string, aad: string): Promise<void> {
    const id = aad.toLowerCase();
    try {
      await Promise.all([this.projectRoster(groupId, id), this.projectPerson(groupId, id)]);
      this.dirty.delete(`${groupId}\n${id}`);
    } catch {
      // The membership itself is written; its read models catch up at the next sweep.
      this.dirty.add(`${groupId}\n${id}`);
    }
  }

  private async current(groupId: string, aad: string): Promise<Member | undefined> {
    return (await this.members.read(aad, groupId))?.doc;
  }

  private async projectRoster(groupId: string, aad: string): Promise<void> {
    await this.views.update(rosterId(groupId), rosterId(groupId), async (view) => {
      const member = await this.current(groupId, aad);
      const roster: RosterView = view?.kind === 'roster' ? view : { id: rosterId(groupId), kind: 'roster', groupId, members: {} };
      if (!view) {
        // First projection of this group: start from the whole roster, so the view is complete.
        for (const m of await this.listSource(groupId)) roster.members[m.id] = m;
      }
      const before = JSON.stringify(roster.members[aad] ?? null);
      if (member) roster.members[aad] = member;
      else delete roster.members[aad];
      return view && before === JSON.stringify(member ?? null) ? undefined : roster;
    });
  }

  private async projectPerson(groupId: string, aad: string): Promise<void> {
    await this.views.update(personId(aad), personId(aad), async (view) => {
      const member = await this.current(groupId, aad);
      const person: PersonView = view?.kind === 'person' ? view : await this.personFromSource(aad);
      const before = JSON.stringify(person.groups[groupId] ?? null);
      if (member) person.groups[groupId] = { agency: member.agency, roles: member.roles };
      else delete person.groups[groupId];
      return view && before === JSON.stringify(person.groups[groupId] ?? null) ? undefined : person;
    });
  }

  private async listSource(groupId: string): Promise<Member[]> {
    return this.members.query<Member>('SELECT * FROM c WHERE c.groupId = @pk', [], groupId);
  }

  private async personFromSource(aad: string): Promise<PersonView> {
    const memberships = await this.members.queryAcrossPartitions<Member>('SELECT * FROM c WHERE c.aadObjectId = @a', [{ name: '@a', value: aad }]);
    return { id: personId(aad), kind: 'person', aadObjectId: aad, groups: Object.fromEntries(memberships.map((m) => [m.groupId, { agency: m.agency, roles: m.roles }])) };
  }

  /**
   * The person's memberships: one point read of their view, each group confirmed by the membership's
   * own point read. The first time (no view yet) it is built from the source with one query.
   */
  async groupsOf(aadObjectId: string): Promise<Member[]> {
    const aad = aadObjectId.toLowerCase();
    let view = (await this.views.readShared(personId(aad), personId(aad)))?.doc;
    if (view?.kind !== 'person') {
      const built = await this.personFromSource(aad);
      view = (await this.views.update(built.id, built.id, (existing) => (existing ? undefined : built))).doc ?? built;
    }
    const groups = view.kind === 'person' ? Object.keys(view.groups) : [];
    const confirmed = await Promise.all(groups.map((g) => this.current(g, aad)));
    return confirmed.filter((m): m is Member => !!m);
  }

  /** The group's roster for display: one point read (built from the source the first time). */
  async rosterOf(groupId: string): Promise<Member[]> {
    const view = (await this.views.readShared(rosterId(groupId), rosterId(groupId)))?.doc;
    if (view?.kind === 'roster') return Object.values(view.members).sort(byId);
    const members = await this.listSource(groupId);
    const built: RosterView = { id: rosterId(groupId), kind: 'roster', groupId, members: Object.fromEntries(members.map((m) => [m.id, m])) };
    await this.views.update(built.id, built.id, (existing) => (existing ? undefined : built));
    return members.sort(byId);
  }

  /**
   * Compares every membership read model with the source and re-projects each (group, person) pair
   * that differs or whose projection failed. Three queries, then one projection per difference.
   * Returns how many pairs were re-projected.
   */
  async sweep(): Promise<number> {
    const [members, views] = await Promise.all([
      this.members.queryAcrossPartitions<Member>('SELECT * FROM c', []),
      this.views.queryAcrossPartitions<View>("SELECT * FROM c WHERE c.kind = 'person' OR c.kind = 'roster'", [])
    ]);
    const pairs = new Set(this.dirty);
    const source = new Map(members.map((m) => [`${m.groupId}\n${m.id}`, m]));
    const inRoster = new Map<string, Member>();
    const inPerson = new Map<string, Pick<Member, 'agency' | 'roles'>>();
    for (const v of views) {
      if (v.kind === 'roster') for (const [aad, m] of Object.entries(v.members)) inRoster.set(`${v.groupId}\n${aad}`, m);
      else for (const [g, m] of Object.entries(v.groups)) inPerson.set(`${g}\n${v.aadObjectId}`, m);
    }
    const rosters = new Set(views.filter((v): v is RosterView => v.kind === 'roster').map((v) => v.groupId));
    const people = new Set(views.filter((v): v is PersonView => v.kind === 'person').map((v) => v.aadObjectId));
    for (const key of new Set([...source.keys(), ...inRoster.keys(), ...inPerson.keys()])) {
      const [groupId, aad] = key.split('\n');
      const m = source.get(key);
      const rosterStale = rosters.has(groupId) && JSON.stringify(inRoster.get(key) ?? null) !== JSON.stringify(m ?? null);
      const personStale = people.has(aad) && JSON.stringify(inPerson.get(key) ?? null) !== JSON.stringify(m ? { agency: m.agency, roles: m.roles } : null);
      if (rosterStale || personStale) pairs.add(key);
    }
    // `project` keeps going whatever fails (the pair stays dirty); a pair left dirty fails the sweep.
    const repairs = new Repairs();
    await repairs.each(pairs, async (key) => {
      const [groupId, aad] = key.split('\n');
      await this.project(groupId, aad);
      if (this.dirty.has(`${groupId}\n${aad.toLowerCase()}`)) throw new Error('membership read-model projection failed');
      return true;
    });
    return repairs.done();
  }

  /** Drops every membership read model; they are rebuilt from the source on first read (the rebuild script). */
  async dropAll(): Promise<number> {
    const views = await this.views.queryAcrossPartitions<View>("SELECT * FROM c WHERE c.kind = 'person' OR c.kind = 'roster'", []);
    for (const v of views) await this.views.delete(v.id, v.id);
    return views.length;
  }
}

/** The membership read models as one family of the registry: swept with the others, rebuilt by the script. */
export function membershipReadModel(repos: { groups: { listAll(): Promise<Array<{ id: string }>> }; members: { readModels: MemberReadModels; roster(groupId: string): Promise<Member[]>; list(groupId: string): Promise<Member[]>; membershipsOf(aad: string): Promise<Member[]> } }): ReadModel {
  return {
    name: 'members',
    sweep: () => repos.members.readModels.sweep(),
    async rebuild() {
      const dropped = await repos.members.readModels.dropAll();
      const groups = await repos.groups.listAll();
      const people = new Set<string>();
      for (const g of groups) {
        await repos.members.roster(g.id);
        for (const m of await repos.members.list(g.id)) people.add(m.id);
      }
      for (const p of people) await repos.members.membershipsOf(p);
      return { dropped, rosters: groups.length, people: people.size };
    }
  };
}
