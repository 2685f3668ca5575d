import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, message, olle, personalOf, sara, ytterby, TENANT } from '../support/teams';

/**
 * The help card's buttons (issue 16 item 5) over /api/messages: each opens the same form its command
 * posts, and is refused exactly as the command is; in personal chat the card lists the person's groups.
 */
describe('help card buttons', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const verbsIn = (card: unknown) => [...JSON.stringify(card).matchAll(/"verb":"([^"]+)"/g)].map((m) => m[1]);

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ env: { ALLOWED_TENANTS: TENANT } });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('in an unregistered channel the button posts the registration form, recorded so its submission replaces it', async () => {
    await bot.post(message(sara, ytterby, 'hjälp', c()));
    const [help] = ConnectorStandIn.cards(connector.activities);
    expect(verbsIn(help)).toEqual(['groups.openRegistration']);
    connector.clear();
    const res = await bot.post(execute(sara, ytterby, 'groups.openRegistration', { groupId: '' }, c()));
    expect(res.body.value).toBe('Formuläret finns i konversationen.');
    const posted = connector.activities.filter((a) => a.method === 'POST').at(-1);
    const [form] = ConnectorStandIn.cards(connector.activities);
    expect(verbsIn(form)).toEqual(['groups.register']);
    expect(cardText(form)).toContain('Registrera gruppen i Trygg');
    // Submitting that posted form registers the group and replaces the form for everyone.
    connector.clear();
    await registerGroup(bot, connector, ytterby, sara, { agency: 'skola' }, posted?.activityId);
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === posted?.activityId));
  });

  it('in a registered channel the same card for everyone marks coordinator buttons; a member pressing one is refused as the command is', async () => {
    await setMember(bot, connector, ytterby, sara, olle, 'polis', 'medlem');
    connector.clear();
    await bot.post(message(olle, ytterby, 'hjälp', c()));
    const [help] = ConnectorStandIn.cards(connector.activities);
    expect(cardText(help)).toContain('Medlemmar och roller (samordnare)');
    expect(verbsIn(help)).toEqual(['updates.openNew', 'actions.openNew', 'meetings.openNew', 'cases.openNew', 'groups.openRegistration', 'groups.openMembers']);
    expect(cardText(help)).toContain('Föreslå ett möte (samordnare)');
    connector.clear();
    const refused = await bot.post(execute(olle, ytterby, 'groups.openMembers', { groupId: '' }, c()));
    expect(refused.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    const settings = await bot.post(execute(olle, ytterby, 'groups.openRegistration', { groupId: '' }, c()));
    expect(settings.body.value).toContain('redan registrerad');
    expect(connector.activities).toHaveLength(0);
    const allowed = await bot.post(execute(sara, ytterby, 'groups.openMembers', { groupId: '' }, c()));
    expect(allowed.body.value).toBe('Formuläret finns i konversationen.');
    expect(verbsIn(ConnectorStandIn.cards(connector.activities)[0])).toEqual(['groups.setMember', 'groups.removeMember']);
  });

  it("the other features' buttons post the same form their command posts, and refuse as it does, to the presser only", async () => {
    // A member opens the situation-update and action forms; each is the form its command posts.
    for (const [pressed, submitVerb] of [['updates.openNew', 'updates.submit'], ['actions.openNew', 'actions.propose']] as const) {
      connector.clear();
      const res = await bot.post(execute(olle, ytterby, pressed, { groupId: '' }, c()));
      expect(res.body.value).toBe('Formuläret finns i konversationen.');
      const forms = ConnectorStandIn.cards(connector.activities);
      expect(forms).toHaveLength(1);
      expect(verbsIn(forms[0])).toContain(submitVerb);
    }
    // The meeting form is for coordinators: a member is refused, and nothing is posted in the channel.
    connector.clear();
    const refused = await bot.post(execute(olle, ytterby, 'meetings.openNew', { groupId: '' }, c()));
    expect(refused.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    expect(connector.activities).toHaveLength(0);
    const opened = await bot.post(execute(sara, ytterby, 'meetings.openNew', { groupId: '' }, c()));
    expect(opened.body.value).toBe('Formuläret finns i konversationen.');
    expect(verbsIn(ConnectorStandIn.cards(connector.activities)[0])).toContain('meetings.propose');
    // Someone outside the group pressing a copied button gets the command's refusal, nothing posted.
    connector.clear();
    const outsider = await bot.post(execute(anna, ytterby, 'actions.openNew', { groupId: '' }, c()));
    expect(outsider.body.value).toContain('inte registrerad som medlem');
    expect(connector.activities).toHaveLength(0);
  });

  it('in personal chat lists the groups and roles; the log button works only for a group the person coordinates', async () => {
    await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
    const [help] = ConnectorStandIn.cards(connector.activities);
    expect(cardText(help)).toContain('**SSPF Ytterby** – Skola, Samordnare');
    const groupId = /"groupId":"([^"]+)"/.exec(JSON.stringify(help))?.[1];
    expect(groupId).toBeTruthy();
    connector.clear();
    const read = await bot.post(execute(sara, personalOf(sara), 'groups.openLog', { groupId }, c()));
    expect(read.body.value).toBe('Loggen finns i chatten.');
    expect(connector.activities.map((a) => a.body.text ?? '').join('\n')).toContain('Grupplogg för SSPF Ytterby');
    connector.clear();
    const member = await bot.post(execute(olle, personalOf(olle), 'groups.openLog', { groupId }, c()));
    expect(member.body.value).toBe('Du kan inte öppna det här för den gruppen. Skriv **hjälp** för ett nytt kort.');
    const inChannel = await bot.post(execute(sara, ytterby, 'groups.openLog', { groupId }, c()));
    expect(inChannel.body.value).toBe('Loggen visas bara i personlig chatt med Trygg.');
    expect(connector.activities).toHaveLength(0);
  });
});
