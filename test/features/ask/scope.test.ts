import type { Access } from '../../../src/features/groups/access';
import type { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { Group, Member } from '../../../src/features/groups/model';
import type { GroupLink, LinkRepository } from '../../../src/features/groups/link-repository';
import { resolveScope } from '../../../src/features/ask/scope';
import { AskTopicRegistry } from '../../../src/features/ask/topics';

function group(id: string, kind: Group['kind'], municipality: string, areas: string[]): Group {
  return { id, key: id, kind, name: id, municipality, municipalityKey: municipality.toLowerCase().replace('ä', 'a'), areas, language: 'sv', conversationType: 'channel', postConversationId: id, registeredBy: 'x', registeredAt: '', updatedAt: '' };
}
const kallinge = group('kallinge', 'sspf', 'Ronneby', ['Kallinge', 'Bräkne-Hoby']);
const centrum = group('centrum', 'sspf', 'Ronneby', ['Centrum', 'Kallinge']);
const styr = group('styr', 'styrgrupp', 'Ronneby', ['Ronneby']);
const ytterby = group('ytterby', 'sspf', 'Kungälv', ['Ytterby']);
const all = [kallinge, centrum, styr, ytterby];

const groups = {
  get: async (id: string) => all.find((g) => g.id === id),
  listByMunicipality: async () => {
    throw new Error('reach is never derived from municipality names');
  }
} as unknown as GroupRepository;
/** Kallinge is linked to the steering group; Centrum (same municipality) is not; an ended link counts for nothing. */
const stored: GroupLink[] = [
  { id: 'kallinge|styr', sspfGroupId: 'kallinge', steeringGroupId: 'styr', linkedBy: 'x', linkedAt: '' },
  { id: 'ytterby|styr', sspfGroupId: 'ytterby', steeringGroupId: 'styr', linkedBy: 'x', linkedAt: '', endedAt: '2026-01-01T00:00:00Z' }
];
// The read model holds active links only; handing the ended one too checks that reach never counts it.
const links = { activeToSteeringGroup: async (id: string) => stored.filter((l) => l.steeringGroupId === id) } as unknown as LinkRepository;
const membersOf = (ids: string[]) => ({ membershipsOf: async () => ids.map((groupId) => ({ groupId }) as Member) }) as unknown as MemberRepository;
const access = (kind: Access['where']['kind'], g?: Group) =>
  ({ where: { kind, conversationId: 'c' }, actor: { aadObjectId: 'a', teamsUserId: '29:a' }, group: g }) as Access;

describe('resolveScope', () => {
  it('gives a steering group itself and the SSPF groups linked to it, nothing by municipality; texts only of its own', async () => {
    const scope = await resolveScope(access('channel', styr), groups, membersOf([]), links);
    expect(scope!.groups.map((g) => g.id).sort()).toEqual(['kallinge', 'styr']);
    expect(scope!.areas.map((a) => a.area)).toEqual(['Kallinge', 'Bräkne-Hoby', 'Ronneby']);
    expect([...scope!.textGroupIds]).toEqual(['styr']);
  });

  it('gives an SSPF group only itself', async () => {
    const scope = await resolveScope(access('channel', kallinge), groups, membersOf([]), links);
    expect(scope!.groups.map((g) => g.id)).toEqual(['kallinge']);
    expect([...scope!.textGroupIds]).toEqual(['kallinge']);
  });

  it('gives a person in personal chat what their groups may see, and nothing without groups', async () => {
    const scope = await resolveScope(access('personal'), groups, membersOf(['ytterby', 'centrum']), links);
    expect(scope!.groups.map((g) => g.id).sort()).toEqual(['centrum', 'ytterby']);
    expect((await resolveScope(access('personal'), groups, membersOf([]), links))!.groups).toEqual([]);
  });

  it('gives an unregistered conversation nothing', async () => {
    expect(await resolveScope(access('groupChat'), groups, membersOf(['ytterby']), links)).toBeUndefined();
  });
});

describe('AskTopicRegistry', () => {
  const answer = async () => undefined;
  it('lets a real topic replace a placeholder in either order, and refuses two real ones', () => {
    const r = new AskTopicRegistry();
    r.register({ id: 'meetings.next', placeholder: true, matches: () => true, answer });
    const real = { id: 'meetings.next', matches: () => true, answer };
    r.register(real);
    r.register({ id: 'meetings.next', placeholder: true, matches: () => true, answer });
    expect(r.list()).toEqual([real]);
    expect(() => r.register({ ...real })).toThrow(/twice/);
    expect(r.find('x')).toBe(real);
  });
});
