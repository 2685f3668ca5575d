import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import {
  OTHER_TENANT, TENANT, admin, anna, cardText, execute, filip, membersAdded, membersRemoved, message, olle, personalOf, sara, ytterby, BOT
} from '../support/teams';

describe('Trygg over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, admin);
    bot = await startBot({ env: { ADMIN_AAD_IDS: admin.aadObjectId } });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('answers hjälp with the Swedish help card, ignoring case, diacritics and the mention', async () => {
    const res = await bot.post(message(sara, ytterby, 'HJALP', c()));
    expect(res.status).toBe(200);
    const [card] = ConnectorStandIn.cards(connector.activities);
    expect(cardText(card)).toContain('Trygg – det här kan jag');
    expect(cardText(card)).toContain('registrera');
    expect(connector.activities[0].conversationId.startsWith('19:general-ytterby@thread.tacv2;messageid=')).toBe(true);
  });

  it('answers help in English and hjälp in Swedish, whatever the locale: the words decide', async () => {
    await bot.post(message(sara, personalOf(sara), 'help', c()));
    await bot.post(message(sara, personalOf(sara), 'hjälp', { ...c(), locale: 'en-US' }));
    const [english, swedish] = ConnectorStandIn.cards(connector.activities);
    expect(cardText(english)).toContain('Trygg – what I can do');
    expect(cardText(english)).toContain('register');
    expect(cardText(swedish)).toContain('Trygg – det här kan jag');
    expect(cardText(swedish)).toContain('registrera');
  });

  it('answers an unknown command with a suggestion, not an error', async () => {
    await bot.post(message(sara, personalOf(sara), 'hjlp', c()));
    expect(connector.activities[0].body.text).toMatch(/Menade du \*\*hjalp\*\*/);
    connector.clear();
    await bot.post(message(sara, personalOf(sara), 'vad är klockan', c()));
    expect(connector.activities[0].body.text).toMatch(/Skriv \*\*hjälp\*\*/);
  });

  it('registers a team: the registering user becomes coordinator and the posted card changes for everyone', async () => {
    const form = await bot.post(message(anna, ytterby, 'registrera', c()));
    expect(form.status).toBe(200);
    const [formCard] = ConnectorStandIn.cards(connector.activities);
    expect(JSON.stringify(formCard)).toContain('"verb":"groups.register"');
    const formId = connector.activities.at(-1)!.activityId;
    connector.clear();

    const res = await registerGroup(bot, connector, ytterby, anna, {}, formId);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain('Gruppen är registrerad');
    expect(cardText(res.body.value)).toContain('Anna Samordnare');
    const update = connector.activities.find((a) => a.method === 'PUT');
    expect(update?.activityId).toBe(formId);

    const group = await bot.bot.repos.groups.getByKey(`team:${(ytterby as { teamId: string }).teamId}`);
    expect(group).toMatchObject({ name: 'SSPF Ytterby', kind: 'sspf', municipality: 'Kungälv', areas: ['Ytterby', 'Kareby'], registeredBy: anna.aadObjectId });
    const member = await bot.bot.repos.members.get(group!.id, anna.aadObjectId);
    expect(member).toMatchObject({ roles: ['samordnare'], agency: 'socialtjanst', teamsUserId: anna.id });
  });

  it('refuses a second registration by someone who is not coordinator, and changes nothing', async () => {
    const res = await bot.post(execute(sara, ytterby, 'groups.register', { kind: 'styrgrupp', name: 'Kapat', municipality: 'X', areas: 'Y', agency: 'skola' }, c()));
    expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(res.body.value).toContain('redan registrerad');
    const group = await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2');
    expect(group?.name).toBe('SSPF Ytterby');
  });

  it('gives bad registration input back in the form with the draft kept, storing nothing', async () => {
    const chat = { kind: 'groupChat' as const, chatId: '19:chat-bad@thread.v2' };
    const res = await bot.post(execute(anna, chat, 'groups.register', { kind: 'sspf', name: 'X', municipality: '', areas: 'Kareby', agency: 'skola' }, c()));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain('Kontrollera');
    expect(JSON.stringify(res.body.value)).toContain('"value":"Kareby"');
    expect(await bot.bot.repos.groups.getByKey('chat:19:chat-bad@thread.v2')).toBeUndefined();
  });

  it('lets the coordinator assign agencies and roles with the people picker; lists them with medlemmar', async () => {
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    const res = await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    expect(cardText(res.body.value)).toContain('Filip Fritid är sparad');

    connector.clear();
    await bot.post(message(olle, ytterby, 'medlemmar', c()));
    const text = cardText(ConnectorStandIn.cards(connector.activities)[0]);
    expect(text).toContain('Sara Lärare');
    expect(text).toContain('Polis · Medlem');
    expect(text).toContain('Anna Samordnare');
  });

  it('refuses role changes by a non-coordinator and changes nothing', async () => {
    const res = await bot.post(execute(sara, ytterby, 'groups.setMember', { userId: sara.aadObjectId, agency: 'skola', role: 'samordnare' }, c()));
    expect(res.status).toBe(200);
    expect(res.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    const group = await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2');
    expect((await bot.bot.repos.members.get(group!.id, sara.aadObjectId))?.roles).toEqual(['medlem']);

    connector.clear();
    await bot.post(message(sara, ytterby, 'medlem', c()));
    expect(connector.activities[0].body.text).toBe('Bara samordnare i gruppen kan göra det här.');
  });

  it('refuses to demote the last coordinator (nobody changes their own role; an admin may not either)', async () => {
    const own = await setMember(bot, connector, ytterby, anna, anna, 'socialtjanst', 'medlem');
    expect(cardText(own.body.value)).toContain('Du kan inte ändra din egen verksamhet eller roll');
    const res = await setMember(bot, connector, ytterby, admin, anna, 'socialtjanst', 'medlem');
    expect(cardText(res.body.value)).toContain('minst en samordnare');
    const group = await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2');
    expect((await bot.bot.repos.members.get(group!.id, anna.aadObjectId))?.roles).toEqual(['samordnare']);
  });

  it('refuses a person who is not in the team', async () => {
    const res = await bot.post(execute(anna, ytterby, 'groups.setMember', { userId: 'b0b0b0b0-0000-4000-8000-000000000099', agency: 'skola', role: 'medlem' }, c()));
    expect(cardText(res.body.value)).toContain('finns inte i teamet');
  });

  it('removes the roles of members who leave the team at once; an admin can recover a group without coordinators', async () => {
    const group = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!;
    await bot.post(membersRemoved(ytterby, [{ id: filip.id, aadObjectId: filip.aadObjectId }], c()));
    expect(await bot.bot.repos.members.get(group.id, filip.aadObjectId)).toBeUndefined();

    await bot.post(membersRemoved(ytterby, [{ id: anna.id }], c()));
    expect(await bot.bot.repos.members.get(group.id, anna.aadObjectId)).toBeUndefined();

    const refused = await bot.post(execute(olle, ytterby, 'groups.setMember', { userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' }, c()));
    expect(refused.body.value).toContain('Bara samordnare');
    const recovered = await bot.post(execute(admin, ytterby, 'groups.setMember', { userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' }, c()));
    expect(cardText(recovered.body.value)).toContain('Olle Polis är sparad');
    expect((await bot.bot.repos.members.get(group.id, olle.aadObjectId))?.roles).toEqual(['samordnare']);
  });

  it('marks a group the bot was removed from, and clears the mark when it is added back', async () => {
    const key = 'team:19:team-ytterby@thread.tacv2';
    await bot.post(membersRemoved(ytterby, [{ id: BOT.id }], c()));
    expect((await bot.bot.repos.groups.getByKey(key))?.botRemovedAt).toBeTruthy();
    await bot.post(membersAdded(ytterby, [{ id: BOT.id }], c()));
    expect((await bot.bot.repos.groups.getByKey(key))?.botRemovedAt).toBeUndefined();
    expect(connector.activities.some((a) => /Jag är Trygg/.test(a.body.text ?? ''))).toBe(true);
  });

  it('stores conversation references, once per change', async () => {
    const personal = await bot.bot.repos.conversations.get(`user:${sara.aadObjectId}`);
    expect(personal?.reference.conversation?.id).toBe(`a:personal-${sara.id}`);
    const channel = await bot.bot.repos.conversations.get('conv:19:general-ytterby@thread.tacv2');
    expect(channel?.reference.conversation?.id).toBe('19:general-ytterby@thread.tacv2');
    expect(channel?.reference.serviceUrl).toBe(connector.url);
  });

  it('answers unknown card verbs and malformed card data with 400, and malformed JSON bodies with 400', async () => {
    const unknown = await bot.post(execute(anna, ytterby, 'nope.verb', {}, c()));
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe('application/vnd.microsoft.error');
    const bad = await bot.post(execute(anna, ytterby, 'groups.setMember', { userId: 'not-a-guid', agency: 'skola', role: 'kung' }, c()));
    expect(bad.status).toBe(400);
    const malformed = await bot.post('{"type": "message", ');
    expect(malformed.status).toBe(400);
    const notActivity = await bot.post({ hello: 'world' });
    expect(notActivity.status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'embedded', version: '0.0.0' });
  });

  it('keeps personal data out of the logs', () => {
    const all = JSON.stringify(bot.logs);
    for (const p of [anna, sara, olle, filip]) expect(all).not.toContain(p.name);
    expect(all).not.toContain('HJALP');
  });
});

describe('with tenants restricted and BOT_ID set', () => {
  const connector = new ConnectorStandIn();
  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  it('refuses an activity from a tenant that is not allowed, and processes nothing', async () => {
    const bot = await startBot({ env: { ALLOWED_TENANTS: TENANT } });
    try {
      const res = await bot.post(message(sara, personalOf(sara), 'hjälp', { serviceUrl: connector.url, tenant: OTHER_TENANT }));
      expect(res.status).toBe(403);
      expect(connector.activities).toHaveLength(0);
      const ok = await bot.post(message(sara, personalOf(sara), 'hjälp', { serviceUrl: connector.url }));
      expect(ok.status).toBe(200);
      expect(connector.activities).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });

  it('answers 401 to a request without a Bot Framework token', async () => {
    connector.clear();
    const bot = await startBot({
      env: { BOT_ID: '11111111-2222-4333-8444-555555555555', BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT, ALLOWED_TENANTS: TENANT }
    });
    try {
      const res = await bot.post(message(sara, personalOf(sara), 'hjälp', { serviceUrl: connector.url }));
      expect(res.status).toBe(401);
      const forged = await bot.post(message(sara, personalOf(sara), 'hjälp', { serviceUrl: connector.url }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' });
      expect(forged.status).toBe(401);
      expect(connector.activities).toHaveLength(0);
    } finally {
      await bot.stop();
    }
  });
});

describe('restart with the embedded store', () => {
  it('keeps registrations across a restart', async () => {
    const connector = new ConnectorStandIn();
    await connector.start();
    connector.addPeople(anna);
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-')), 'cosmos.json');
    const first = await startBot({ dataFile });
    await registerGroup(first, connector, ytterby, anna, { name: 'SSPF Ytterby' });
    await first.stop();
    // What was confirmed is in the journal beside the data file (docs/storage.md).
    const dir = dirname(dataFile);
    expect(readdirSync(dir).filter((f) => f.startsWith('cosmos.journal.')).map((f) => readFileSync(join(dir, f), 'utf8')).join('')).toContain('SSPF Ytterby');

    const second = await startBot({ dataFile });
    try {
      const group = await second.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2');
      expect(group?.name).toBe('SSPF Ytterby');
      expect((await second.bot.repos.members.get(group!.id, anna.aadObjectId))?.roles).toEqual(['samordnare']);
    } finally {
      await second.stop();
      await connector.stop();
    }
  });
});

describe('/healthz', () => {
  it('answers 503 when the store cannot be reached', async () => {
    const bot = await startBot();
    try {
      await bot.store.close();
      const res = await fetch(`${bot.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'store-unreachable', store: 'embedded' });
    } finally {
      await bot.stop();
    }
  });
});
