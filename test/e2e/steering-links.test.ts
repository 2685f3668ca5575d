import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { linkToSteering, postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, person, personalOf, sara, styrgrupp, ytterby, type Place } from '../support/teams';
import { GroupRepository } from '../../src/features/groups/group-repository';

const SECRET_TEXT = 'Fler unga samlas bakom sporthallen på fredagar, tecken på försäljning.';
const mallory = person(66, 'Mallory Mallorysson');
const malloryTeam: Place = { kind: 'channel', teamId: '19:team-mallory@thread.tacv2', channelId: '19:general-mallory@thread.tacv2' };
const idOf = (p: Place) => GroupRepository.idFor(`team:${(p as { teamId: string }).teamId}`);

/**
 * Steering groups reach only what is linked to them (issue 12, item 4), each test written as the
 * attack it stops. Ytterby (SSPF, Kungälv) posts an update; "Trygg i Kungälv" is the real steering
 * group; Mallory registers her own team as a steering group of Kungälv too.
 */
describe('steering-group links over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const said = async (who: typeof anna, place: Place, text: string) => {
    connector.clear();
    await bot.post(message(who, place, text, c()));
    return connector.activities.map((a) => [a.body.text ?? '', ...(a.body.attachments ?? []).map((x: { content: unknown }) => cardText(x.content))].join('\n')).join('\n');
  };
  const groupLog = (p: Place) => bot.bot.repos.groupAudit.listForGroup(idOf(p));

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, mallory);
    bot = await startBot({ clock: { now: () => new Date('2026-03-10T09:00:00Z') } });
    await registerGroup(bot, connector, ytterby, anna, { name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby' });
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await registerGroup(bot, connector, styrgrupp, olle, { kind: 'styrgrupp', name: 'Trygg i Kungälv', municipality: 'Kungälv', areas: 'Kungälv', agency: 'polis' });
    await setMember(bot, connector, styrgrupp, olle, sara, 'skola');
    await registerGroup(bot, connector, malloryTeam, mallory, { kind: 'styrgrupp', name: 'Styrgrupp Kungälv', municipality: 'Kungälv', areas: 'Kungälv', agency: 'annan' });
    const res = await bot.post(execute(filip, ytterby, 'updates.submit', {
      draftId: randomUUID(), area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'selektiv', observedOn: '2026-03-06', text: SECRET_TEXT
    }, { ...c(), replyToId: await postedForm(bot, connector, filip, ytterby, 'lägesbild ny') }));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('anyone registering their own team as a steering group of the municipality reads nothing of its SSPF groups', async () => {
    for (const place of [malloryTeam, personalOf(mallory)]) {
      const text = await said(mallory, place, 'lägesbild');
      expect(text).not.toMatch(/Ytterby|Kareby|Narkotika/);
      expect(text).not.toContain(SECRET_TEXT);
    }
    expect(await said(mallory, personalOf(mallory), 'lägesbild Ytterby')).toContain('inget område ”ytterby”');
    // Her weekly summary covers no SSPF group, and the settings card offers none.
    expect(await said(mallory, malloryTeam, 'sammanfattning')).toMatch(/SSPF-grupper\n0/);
    expect(await said(mallory, malloryTeam, 'sammanfattning inställningar')).not.toContain('SSPF Ytterby');
    // Nor does the real steering group see anything before a link exists.
    expect(await said(sara, personalOf(sara), 'lägesbild')).not.toMatch(/Ytterby|Narkotika/);
  });

  it('only a coordinator of an SSPF group links it; a steering group cannot link itself to an SSPF group', async () => {
    expect(await said(filip, ytterby, 'koppla Trygg i Kungälv')).toContain('Bara samordnare i gruppen');
    expect(await said(mallory, malloryTeam, 'koppla SSPF Ytterby')).toContain('Bara en SSPF-grupp kan kopplas');
    expect(await bot.bot.repos.links.ofSspfGroup(idOf(ytterby))).toEqual([]);
    // Without a name the coordinator gets the registered steering groups to choose from.
    const choose = await said(anna, ytterby, 'koppla');
    expect(choose).toContain('**Styrgrupp Kungälv**');
    expect(choose).toContain('**Trygg i Kungälv**');
    // A partial name that fits two is not guessed.
    expect(await said(anna, ytterby, 'koppla kungälv')).toContain('Flera styrgrupper passar');
  });

  it('once linked, the steering group sees counts and trends of the SSPF group, never its texts; the other steering group still nothing', async () => {
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    // The steering group hears of the link in its own channel.
    expect(connector.sentTo('19:general-trygg@thread.tacv2').map((a) => a.body.text).join('\n')).toContain('avböj SSPF Ytterby');
    const personal = await said(sara, personalOf(sara), 'lägesbild Ytterby');
    expect(personal).toContain('Lägesbild: Ytterby');
    expect(personal).toContain('Narkotika');
    expect(personal).toMatch(/1 rapport/);
    expect(personal).not.toContain(SECRET_TEXT);
    expect(await said(sara, styrgrupp, 'lägesbild')).toContain('Ytterby');
    expect(await said(olle, styrgrupp, 'sammanfattning')).toMatch(/SSPF-grupper\n1/);
    // The SSPF group's own member still sees the text in personal chat.
    expect(await said(filip, personalOf(filip), 'lägesbild Ytterby')).toContain(SECRET_TEXT);
    expect(await said(mallory, personalOf(mallory), 'lägesbild')).not.toMatch(/Ytterby|Narkotika/);
    // Linking twice changes nothing.
    expect(await said(anna, ytterby, 'koppla Trygg i Kungälv')).toContain('redan kopplad');
  });

  it('both groups list the link, and both groups’ logs have it', async () => {
    expect(await said(anna, ytterby, 'kopplingar')).toMatch(/styrgruppen Trygg i Kungälv ser antal och trender – sedan 2026-03-10/);
    expect(await said(filip, styrgrupp, 'kopplingar')).toMatch(/SSPF Ytterby \(SSPF\) – ni ser antal och trender/);
    expect((await groupLog(ytterby)).filter((e) => e.action === 'link' && e.decision === 'allowed')).toEqual([
      expect.objectContaining({ actorAadObjectId: anna.aadObjectId, actingAs: 'coordinator', linkedGroupId: idOf(styrgrupp) })
    ]);
    expect((await groupLog(styrgrupp)).filter((e) => e.action === 'link')).toEqual([expect.objectContaining({ linkedGroupId: idOf(ytterby), decision: 'allowed' })]);
    // The refused attempt by a plain member is in the SSPF group's log.
    expect((await groupLog(ytterby)).some((e) => e.action === 'link' && e.decision === 'refused' && e.actorAadObjectId === filip.aadObjectId)).toBe(true);
  });

  it('the steering group’s coordinators decline the link (members cannot); the steering group then sees nothing', async () => {
    expect(await said(sara, styrgrupp, 'avböj SSPF Ytterby')).toContain('Bara samordnare i gruppen');
    expect(await said(olle, styrgrupp, 'avböj SSPF Kareby')).toContain('ingen aktiv koppling');
    const declined = await said(olle, styrgrupp, 'avböj SSPF Ytterby');
    expect(declined).toContain('Kopplingen från **SSPF Ytterby** är avböjd');
    expect(connector.sentTo('19:general-ytterby@thread.tacv2').map((a) => a.body.text).join('\n')).toContain('avböjde kopplingen');
    expect(await said(sara, personalOf(sara), 'lägesbild')).not.toMatch(/Ytterby|Narkotika/);
    // (The test clock stands still, so entries are found by action rather than by position.)
    expect((await groupLog(ytterby)).find((e) => e.action === 'linkDeclined')).toMatchObject({ actorAadObjectId: olle.aadObjectId, actingAs: 'coordinator', linkedGroupId: idOf(styrgrupp) });
    expect((await groupLog(styrgrupp)).find((e) => e.action === 'linkDeclined')).toMatchObject({ actorAadObjectId: olle.aadObjectId, linkedGroupId: idOf(ytterby) });
    expect(await said(anna, ytterby, 'kopplingar')).toMatch(/avslutad 2026-03-10 \(avböjd\)/);
  });

  it('the SSPF group relinks and then removes its link; both logs record it and the reach ends', async () => {
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    expect(await said(sara, personalOf(sara), 'lägesbild')).toContain('Ytterby');
    // The steering group cannot remove it with the SSPF group's verb (it declines instead).
    expect(await said(olle, styrgrupp, 'koppla bort SSPF Ytterby')).toContain('Bara en SSPF-grupp');
    expect(await said(anna, ytterby, 'koppla bort Trygg i Kungälv')).toContain('Kopplingen till styrgruppen **Trygg i Kungälv** är borttagen');
    expect(await said(sara, personalOf(sara), 'lägesbild')).not.toMatch(/Ytterby|Narkotika/);
    expect((await groupLog(ytterby)).find((e) => e.action === 'unlink')).toMatchObject({ actorAadObjectId: anna.aadObjectId, linkedGroupId: idOf(styrgrupp) });
    expect((await groupLog(styrgrupp)).find((e) => e.action === 'unlink')).toMatchObject({ actorAadObjectId: anna.aadObjectId, linkedGroupId: idOf(ytterby) });
  });

  it('link commands work in English and refuse personal chat', async () => {
    expect(await said(anna, ytterby, 'links')).toContain('Links of SSPF Ytterby');
    expect(await said(anna, personalOf(anna), 'link Trygg i Kungälv')).toContain('not in personal chat');
  });
});
