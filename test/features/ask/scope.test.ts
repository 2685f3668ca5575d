import type { Access } from '../../../src/features/groups/access';
import type { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { Group, Member } from '../../../src/features/groups/model';
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
  listByMunicipality: async (m: string) => all.filter((g) => g.municipality === m)
} as unknown as GroupRepository;
const membersOf = (ids: string[]) => ({ membershipsOf: async () => ids.map((groupId) => ({ groupId }) as Member) }) as unknown as MemberRepository;
const access = (kind: Access['where']['kind'], g?: Group) =>
  ({ where: { kind, conversationId: 'c' }, actor: { aadObjectId: 'a', teamsUserId: '29:a' }, group: g }) as Access;

describe('resolveScope', () => {
  it('gives a steering group every group and area of its municipality, each area once', async () => {
    const scope = await resolveScope(access('channel', styr), groups, membersOf([]));
    expect(scope!.groups.map((g) => g.id).sort()).toEqual(['centrum', 'kallinge', 'styr']);
    expect(scope!.areas.map((a) => a.area)).toEqual(['Kallinge', 'Bräkne-Hoby', 'Centrum', 'Ronneby']);
  });

  it('gives an SSPF group only itself', async () => {
    const scope = await resolveScope(access('channel', kallinge), groups, membersOf([]));
    expect(scope!.groups.map((g) => g.id)).toEqual(['kallinge']);
  });

  it('gives a person in personal chat what their groups may see, and nothing without groups', async () => {
    const scope = await resolveScope(access('personal'), groups, membersOf(['ytterby', 'centrum']));
    expect(scope!.groups.map((g) => g.id).sort()).toEqual(['centrum', 'ytterby']);
    expect((await resolveScope(access('personal'), groups, membersOf([])))!.groups).toEqual([]);
  });

  it('gives an unregistered conversation nothing', async () => {
    expect(await resolveScope(access('groupChat'), groups, membersOf(['ytterby']))).toBeUndefined();
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
