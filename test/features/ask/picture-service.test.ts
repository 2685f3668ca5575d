import pino from 'pino';
import { PictureService } from '../../../src/features/ask/picture-service';
import { parsePictureQuestion } from '../../../src/features/ask/question';
import type { Access } from '../../../src/features/groups/access';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import { LinkRepository } from '../../../src/features/groups/link-repository';
import type { Group, Member } from '../../../src/features/groups/model';
import type { SituationUpdate } from '../../../src/features/updates/model';
import { UpdateRepository } from '../../../src/features/updates/update-repository';
import { openStore, type Store } from '../../../src/store/store';

const now = new Date('2026-03-10T09:00:00Z');
const SARA = 'f0000000-0000-4000-8000-00000000000a';

function group(id: string, kind: Group['kind'], areas: string[]): Group {
  return {
    id, key: `team:${id}`, kind, name: id, municipality: 'Ronneby', municipalityKey: 'ronneby', areas, language: 'sv', conversationType: 'channel',
    postConversationId: `19:${id}`, registeredBy: 'x', registeredAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'
  };
}
const kallinge = group('kallinge', 'sspf', ['Kallinge']);
const centrum = group('centrum', 'sspf', ['Centrum']);
const styr = group('styr', 'styrgrupp', ['Ronneby']);

function update(id: string, groupId: string, area: string, text: string): SituationUpdate {
  return {
    id, groupId, municipalityKey: 'ronneby', area, areaKey: area.toLowerCase(), category: 'narkotika', trend: 'okande', level: 'generell', observedOn: '2026-03-09',
    text, agency: 'polis', authorAad: 'x', status: 'active', history: [], createdAt: '2026-03-09T10:00:00Z', updatedAt: '2026-03-09T10:00:00Z'
  };
}

const access = (kind: Access['where']['kind'], g?: Group): Access =>
  ({ where: { kind, conversationId: 'c' }, actor: { aadObjectId: SARA, teamsUserId: '29:sara' }, group: g, coordinator: false, groupLang: 'sv', userLang: 'sv' }) as Access;

describe('PictureService on the embedded Cosmos server', () => {
  let store: Store;
  let service: PictureService;
  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'ask-picture' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    const groups = new GroupRepository(store);
    const members = new MemberRepository(store);
    const links = new LinkRepository(store);
    const updates = new UpdateRepository(store);
    for (const g of [kallinge, centrum, styr]) await groups.create(g);
    await links.link('kallinge', 'styr', 'x', now);
    await members.update('centrum', SARA, () => ({ id: SARA, groupId: 'centrum', aadObjectId: SARA, agency: 'skola', roles: ['medlem'], updatedBy: 'x', updatedAt: '' }) as Member);
    await updates.create(update('u1', 'kallinge', 'Kallinge', 'Langning vid stationen'));
    await updates.create(update('u2', 'centrum', 'Centrum', 'Klotter vid torget'));
    service = new PictureService({ groups, members, links, updates, clock: { now: () => now } });
  });
  afterAll(() => store.close());

  const ask = (a: Access, text: string) => service.answer(a, 'sv', (visible) => parsePictureQuestion(text, visible, 'command'));

  it("gives a steering group its linked groups' counts without their texts, and nothing of an unlinked group", async () => {
    const answer = await ask(access('channel', styr), '');
    if (answer.kind !== 'picture') throw new Error(answer.text);
    expect(answer.picture.areas.map((a) => a.area.area).sort()).toEqual(['Kallinge', 'Ronneby']);
    expect(answer.picture.latest.map((u) => u.text)).toEqual(['']);
    expect(answer.withText).toBe(false);
  });

  it("gives a member in personal chat their own groups' picture with texts", async () => {
    const answer = await ask(access('personal'), 'Centrum');
    if (answer.kind !== 'picture') throw new Error(answer.text);
    expect(answer.place).toBe('Centrum');
    expect(answer.picture.latest.map((u) => u.text)).toEqual(['Klotter vid torget']);
    expect(answer.withText).toBe(true);
  });

  it('names the areas the asker may ask about for a place outside them, and answers an unregistered conversation with a refusal', async () => {
    expect(await ask(access('channel', kallinge), 'Centrum')).toEqual({ kind: 'message', text: expect.stringContaining('Du kan fråga om: Kallinge') });
    expect(await ask(access('groupChat'), '')).toEqual({ kind: 'message', text: expect.stringContaining('registrerad grupp') });
  });
});
