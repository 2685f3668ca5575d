import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { OTHER_TENANT, admin, anna, cardText, execute, gustav, message, olle, personalOf, person, sara, stina, ytterby, TENANT } from '../support/teams';

/**
 * Registration and membership, each test written as the attack it stops (issue 12, item 2). Cards
 * posted in a channel can be edited and submitted by anyone who sees them: the server decides from
 * the store alone.
 */
describe('group access over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const key = 'team:19:team-ytterby@thread.tacv2';
  const groupId = async () => (await bot.bot.repos.groups.getByKey(key))!.id;
  const membership = async (who: { aadObjectId: string }) => bot.bot.repos.members.get(await groupId(), who.aadObjectId);
  const log = async () => bot.bot.repos.groupAudit.listForGroup(await groupId());
  const personalText = async (who: typeof anna, text: string) => {
    connector.clear();
    await bot.post(message(who, personalOf(who), text, c()));
    return connector.activities.map((a) => a.body.text ?? '').join('\n');
  };
  /** The download link from the bot's answer, against the running server (PUBLIC_BASE_URL is not set in tests). */
  const linkIn = (text: string) => {
    const found = /\((http[^)]+)\)/.exec(text)?.[1];
    return found ? `${bot.url}${new URL(found).pathname}${new URL(found).search}` : undefined;
  };
  const registrationForm = (agency: string, over: Record<string, unknown> = {}) => ({
    kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency, ...over
  });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, stina, admin, gustav);
    bot = await startBot({ env: { ADMIN_AAD_IDS: admin.aadObjectId, ALLOWED_TENANTS: TENANT } });
    // Sara registers the group; Anna is made coordinator by her, and Sara is then demoted by Anna.
    await registerGroup(bot, connector, ytterby, sara, { agency: 'skola' });
    await setMember(bot, connector, ytterby, sara, anna, 'socialtjanst', 'samordnare');
    await setMember(bot, connector, ytterby, anna, sara, 'skola', 'medlem');
    await setMember(bot, connector, ytterby, anna, olle, 'polis', 'medlem');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('the demoted registrant picks her own agency via the registration card: refused, nothing changes', async () => {
    const before = await bot.bot.repos.groups.getByKey(key);
    const res = await bot.post(execute(sara, ytterby, 'groups.register', registrationForm('polis', { name: 'Kapad' }), c()));
    expect(res.status).toBe(200);
    expect(res.body.value).toContain('redan registrerad');
    expect(await membership(sara)).toMatchObject({ agency: 'skola', roles: ['medlem'] });
    expect((await bot.bot.repos.groups.getByKey(key))?.name).toBe(before?.name);
    expect((await log()).at(-1)).toMatchObject({ actorAadObjectId: sara.aadObjectId, action: 'settings', decision: 'refused', reason: 'notCoordinator' });
  });

  it('the removed registrant submits an old registration card and regains nothing', async () => {
    // Anna removes Sara (the registrant) from the group.
    const removed = await bot.post(execute(anna, ytterby, 'groups.removeMember', { userId: sara.aadObjectId }, c()));
    expect(cardText(removed.body.value)).toContain('Sara Lärare är borttagen');
    expect(await membership(sara)).toBeUndefined();
    const res = await bot.post(execute(sara, ytterby, 'groups.register', registrationForm('polis'), c()));
    expect(res.body.value).toContain('redan registrerad');
    expect(await membership(sara)).toBeUndefined();
    // Nor through the member card.
    const self = await bot.post(execute(sara, ytterby, 'groups.setMember', { userId: sara.aadObjectId, agency: 'polis', role: 'samordnare' }, c()));
    expect(self.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    expect(await membership(sara)).toBeUndefined();
  });

  it('a coordinator cannot move their own agency (into a consent scope, say); another coordinator or an admin can', async () => {
    const own = await bot.post(execute(anna, ytterby, 'groups.setMember', { userId: anna.aadObjectId, agency: 'polis', role: 'samordnare' }, c()));
    expect(cardText(own.body.value)).toContain('Du kan inte ändra din egen verksamhet eller roll');
    expect(await membership(anna)).toMatchObject({ agency: 'socialtjanst', roles: ['samordnare'] });
    // Nor through the settings card: a settings save ignores any agency in it.
    const settings = await bot.post(execute(anna, ytterby, 'groups.register', registrationForm('polis', { areas: 'Ytterby, Kareby, Kode' }), c()));
    expect(cardText(settings.body.value)).toContain('Gruppens uppgifter är sparade');
    expect(await membership(anna)).toMatchObject({ agency: 'socialtjanst' });
    expect((await bot.bot.repos.groups.getByKey(key))?.areas).toEqual(['Ytterby', 'Kareby', 'Kode']);
    const entries = await log();
    expect(entries.find((e) => e.action === 'memberSet' && e.decision === 'refused' && e.reason === 'ownMembership')).toMatchObject({ actorAadObjectId: anna.aadObjectId, targetAadObjectId: anna.aadObjectId });
    expect(entries.at(-1)).toMatchObject({ action: 'settings', decision: 'allowed', actingAs: 'coordinator', changed: ['areas'] });
  });

  it('the group log names who changed whom, from what to what', async () => {
    const text = await personalText(anna, 'grupplogg');
    expect(text).toMatch(/Sara Lärare · registrerade gruppen/);
    expect(text).toMatch(/Anna Samordnare · ändrade Sara Lärare: Skola, Samordnare → Skola, Medlem/);
    expect(text).toMatch(/Sara Lärare · ändrade gruppens uppgifter · nekades \(notCoordinator\)/);
    expect(text).toMatch(/Anna Samordnare · lade till Olle Polis: Polis, Medlem/);
    expect(text).toMatch(/Anna Samordnare · ändrade Anna Samordnare: Socialtjänst, Samordnare → Polis, Samordnare · nekades \(ownMembership\)/);
    // Reading the log is itself logged.
    expect((await log()).at(-1)).toMatchObject({ action: 'log', decision: 'allowed', actorAadObjectId: anna.aadObjectId, conversationType: 'personal' });
  });

  it('the settings form shows no agency field once the group is registered', async () => {
    await bot.post(message(anna, ytterby, 'registrera', c()));
    const [card] = ConnectorStandIn.cards(connector.activities);
    expect(JSON.stringify(card)).toContain('"verb":"groups.register"');
    expect(JSON.stringify(card)).not.toContain('"id":"agency"');
  });

  it('an admin adds herself to a group: allowed only as an audited admin act, visible in grupplogg', async () => {
    const res = await setMember(bot, connector, ytterby, admin, admin, 'polis', 'medlem');
    expect(cardText(res.body.value)).toContain('Ada Admin är sparad');
    expect(await membership(admin)).toMatchObject({ agency: 'polis', roles: ['medlem'] });
    expect((await log()).at(-1)).toMatchObject({ action: 'memberSet', decision: 'allowed', actingAs: 'admin', actorAadObjectId: admin.aadObjectId, targetAadObjectId: admin.aadObjectId, to: { agency: 'polis', roles: ['medlem'] } });
    const text = await personalText(anna, 'grupplogg');
    expect(text).toContain('Grupplogg för SSPF Ytterby');
    expect(text).toMatch(/Ada Admin \(som administratör\) · lade till Ada Admin: Polis, Medlem/);
  });

  it("a member's or a stranger's member change is refused and logged without taking the roster lease", async () => {
    // The lease serialises coordinators' changes. A refused attempt must not take it: it would write to
    // the store on anyone's click (two lease writes) and hold up a coordinator's change meanwhile.
    const lease = bot.store.container('claims').item(`roster:${await groupId()}`, `roster:${await groupId()}`);
    const etag = async () => (await lease.read<{ _etag?: string }>()).resource?._etag ?? 'none';
    const before = await etag();
    const stranger = person(950, 'Okänd Person');
    connector.addPeople(stranger);
    for (const [who, verb, data] of [
      [olle, 'groups.removeMember', { userId: stina.aadObjectId }],
      [olle, 'groups.setMember', { userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' }],
      [stranger, 'groups.removeMember', { userId: anna.aadObjectId }]
    ] as const) {
      const logged = (await log()).length;
      const res = await bot.post(execute(who, ytterby, verb, data, c()));
      expect(res.status).toBe(200);
      expect((await log()).slice(logged)).toEqual([expect.objectContaining({ actorAadObjectId: who.aadObjectId, decision: 'refused' })]);
    }
    expect(await etag()).toBe(before);
    expect(await membership(olle)).toMatchObject({ agency: 'polis', roles: ['medlem'] });
    expect(await membership(anna)).toMatchObject({ roles: ['samordnare'] });
  });

  it('the last coordinator cannot be removed or demoted, not even by an admin', async () => {
    const demote = await setMember(bot, connector, ytterby, admin, anna, 'socialtjanst', 'medlem');
    expect(cardText(demote.body.value)).toContain('minst en samordnare');
    const remove = await bot.post(execute(admin, ytterby, 'groups.removeMember', { userId: anna.aadObjectId }, c()));
    expect(cardText(remove.body.value)).toContain('minst en samordnare');
    expect(await membership(anna)).toMatchObject({ roles: ['samordnare'] });
  });

  it('grupplogg typed in a channel or group chat gets one neutral line, for members and strangers alike', async () => {
    const stranger = person(42, 'Okänd Person');
    for (const who of [anna, stranger]) {
      for (const place of [ytterby, { kind: 'groupChat' as const, chatId: '19:chat-nowhere@thread.v2' }]) {
        connector.clear();
        await bot.post(message(who, place, 'grupplogg', c()));
        expect(connector.activities.map((a) => a.body.text)).toEqual(['Loggen visas bara i personlig chatt med Trygg.']);
      }
    }
    connector.clear();
    await bot.post(message(anna, ytterby, 'group log', { ...c(), locale: 'en-US' }));
    expect(connector.activities.map((a) => a.body.text)).toEqual(['The log is shown only in personal chat with Trygg.']);
  });

  it('members who are not coordinators read no group log', async () => {
    expect(await personalText(olle, 'grupplogg')).toContain('Du är inte samordnare i någon registrerad grupp');
  });

  it('coordinators export the group’s access log for a period as CSV through a one-time link; others get nothing', async () => {
    const text = await personalText(anna, 'grupplogg export 2020-01-01 2099-12-31');
    expect(text).toMatch(/\/api\/groups\/access-log\?token=/);
    const url = linkIn(text);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('"at";"log";"caseId";"actorAadObjectId"');
    expect(csv).toContain(`"group";"";"${admin.aadObjectId}";"Ada Admin";"admin";"memberSet";"allowed";"added"`);
    expect(csv).toContain('export');
    // Once only.
    expect((await fetch(url!)).status).toBe(404);
    // A bad period changes nothing and says how to write it.
    expect(await personalText(anna, 'grupplogg export 2026-13-01 2026-02-01')).toContain('två datum');
    expect(await personalText(olle, 'grupplogg export 2020-01-01 2099-12-31')).not.toContain('http');
  });

  it('a link issued to a coordinator who is removed before downloading gives nothing', async () => {
    // Make Stina a coordinator, let her take a link, then remove her.
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst', 'samordnare');
    const text = await personalText(stina, 'grupplogg export');
    const url = linkIn(text);
    expect(url).toBeTruthy();
    await bot.post(execute(anna, ytterby, 'groups.removeMember', { userId: stina.aadObjectId }, c()));
    expect((await fetch(url!)).status).toBe(403);
    expect((await log()).at(-1)).toMatchObject({ action: 'export', decision: 'refused', reason: 'notCoordinator', actorAadObjectId: stina.aadObjectId, via: 'http' });
  });

  it('a guest, or a person of another tenant, registers no group', async () => {
    const chat = { kind: 'groupChat' as const, chatId: '19:chat-guests@thread.v2' };
    const guest = await bot.post(execute(gustav, chat, 'groups.register', registrationForm('polis', { name: 'Gästgruppen' }), c()));
    expect(guest.body.value).toBe('Gäster kan inte registrera grupper.');
    const foreign = await bot.post(execute(anna, chat, 'groups.register', registrationForm('polis', { name: 'Utländsk' }), { ...c(), tenant: OTHER_TENANT }));
    // Refused at the door (ALLOWED_TENANTS); the access layer would refuse it too (otherTenant, unit-tested).
    expect(foreign.status).toBe(403);
    expect(await bot.bot.repos.groups.getByKey('chat:19:chat-guests@thread.v2')).toBeUndefined();
  });

  it('logs carry ids, never names', () => {
    const lines = JSON.stringify(bot.logs);
    for (const name of ['Sara Lärare', 'Anna Samordnare', 'Ada Admin', 'Olle Polis']) expect(lines).not.toContain(name);
  });
});
