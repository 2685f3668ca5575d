import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn, type RecordedActivity } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, personalOf, sara, stina, ytterby, type Person, type Place } from '../support/teams';
import { REMINDER_JOB } from '../../src/features/actions';
import { CaseRepository } from '../../src/features/cases/case-repository';

/**
 * Which language Trygg answers in: the words decide (a typed alias, the card a button is on), not the
 * client's locale; posts others see follow the group; proactive personal messages the person's last locale.
 */
const CHANNEL = '19:general-ytterby@thread.tacv2';
const CASE = 'K-2026-001';

type Json = Record<string, unknown>;

/** Every Action.Execute in a card. */
function executes(card: unknown): Json[] {
  const found: Json[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (o.type === 'Action.Execute') found.push(o);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/** Presses a card's button as Teams does: the action's data merged with the inputs' values. */
function press(card: unknown, verb: string, who: Person, place: Place, inputs: Json, c: { serviceUrl: string; locale: string; replyToId?: string }) {
  const action = executes(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`the card has no ${verb} button`);
  return execute(who, place, verb, { ...(action.data as Json), ...inputs }, c);
}

const lastCard = (all: RecordedActivity[]) => ConnectorStandIn.cards(all).at(-1);

/** The languages a card's buttons carry (one, when the card was rendered in one language). */
const buttonLangs = (card: unknown) => [...new Set(executes(card).map((a) => (a.data as Json).lang))];

describe('the answer follows the language of the words', () => {
  const connector = new ConnectorStandIn();
  let now = new Date('2026-03-10T09:00:00Z');
  let bot: RunningBot;
  let groupId = '';
  const sv = () => ({ serviceUrl: connector.url, locale: 'sv-SE' });
  const en = () => ({ serviceUrl: connector.url, locale: 'en-US' });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina);
    bot = await startBot({ clock: { now: () => now } });
    await registerGroup(bot, connector, ytterby, anna, { language: 'sv', agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    await bot.post(message(stina, ytterby, 'ärende ny', sv()));
    // Submitted from the form the bot posted: invokes are bound to their card.
    const created = await bot.post(execute(stina, ytterby, 'cases.create', { name: 'Elsa Exempelsdotter', birthYear: 2013, area: 'Kastellskolan', concern: 'Oro för frånvaro' }, { ...sv(), replyToId: connector.activities.at(-1)!.activityId }));
    expect(cardText(created.body.value)).toContain(`Ärendet ${CASE} är skapat`);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('answers hjälp in Swedish to an en-US client, in personal chat and in the channel', async () => {
    await bot.post(message(sara, personalOf(sara), 'hjälp', en()));
    await bot.post(message(sara, ytterby, 'Hjalp', en()));
    const cards = ConnectorStandIn.cards(connector.activities);
    expect(cards).toHaveLength(2);
    for (const card of cards) expect(cardText(card)).toContain('Trygg – det här kan jag');
  });

  it('answers help in English to a sv-SE client', async () => {
    await bot.post(message(sara, personalOf(sara), 'help', sv()));
    const [card] = ConnectorStandIn.cards(connector.activities);
    expect(cardText(card)).toContain('Trygg – what I can do');
    expect(cardText(card)).not.toContain('det här kan jag');
  });

  it('answers a refusal in the language typed, whatever the locale', async () => {
    await bot.post(message(sara, personalOf(sara), 'medlemmar', en()));
    expect(connector.activities.at(-1)!.body.text).toMatch(/teamkanal eller gruppchatt/);
    await bot.post(message(sara, personalOf(sara), 'members', sv()));
    expect(connector.activities.at(-1)!.body.text).toMatch(/team channel or group chat/);
  });

  it('"observation …" (the same word in both languages) follows the Swedish group for an en-US client, and so does its button', async () => {
    await bot.post(message(olle, ytterby, `observation ${CASE}`, en()));
    const form = lastCard(connector.activities)!;
    expect(cardText(form)).toMatch(/Observation/);
    expect(executes(form).map((a) => (a.data as Json).lang)).toEqual(['sv']);
    const res = await bot.post(press(form, 'cases.observe', olle, ytterby, { date: '2026-03-09', text: 'Setts i sällskap med äldre' }, { ...en(), replyToId: connector.activities.at(-1)!.activityId }));
    expect(cardText(res.body.value)).toContain(`Observationen är sparad i ${CASE}`);
  });

  it('"observation" in personal chat follows the client locale', async () => {
    await bot.post(message(olle, personalOf(olle), 'observation', en()));
    expect(connector.activities.at(-1)!.body.text).toBe('Type **observation K-2026-014** (the case pseudonym).');
    await bot.post(message(olle, personalOf(olle), 'observation', sv()));
    expect(connector.activities.at(-1)!.body.text).toBe('Skriv **observation K-2026-014** (ärendets pseudonym).');
  });

  it('a card rendered in English answers its button in English to a sv-SE user; the posted case card stays in the group\'s Swedish', async () => {
    await bot.post(message(stina, ytterby, `consent ${CASE}`, sv()));
    const form = lastCard(connector.activities)!;
    expect(buttonLangs(form)).toEqual(['en']);
    const formId = connector.activities.at(-1)!.activityId;
    connector.clear();
    const res = await bot.post(
      press(form, 'cases.consent', stina, ytterby, {
        groupId, caseId: CASE, guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', scope: 'skola,polis,socialtjanst', signedAt: '2026-03-01', validUntil: '', archiveRef: 'Dnr SN 2026/14'
      }, { ...sv(), replyToId: formId })
    );
    expect(cardText(res.body.value)).toContain(`The consent for ${CASE} is registered and valid until 2027-03-01`);
    // What everyone in the channel sees follows the group's language.
    const posted = connector.activities.filter((a) => a.method === 'PUT' && a.conversationId.startsWith(CHANNEL));
    expect(posted.length).toBeGreaterThan(0);
    for (const p of posted) {
      const card = ConnectorStandIn.cards([p])[0];
      expect(buttonLangs(card)).toEqual(['sv']);
      expect(cardText(card)).toContain(`Individärende ${CASE}`);
    }
  });

  it('a button on an older card without a language answers in the client\'s language', async () => {
    await bot.post(message(olle, ytterby, `observation ${CASE}`, en()));
    // Pressed on a posted form of this case whose data carries no language (as cards from before languages did).
    const res = await bot.post(execute(olle, ytterby, 'cases.observe', { groupId, caseId: CASE, date: '2026-03-09', text: 'Sågs vid busstationen' }, { ...en(), replyToId: connector.activities.at(-1)!.activityId }));
    expect(cardText(res.body.value)).toContain(`The observation was saved in ${CASE}`);
  });

  it('refuses a card whose language is not one Trygg speaks, with a 400, and changes nothing', async () => {
    const cases = new CaseRepository(bot.store);
    const before = await cases.get(groupId, CASE);
    expect(before?.observations.length).toBeGreaterThan(0);
    for (const lang of ['de', 42, null, { sv: true }, '../../etc']) {
      const res = await bot.post(execute(olle, ytterby, 'cases.observe', { groupId, caseId: CASE, date: '2026-03-09', text: 'Ska inte sparas', lang }, sv()));
      expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
      expect(JSON.stringify(res.body)).toContain('Kortets uppgifter kunde inte läsas');
    }
    const unknown = await bot.post(execute(olle, ytterby, 'nope.verb', { lang: 'en' }, sv()));
    expect(JSON.stringify(unknown.body)).toContain('I no longer recognise this button');
    const after = await cases.get(groupId, CASE);
    expect(after?.observations).toEqual(before?.observations);
    expect(JSON.stringify(after)).not.toContain('Ska inte sparas');
  });

  it('a proactive personal reminder uses the person\'s last locale; the channel line follows the group', async () => {
    // Filip last talked to Trygg in personal chat from an English client.
    await bot.post(message(filip, personalOf(filip), 'hjälp', en()));
    await bot.post(message(anna, ytterby, 'insats ny', sv()));
    const form = lastCard(connector.activities)!;
    const proposed = await bot.post(
      press(form, 'actions.propose', anna, ytterby, {
        formVersion: 1, title: 'Fältvandring vid Kareby skola', description: 'Två och två fredagskvällar.', level: 'selektiv', area: 'Kareby', casePseudonym: '', agency: 'fritid', ownerId: filip.aadObjectId, dueDate: '2026-03-12', promiseId: ''
      }, { ...sv(), replyToId: connector.activities.at(-1)!.activityId })
    );
    const actionId = JSON.stringify(proposed.body?.value ?? '').match(/"actionId":"([0-9a-f-]{36})"/)?.[1];
    expect(actionId).toBeDefined();
    await bot.post(execute(anna, ytterby, 'actions.approve', { actionId }, sv()));
    connector.clear();

    await bot.bot.jobs.run(REMINDER_JOB, new Date('2026-03-10T07:00:00Z'));
    const personal = connector.sentTo(`a:personal-${filip.id}`);
    expect(personal).toHaveLength(1);
    expect(personal[0].body.text).toBe('Reminder: the action "Fältvandring vid Kareby skola" is due 12 March 2026. Mark it done on the card in the group when it is.');
    const channel = connector.sentTo(CHANNEL);
    expect(channel.map((a) => a.body.text).join('\n')).toContain('(ansvarig: Filip Fritid)');

    // Filip's client is Swedish now: the next (overdue) reminder follows.
    await bot.post(message(filip, personalOf(filip), 'help', sv()));
    connector.clear();
    now = new Date('2026-03-13T07:00:00Z');
    await bot.bot.jobs.run(REMINDER_JOB, now);
    expect(connector.sentTo(`a:personal-${filip.id}`).at(-1)?.body.text).toMatch(/^Påminnelse: insatsen "Fältvandring vid Kareby skola" skulle ha varit klar 12 mars 2026/);
  });

  it('a personal case card refreshes to the withheld view after revocation in the viewer\'s language; the group hears it in Swedish', async () => {
    // Olle asks in personal chat from an English client (English words, too): the stored body has no details.
    await bot.post(message(olle, personalOf(olle), `case ${CASE}`, en()));
    const shown = connector.activities.at(-1)!;
    expect(shown.conversationId).toBe(`a:personal-${olle.id}`);
    expect(JSON.stringify(shown.body)).not.toContain('Elsa Exempelsdotter');
    const refresh = (lang: () => { serviceUrl: string; locale: string }) => {
      const a = execute(olle, personalOf(olle), 'cases.view', { groupId, caseId: CASE }, lang());
      return bot.post({ ...a, value: { ...a.value, trigger: 'automatic' } });
    };
    expect(cardText((await refresh(en)).body.value)).toContain('Elsa Exempelsdotter');
    connector.clear();

    await bot.post(message(stina, ytterby, `återkalla samtycke ${CASE}`, en()));
    expect(connector.sentTo(CHANNEL).at(-1)?.body.text).toMatch(/^Samtycket för K-2026-001 är återkallat/);
    const text = cardText((await refresh(en)).body.value);
    expect(text).toContain('the consent was revoked');
    expect(text).not.toContain('Elsa Exempelsdotter');
  });

  it('keeps personal data out of the logs', () => {
    const all = JSON.stringify(bot.logs);
    for (const secret of ['Elsa Exempelsdotter', 'Setts i sällskap', 'Sågs vid busstationen']) expect(all).not.toContain(secret);
  });
});
