import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, person, personalOf, stina, styrgrupp, ytterby, type Person, type Place } from '../support/teams';

/**
 * Issue 16 item 7: the next step after a consent refusal is shown only to members of the group that
 * owns the case; everyone else keeps the access layer's uniform answer. Tried over /api/messages.
 */
const TENANT = '6f1c2a55-0000-4000-8000-000000000001';
const nils = person(9, 'Nils Utomstående');
const NEXT_STEP = /Nästa steg|Next step/;

describe('consent refusal next step over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let groupId = '';
  const c = () => ({ serviceUrl: connector.url });
  const say = (who: Person, place: Place, text: string) => bot.post(message(who, place, text, c()));
  const view = (who: Person, place: Place, caseId: string) => bot.post(execute(who, place, 'cases.view', { groupId, caseId }, c()));

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, filip, stina, nils);
    bot = await startBot({ env: { ALLOWED_TENANTS: TENANT } });
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    await registerGroup(bot, connector, styrgrupp, nils, { name: 'SSPF Kareby', agency: 'polis' });
    await say(stina, ytterby, 'ärende ny');
    const form = connector.activities.at(-1)!.activityId!;
    await bot.post(execute(stina, ytterby, 'cases.create', { name: 'Vera V', birthYear: 2013, area: 'Ytterby', concern: 'Oro' }, { ...c(), replyToId: form }));
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('a member of the owning group without consent gets the reason and the next step, in Swedish', async () => {
    const res = await view(olle, ytterby, 'K-2026-001');
    const text = cardText(res.body.value);
    expect(text).toContain('samtycke saknas');
    expect(text).toContain('Nästa steg: be socialtjänsten eller en samordnare i gruppen att registrera samtycke för K-2026-001.');
  });

  it('social services are told the command to register it', async () => {
    const res = await view(stina, ytterby, 'K-2026-001');
    expect(cardText(res.body.value)).toContain('samtycke K-2026-001');
    expect(cardText(res.body.value)).toMatch(/Nästa steg: registrera/);
  });

  it('attack: a non-member pressing the button (with the real groupId), or asking in personal chat, never sees the next step and gets the same answer as for a missing case', async () => {
    const real = await view(nils, styrgrupp, 'K-2026-001');
    const missing = await view(nils, styrgrupp, 'K-2026-999');
    expect(JSON.stringify(real.body)).not.toMatch(NEXT_STEP);
    expect(JSON.stringify(real.body).replace('K-2026-001', 'K')).toBe(JSON.stringify(missing.body).replace('K-2026-999', 'K'));
    connector.clear();
    await say(nils, personalOf(nils), 'ärende K-2026-001');
    await say(nils, personalOf(nils), 'case K-2026-001');
    const answers = connector.activities.map((a) => JSON.stringify(a.body)).join('\n');
    expect(answers).not.toMatch(NEXT_STEP);
    expect(answers).toContain('K-2026-001');
  });

  it('attack: the posted summary in the channel, which everyone there reads, carries no next step', async () => {
    connector.clear();
    await say(olle, ytterby, 'ärende K-2026-001');
    expect(JSON.stringify(connector.activities.map((a) => a.body))).not.toMatch(NEXT_STEP);
  });

  it('a member in personal chat gets it in English when asking in English', async () => {
    connector.clear();
    await say(olle, personalOf(olle), 'case K-2026-001');
    expect(JSON.stringify(connector.activities.map((a) => a.body))).toContain('Next step: ask social services or a coordinator of the group to register a consent for K-2026-001.');
  });
});
