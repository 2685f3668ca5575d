import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { linkToSteering, postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, personalOf, sara, stina, ytterby, type Place } from '../support/teams';
import { UpdateRepository } from '../../src/features/updates/update-repository';
import { GroupRepository } from '../../src/features/groups/group-repository';

const kallinge: Place = { kind: 'channel', teamId: '19:team-sspf-kallinge@thread.tacv2', channelId: '19:general-kallinge@thread.tacv2' };
const centrum: Place = { kind: 'channel', teamId: '19:team-sspf-centrum@thread.tacv2', channelId: '19:general-centrum@thread.tacv2' };
const styrRonneby: Place = { kind: 'channel', teamId: '19:team-styr-ronneby@thread.tacv2', channelId: '19:general-styr-ronneby@thread.tacv2' };
const groupId = (p: Place) => GroupRepository.idFor(`team:${(p as { teamId: string }).teamId}`);

const SECRET_TEXT = 'Fler unga samlas vid ungdomsgården fredagskvällar, tydliga tecken på försäljning bakom hallen.';

describe('situation updates and asking, over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let updates: UpdateRepository;
  const c = () => ({ serviceUrl: connector.url });
  const lastCard = () => ConnectorStandIn.cards(connector.activities).at(-1)!;
  const lastText = () => connector.activities.at(-1)?.body.text ?? '';
  /** Posts the update form as `who` would, and returns its message id: submits are bound to it. */
  const formIn = (who: typeof filip, place: Place) => postedForm(bot, connector, who, place, 'lägesbild ny');
  /** The form the first update was posted from: its message became that update's card. */
  let firstFormId = '';
  const form = (over: Record<string, unknown> = {}) => ({
    draftId: randomUUID(), area: 'Kallinge', category: 'narkotika', trend: 'okande', level: 'selektiv', observedOn: '2026-03-06', text: SECRET_TEXT, ...over
  });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina);
    bot = await startBot({ clock: { now: () => new Date('2026-03-10T09:00:00Z') } });
    updates = new UpdateRepository(bot.store);
    await registerGroup(bot, connector, kallinge, anna, { name: 'SSPF Kallinge', municipality: 'Ronneby', areas: 'Kallinge, Bräkne-Hoby' });
    await setMember(bot, connector, kallinge, anna, filip, 'fritid');
    await setMember(bot, connector, kallinge, anna, olle, 'polis');
    await registerGroup(bot, connector, centrum, stina, { name: 'SSPF Centrum', municipality: 'ronneby', areas: 'Centrum' });
    await registerGroup(bot, connector, styrRonneby, anna, { kind: 'styrgrupp', name: 'Trygg i Ronneby', municipality: 'Ronneby', areas: 'Ronneby' });
    await registerGroup(bot, connector, ytterby, sara, { name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby', agency: 'skola' });
    // The steering group reaches the two SSPF groups through links, not through the municipality name.
    await linkToSteering(bot, connector, kallinge, anna, 'Trygg i Ronneby');
    await linkToSteering(bot, connector, centrum, stina, 'Trygg i Ronneby');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('gives a field worker the update card for "lägesbild" in the SSPF channel', async () => {
    await bot.post(message(filip, kallinge, 'lägesbild', c()));
    const card = lastCard();
    const json = JSON.stringify(card);
    expect(json).toContain('"verb":"updates.submit"');
    expect(json).toContain('"value":"Bräkne-Hoby"');
    expect(cardText(card)).toContain('Ny lägesrapport');
    expect(json).toContain('"value":"2026-03-10"');
  });

  it('stores a submitted update once, with the author\'s agency, and posts it to the group without its text', async () => {
    const data = form();
    const formId = await formIn(filip, kallinge);
    firstFormId = formId;
    const res = await bot.post(execute(filip, kallinge, 'updates.submit', data, { ...c(), replyToId: formId }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain(SECRET_TEXT);
    const posted = connector.activities.find((a) => a.method === 'PUT');
    expect(posted?.activityId).toBe(formId);
    const postedText = cardText(ConnectorStandIn.cards([posted!])[0]);
    expect(postedText).toContain('Lägesrapport: Kallinge · Narkotika');
    expect(postedText).toContain('Fritid');
    expect(postedText).toContain('Filip Fritid');
    expect(postedText).not.toContain(SECRET_TEXT);

    const again = await bot.post(execute(filip, kallinge, 'updates.submit', data, { ...c(), replyToId: formId }));
    expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const stored = await updates.list(groupId(kallinge));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: data.draftId, area: 'Kallinge', agency: 'fritid', authorAad: filip.aadObjectId, municipalityKey: 'ronneby', status: 'active' });
  });

  it.each([
    ['a 12-digit personnummer with separator', 'Killen 20061212-1236 syns där varje kväll'],
    ['a 10-digit personnummer without separator', 'Killen 0612121236 syns där'],
    ['a personnummer with a space', 'Killen 061212 1236 syns där'],
    ['a coordination number', 'Samordningsnummer 701063-2391 syns där'],
    ['a phone number', 'Ring hans mamma på 070-123 45 67'],
    ['an e-mail address', 'Skriv till kalle.k@skola.ronneby.se']
  ])('refuses %s, keeps the draft in the card and stores nothing', async (_what, text) => {
    const before = (await updates.list(groupId(kallinge))).length;
    const res = await bot.post(execute(filip, kallinge, 'updates.submit', form({ text }), { ...c(), replyToId: await formIn(filip, kallinge) }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = res.body.value;
    expect(cardText(card)).toMatch(/inget har sparats/);
    expect(JSON.stringify(card)).toContain(JSON.stringify(text).slice(1, -1));
    expect(JSON.stringify(card)).toContain('"verb":"updates.submit"');
    expect(connector.activities.filter((a) => a.method === 'PUT')).toHaveLength(0);
    expect((await updates.list(groupId(kallinge))).length).toBe(before);
  });

  it('refuses the indicated level with a pointer to "ärende ny"', async () => {
    const res = await bot.post(execute(filip, kallinge, 'updates.submit', form({ level: 'indikerad' }), { ...c(), replyToId: await formIn(filip, kallinge) }));
    expect(cardText(res.body.value)).toContain('ärende ny');
    expect(await updates.list(groupId(kallinge))).toHaveLength(1);
  });

  it('refuses someone who is not a member of the group', async () => {
    const res = await bot.post(execute(sara, kallinge, 'updates.submit', form(), c()));
    expect(res.body.value).toContain('inte registrerad som medlem');
  });

  it('shows the update in the picture when a police officer asks in personal chat, in Swedish', async () => {
    await bot.post(message(olle, personalOf(olle), 'hur ser läget ut i Kallinge?', c()));
    const text = cardText(lastCard());
    expect(text).toContain('Lägesbild: Kallinge');
    expect(text).toContain('Narkotika');
    // Issue 16 item 4: the change in the number of reports apart from the trend the reporters judged.
    expect(text).toMatch(/Narkotika\n1 rapport, förra perioden 0 \(\+1\)\n↑ bedömd trend: ökande, 1 av 1 rapport/);
    expect(text).toContain('2026-02-09 – 2026-03-10');
    expect(text).toContain(SECRET_TEXT); // personal chat, and he is a member of the group
  });

  it('answers "lägesbild Kallinge 30 dagar" and "läget i kallinge senaste veckan" in the channel without update texts', async () => {
    await bot.post(message(olle, kallinge, 'lägesbild Kallinge 30 dagar', c()));
    let text = cardText(lastCard());
    expect(text).toContain('Lägesbild: Kallinge');
    expect(text).toContain('1 rapport');
    expect(text).not.toContain(SECRET_TEXT);
    connector.clear();
    await bot.post(message(olle, kallinge, 'läget i kallinge senaste veckan', c()));
    text = cardText(lastCard());
    expect(text).toContain('2026-03-04 – 2026-03-10');
    expect(text).toContain('1 rapport');
  });

  it('answers in English', async () => {
    await bot.post(message(olle, personalOf(olle), 'situation in Kallinge last 30 days', c()));
    let text = cardText(lastCard());
    expect(text).toContain('Situation: Kallinge');
    expect(text).toMatch(/Drugs/);
    expect(text).toMatch(/Drugs\n1 update, previous period 0 \(\+1\)\n↑ judged trend: rising, 1 of 1 update/);
    connector.clear();
    await bot.post(message(olle, personalOf(olle), "What's the situation like in kallinge?", c()));
    expect(cardText(lastCard())).toContain('Situation: Kallinge');
  });

  it('rolls up the two SSPF groups linked to the steering group; an SSPF group sees only its own areas', async () => {
    const res = await bot.post(execute(stina, centrum, 'updates.submit', form({ area: 'Centrum', category: 'skadegorelse', trend: 'minskande', level: 'generell' }), { ...c(), replyToId: await formIn(stina, centrum) }));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    connector.clear();

    await bot.post(message(anna, styrRonneby, 'lägesbild', c()));
    let text = cardText(lastCard());
    expect(text).toContain('alla områden i Ronneby');
    expect(text).toContain('Alla områden sammantaget');
    expect(text).toContain('Kallinge');
    expect(text).toContain('Centrum');
    expect(text).toContain('Skadegörelse');
    expect(text).toContain('Narkotika');
    expect(text).not.toContain(SECRET_TEXT);

    connector.clear();
    await bot.post(message(anna, styrRonneby, 'lägesbild centrum', c()));
    text = cardText(lastCard());
    expect(text).toContain('Lägesbild: Centrum');
    expect(text).not.toContain('Narkotika');

    connector.clear();
    await bot.post(message(olle, kallinge, 'lägesbild hela kommunen', c()));
    text = cardText(lastCard());
    expect(text).toContain('Kallinge');
    expect(text).not.toContain('Centrum');
    expect(text).not.toContain('Skadegörelse');

    connector.clear();
    await bot.post(message(olle, kallinge, 'lägesbild Centrum', c()));
    expect(lastText()).toContain('inget område ”centrum”');
  });

  it('shows a member of another municipality nothing of it', async () => {
    await bot.post(message(sara, personalOf(sara), 'hur ser läget ut i Kallinge?', c()));
    expect(lastText()).toContain('inget område ”kallinge”');
    expect(lastText()).not.toContain('Bräkne');
    connector.clear();
    await bot.post(message(sara, personalOf(sara), 'lägesbild', c()));
    let text = cardText(lastCard());
    expect(text).toContain('alla områden i Kungälv');
    expect(text).toContain('Ytterby');
    expect(text).not.toMatch(/Kallinge|Centrum|Narkotika|Skadegörelse/);
    connector.clear();
    await bot.post(message(sara, ytterby, 'lägesbild Ronneby', c()));
    expect(lastText()).toContain('inget område ”ronneby”');
    connector.clear();
    await bot.post(message(sara, personalOf(sara), 'läget i Kungalv', c()));
    text = cardText(lastCard());
    expect(text).toContain('Ytterby');
    expect(text).not.toContain('Kallinge');
  });

  it('shows the text to a member who presses "Visa text", only to them, and to nobody outside the group', async () => {
    const [u] = await updates.list(groupId(kallinge));
    const shown = await bot.post(execute(olle, kallinge, 'updates.show', { updateId: u.id }, c()));
    expect(cardText(shown.body.value)).toContain(SECRET_TEXT);
    expect(connector.activities).toHaveLength(0);
    const refused = await bot.post(execute(sara, kallinge, 'updates.show', { updateId: u.id }, c()));
    expect(refused.body.value).toContain('inte registrerad som medlem');
    const elsewhere = await bot.post(execute(sara, ytterby, 'updates.show', { updateId: u.id }, c()));
    expect(elsewhere.body.value).toContain('finns inte i den här gruppen');
    const bad = await bot.post(execute(olle, kallinge, 'updates.show', { updateId: 'not-an-id' }, c()));
    expect(bad.status).toBe(400);
  });

  it('lets the author correct an update from its card, not another member', async () => {
    const [u] = await updates.list(groupId(kallinge));
    const refused = await bot.post(execute(olle, kallinge, 'updates.edit', { updateId: u.id }, c()));
    expect(refused.body.value).toContain('Bara den som skrev');

    const edit = await bot.post(execute(filip, kallinge, 'updates.edit', { updateId: u.id }, c()));
    expect(JSON.stringify(edit.body.value)).toContain('"verb":"updates.save"');
    expect(JSON.stringify(edit.body.value)).toContain(SECRET_TEXT);

    // Saved from the update's own card (its message id): invokes are bound to the card they act on.
    const pii = await bot.post(execute(filip, kallinge, 'updates.save', { ...form({ text: 'ring 0701234567' }), draftId: u.id }, { ...c(), replyToId: firstFormId }));
    expect(cardText(pii.body.value)).toContain('telefonnummer');
    expect((await updates.get(groupId(kallinge), u.id))?.text).toBe(SECRET_TEXT);

    const forged = await bot.post(execute(filip, kallinge, 'updates.save', { ...form({ trend: 'okande' }), draftId: u.id }, { ...c(), replyToId: 'm-some-other-message' }));
    expect(forged.body.value).toContain('inget ändrades');
    expect((await updates.get(groupId(kallinge), u.id))?.history.map((h) => h.action)).toEqual(['created']);
    const saved = await bot.post(execute(filip, kallinge, 'updates.save', { ...form({ trend: 'oforandrad' }), draftId: u.id }, { ...c(), replyToId: firstFormId }));
    expect(cardText(saved.body.value)).toContain('Oförändrad');
    const stored = await updates.get(groupId(kallinge), u.id);
    expect(stored?.trend).toBe('oforandrad');
    expect(stored?.history.map((h) => h.action)).toEqual(['created', 'edited']);
    expect(connector.activities.find((a) => a.method === 'PUT')?.activityId).toBe(firstFormId);
  });

  it('lets a coordinator withdraw an update: it leaves the picture and stays in history with who withdrew it', async () => {
    const [u] = await updates.list(groupId(kallinge));
    const refused = await bot.post(execute(olle, kallinge, 'updates.withdraw', { updateId: u.id }, c()));
    expect(refused.body.value).toContain('Bara den som skrev');

    const res = await bot.post(execute(anna, kallinge, 'updates.withdraw', { updateId: u.id }, { ...c(), replyToId: firstFormId }));
    expect(cardText(res.body.value)).toContain('Tillbakadragen av Anna Samordnare 2026-03-10');
    expect(JSON.stringify(res.body.value)).not.toContain('updates.withdraw');
    const stored = await updates.get(groupId(kallinge), u.id);
    expect(stored).toMatchObject({ status: 'withdrawn', withdrawnBy: anna.aadObjectId });
    expect(stored?.history.map((h) => h.action)).toEqual(['created', 'edited', 'withdrawn']);

    connector.clear();
    await bot.post(message(olle, personalOf(olle), 'lägesbild Kallinge', c()));
    const text = cardText(lastCard());
    expect(text).toContain('Inga lägesrapporter under perioden');
    expect(text).not.toContain(SECRET_TEXT);
  });

  it('answers free-text questions about overdue actions and the next meeting with those features', async () => {
    await bot.post(message(olle, personalOf(olle), 'vilka insatser är försenade?', c()));
    expect(cardText(lastCard())).toContain('Försenade insatser –');
    connector.clear();
    await bot.post(message(olle, personalOf(olle), 'when is the next meeting?', c()));
    expect(lastText()).toContain('**SSPF Kallinge**: no meeting booked.');
  });

  it('gives the help card for a question it cannot answer, not a guess', async () => {
    await bot.post(message(olle, personalOf(olle), 'vem vann matchen i går?', c()));
    expect(cardText(lastCard())).toContain('Trygg – det här kan jag');
    expect(cardText(lastCard())).toContain('lägesbild [område] [period]');
  });

  it('never wrote update texts or personal identity numbers to the logs', () => {
    const all = JSON.stringify(bot.logs);
    expect(bot.logs.some((l) => l.msg === 'situation update posted')).toBe(true);
    expect(bot.logs.some((l) => l.msg === 'situation update refused: personal data in text')).toBe(true);
    expect(all).not.toContain('ungdomsgården');
    expect(all).not.toContain('1212-1236');
    expect(all).not.toContain('0612121236');
    expect(all).not.toContain('070-123');
    expect(all).not.toContain('kalle.k@');
  });
});
