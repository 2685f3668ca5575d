import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn, type RecordedActivity } from '../support/connector';
import { linkToSteering, registerGroup, setMember } from '../support/flows';
import { admin, anna, cardText, execute, filip, message, olle, personalOf, sara, stina, styrgrupp, ytterby, type Person, type Place } from '../support/teams';
import { ActionRepository } from '../../src/features/actions/action-repository';
import { REMINDER_JOB } from '../../src/features/actions';
import { Claims } from '../../src/store/claims';

const YTTERBY_KEY = 'team:19:team-ytterby@thread.tacv2';

/** A movable clock: tests step through the days of an action. */
function movableClock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => void (now = new Date(iso)) };
}

const puts = (all: RecordedActivity[], activityId: string) => all.filter((a) => a.method === 'PUT' && a.activityId === activityId);
const putText = (a: RecordedActivity) => cardText(ConnectorStandIn.cards([a])[0]);

/** Asks for the proposal form in `place`, then submits it from that posted card; returns the answer and the card's id. */
async function propose(bot: RunningBot, connector: ConnectorStandIn, from: Person, place: Place, form: Record<string, unknown>) {
  const before = connector.activities.length;
  await bot.post(message(from, place, 'insats ny', { serviceUrl: connector.url }));
  const posted = connector.activities.slice(before).find((a) => a.method === 'POST' && ConnectorStandIn.cards([a]).length > 0);
  if (!posted?.activityId) throw new Error('no proposal form was posted');
  const res = await bot.post(execute(from, place, 'actions.propose', { formVersion: 1, ...form }, { serviceUrl: connector.url, replyToId: posted.activityId }));
  if (JSON.stringify(res.body ?? '').includes('${')) throw new Error('a card binding stayed unresolved');
  const actionId = JSON.stringify(res.body?.value ?? '').match(/"actionId":"([0-9a-f-]{36})"/)?.[1];
  return { res, cardId: posted.activityId, actionId };
}

const baseForm = (owner: Person, extra: Record<string, unknown> = {}) => ({
  title: 'Extra fältvandring vid Kallinge centrum fredagar i mars',
  description: 'Fältassistenter går två och två fredagskvällar.',
  level: 'selektiv',
  area: 'Kareby',
  casePseudonym: '',
  agency: 'fritid',
  ownerId: owner.aadObjectId,
  dueDate: '2026-03-31',
  promiseId: '',
  ...extra
});

describe('actions (insatser) over /api/messages', () => {
  const connector = new ConnectorStandIn();
  const clock = movableClock('2026-03-10T09:00:00Z');
  let bot: RunningBot;
  let repo: ActionRepository;
  let groupId: string;
  const c = () => ({ serviceUrl: connector.url });
  const changes = (actionId: string) => bot.logs.filter((l) => l.msg === 'action status changed' && l.actionId === actionId).length;

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina, admin);
    bot = await startBot({ clock, env: { ADMIN_AAD_IDS: admin.aadObjectId } });
    repo = new ActionRepository(bot.store);
    await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst', 'samordnare');
    groupId = (await bot.bot.repos.groups.getByKey(YTTERBY_KEY))!.id;
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    clock.set('2026-03-10T09:00:00Z');
  });
  // Every card the bot posted or updated must have all its bindings resolved.
  afterEach(() => {
    for (const card of ConnectorStandIn.cards(connector.activities)) expect(JSON.stringify(card)).not.toContain('${');
  });

  it('insats ny gives the proposal form with the group members as owners', async () => {
    await bot.post(message(sara, ytterby, 'insats ny', c()));
    const [card] = ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'));
    const text = cardText(card);
    expect(text).toContain('Föreslå en insats');
    expect(text).toContain('Filip Fritid');
    expect(JSON.stringify(card)).toContain('"verb":"actions.propose"');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('proposes, is approved by the coordinator from the card, and the posted card shows "Godkänd av Anna" for everyone', async () => {
    const { res, cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(filip));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const proposed = cardText(res.body.value);
    expect(proposed).toContain('Extra fältvandring');
    expect(proposed).toContain('Status: föreslagen');
    expect(proposed).toContain('Filip Fritid');
    expect(proposed).toContain('31 mars 2026');
    expect(JSON.stringify(res.body.value)).toContain('"verb":"actions.approve"');
    // The form was replaced for everyone by the proposal.
    await connector.waitFor((all) => puts(all, cardId).length === 1);
    expect(putText(puts(connector.activities, cardId)[0])).toContain('Föreslagen av Sara Lärare');

    const approved = await bot.post(execute(anna, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
    expect(approved.status).toBe(200);
    expect(cardText(approved.body.value)).toContain('Godkänd av Anna Samordnare');
    await connector.waitFor((all) => puts(all, cardId).some((a) => putText(a).includes('Godkänd av Anna')));
    const stored = await repo.get(groupId, actionId!);
    expect(stored).toMatchObject({ status: 'godkand', decision: { outcome: 'godkand', by: anna.aadObjectId, byName: 'Anna Samordnare', at: '2026-03-10T09:00:00.000Z' } });
  });

  it("refuses a non-coordinator's approve and changes nothing", async () => {
    const { cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(filip));
    await connector.waitFor((all) => puts(all, cardId).length === 1);
    for (const who of [sara, filip]) {
      const res = await bot.post(execute(who, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
      expect(res.status).toBe(200);
      expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(res.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    }
    const stored = await repo.get(groupId, actionId!);
    expect(stored?.status).toBe('foreslagen');
    expect(stored?.decision).toBeUndefined();
    expect(stored?.history).toHaveLength(1);
    expect(changes(actionId!)).toBe(0);
  });

  it('gives exactly one decision for 50 concurrent approve/reject invokes; the losers get the decided card', async () => {
    const { cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(filip));
    await connector.waitFor((all) => puts(all, cardId).length === 1);
    const invokes = Array.from({ length: 50 }, (_, i) =>
      bot.post(
        i % 2 === 0
          ? execute(i % 4 === 0 ? anna : stina, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId })
          : execute(i % 4 === 1 ? anna : stina, ytterby, 'actions.reject', { actionId, note: 'Ryms inte i budgeten' }, { ...c(), replyToId: cardId })
      )
    );
    const answers = await Promise.all(invokes);
    expect(answers.every((a) => a.status === 200 && a.body.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    const stored = (await repo.get(groupId, actionId!))!;
    expect(['godkand', 'avslagen']).toContain(stored.status);
    expect(stored.history).toHaveLength(2);
    expect(changes(actionId!)).toBe(1);
    const decisionLine = stored.status === 'godkand' ? 'Godkänd av' : 'Avslagen av';
    for (const a of answers) expect(cardText(a.body.value)).toContain(decisionLine);
    await connector.waitFor((all) => puts(all, cardId).length === 2);
    expect(putText(puts(connector.activities, cardId)[1])).toContain(decisionLine);
  });

  it('is idempotent on a double click: the same card, no second decision', async () => {
    const { cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(filip));
    const first = await bot.post(execute(anna, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
    clock.set('2026-03-10T09:05:00Z');
    const second = await bot.post(execute(anna, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
    expect(cardText(second.body.value)).toBe(cardText(first.body.value));
    const stored = (await repo.get(groupId, actionId!))!;
    expect(stored.decision?.at).toBe('2026-03-10T09:00:00.000Z');
    expect(stored.history).toHaveLength(2);
    expect(changes(actionId!)).toBe(1);
    // A resent proposal submit from the same form creates nothing new either.
    const again = await bot.post(execute(sara, ytterby, 'actions.propose', { formVersion: 1, ...baseForm(filip) }, { ...c(), replyToId: cardId }));
    expect(cardText(again.body.value)).toContain('Godkänd av Anna');
    expect((await repo.listForGroup(groupId)).filter((a) => a.id === actionId)).toHaveLength(1);
  });

  it('follows up: the owner starts and finishes with an outcome; illegal transitions and missing texts are refused', async () => {
    const { cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(filip));
    const act = (who: Person, verb: string, note?: string) =>
      bot.post(execute(who, ytterby, `actions.${verb}`, { actionId, ...(note !== undefined ? { note } : {}) }, { ...c(), replyToId: cardId }));

    const early = await act(filip, 'done', 'Klart');
    expect(early.body.value).toBe('Insatsen är föreslagen och kan inte bli klar.');
    expect((await act(filip, 'start')).body.value).toBe('Insatsen är föreslagen och kan inte bli pågår.');
    expect((await repo.get(groupId, actionId!))?.status).toBe('foreslagen');

    await act(anna, 'approve');
    expect((await act(sara, 'start')).body.value).toBe('Bara den ansvarige eller en samordnare kan följa upp insatsen.');
    const started = await act(filip, 'start');
    expect(cardText(started.body.value)).toContain('Påbörjad av Filip Fritid');
    const noOutcome = await act(filip, 'done', '  ');
    expect(cardText(noOutcome.body.value)).toContain('Skriv en motivering');
    expect((await repo.get(groupId, actionId!))?.status).toBe('pagar');

    clock.set('2026-03-28T15:00:00Z');
    const done = await act(filip, 'done', 'Sex kvällar genomförda, lugnt i centrum.');
    expect(cardText(done.body.value)).toContain('Resultat: Sex kvällar genomförda');
    await connector.waitFor((all) => puts(all, cardId).some((a) => putText(a).includes('Status: klar')));
    expect((await act(filip, 'cancel', 'Ändrade planer')).body.value).toBe('Insatsen är klar och kan inte bli avbruten.');
    const stored = (await repo.get(groupId, actionId!))!;
    expect(stored).toMatchObject({ status: 'klar', finished: { outcome: 'klar', by: filip.aadObjectId, at: '2026-03-28T15:00:00.000Z' } });
    expect(stored.history.map((h) => h.to)).toEqual(['foreslagen', 'godkand', 'pagar', 'klar']);

    const rejected = await propose(bot, connector, sara, ytterby, baseForm(filip));
    await bot.post(execute(anna, ytterby, 'actions.reject', { actionId: rejected.actionId, note: 'Görs redan av skolan' }, { ...c(), replyToId: rejected.cardId }));
    const startRejected = await bot.post(execute(anna, ytterby, 'actions.start', { actionId: rejected.actionId }, { ...c(), replyToId: rejected.cardId }));
    expect(startRejected.body.value).toBe('Insatsen är avslagen och kan inte bli pågår.');
  });

  it('validates proposals: owner among members, indicated level needs a case pseudonym and shows only it, dates in the future', async () => {
    const outsider = { ...baseForm(filip), ownerId: 'b0b0b0b0-0000-4000-8000-000000000099' };
    expect(cardText((await propose(bot, connector, sara, ytterby, outsider)).res.body.value)).toContain('måste vara medlem i gruppen');
    const noCase = await propose(bot, connector, sara, ytterby, baseForm(stina, { level: 'indikerad', area: '' }));
    expect(cardText(noCase.res.body.value)).toContain('kräver ärendets pseudonym');
    const badCase = await propose(bot, connector, sara, ytterby, baseForm(stina, { level: 'indikerad', area: '', casePseudonym: 'K-2026-14' }));
    expect(cardText(badCase.res.body.value)).toContain('kräver ärendets pseudonym');
    const past = await propose(bot, connector, sara, ytterby, baseForm(filip, { dueDate: '2026-03-09' }));
    expect(cardText(past.res.body.value)).toContain('redan passerat');
    const tooLong = await propose(bot, connector, sara, ytterby, baseForm(filip, { title: 'x'.repeat(121) }));
    expect(cardText(tooLong.res.body.value)).toContain('högst 120 tecken');

    const unknownCase = await propose(bot, connector, stina, ytterby, baseForm(stina, { level: 'indikerad', area: '', casePseudonym: 'K-2026-014' }));
    expect(cardText(unknownCase.res.body.value)).toContain('Gruppen har inget öppet ärende K-2026-014');

    // Open a real case (the social worker), then link the indicated action to its pseudonym.
    await bot.post(message(stina, ytterby, 'ärende ny', c()));
    const opened = await bot.post(
      execute(stina, ytterby, 'cases.create', { name: 'Elsa Exempelsdotter', birthYear: 2013, area: 'Ytterby', concern: 'Oro för frånvaro' }, { ...c(), replyToId: connector.activities.at(-1)!.activityId })
    );
    const pseudonym = JSON.stringify(opened.body).match(/K-2026-\d{3}/)?.[0];
    expect(pseudonym).toBeDefined();
    const indicated = await propose(bot, connector, stina, ytterby, baseForm(stina, { level: 'indikerad', area: '', casePseudonym: pseudonym!.toLowerCase(), title: 'Nätverksmöte med familjen', description: 'Bokas via skolan.' }));
    const text = cardText(indicated.res.body.value);
    expect(text).toContain(`Indikerad insats i ärende ${pseudonym}`);
    expect(text).not.toContain('Nätverksmöte');
    expect(text).not.toContain('Bokas via skolan');
    expect(text).not.toContain('Elsa');
    expect((await repo.get(groupId, indicated.actionId!))?.casePseudonym).toBe(pseudonym);
  });

  it('refuses personal identity numbers, phone numbers and e-mail addresses in action texts, storing nothing', async () => {
    const before = (await repo.listForGroup(groupId)).length;
    for (const description of ['Gäller 201304122383 hemma', 'Ring 070-123 45 67', 'Mejla elev@skola.example']) {
      const { res } = await propose(bot, connector, sara, ytterby, baseForm(filip, { description }));
      expect(res.status).toBe(200);
      expect(cardText(res.body.value)).toMatch(/innehåller ett personnummer, samordningsnummer, telefonnummer eller en e-postadress/);
    }
    expect((await repo.listForGroup(groupId)).length).toBe(before);
  });

  it('lists open actions, overdue ones and my own (also in personal chat)', async () => {
    const { cardId, actionId } = await propose(bot, connector, sara, ytterby, baseForm(olle, { title: 'Trygghetsvandring i Ytterby centrum', area: 'Ytterby', agency: 'polis', dueDate: '2026-03-12' }));
    await bot.post(execute(anna, ytterby, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
    clock.set('2026-03-15T09:00:00Z');
    connector.clear();
    await bot.post(message(sara, ytterby, 'insatser', c()));
    expect(cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0])).toContain('Trygghetsvandring i Ytterby centrum');
    connector.clear();
    await bot.post(message(sara, ytterby, 'försenade', c()));
    const overdue = cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0]);
    expect(overdue).toContain('Trygghetsvandring i Ytterby centrum');
    expect(overdue).toContain('Försenad 3 dagar');
    expect(overdue).not.toContain('Extra fältvandring');
    connector.clear();
    await bot.post(message(olle, personalOf(olle), 'mina insatser', c()));
    const mine = cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0]);
    expect(mine).toContain('Mina insatser');
    expect(mine).toContain('SSPF Ytterby · godkänd · Olle Polis');
    expect(mine).not.toContain('Extra fältvandring');
  });

  it('lets a steering-group coordinator create a citizen promise; linked actions show progress', async () => {
    await registerGroup(bot, connector, styrgrupp, anna, { kind: 'styrgrupp', name: 'Trygg i Kungälv', municipality: 'Kungalv', areas: 'Kungälv' });
    // The steering group counts the SSPF group's actions only once the SSPF group links to it.
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    connector.clear();
    const refusedHere = await bot.post(message(anna, ytterby, 'medborgarlöfte ny', c()));
    expect(refusedHere.status).toBe(200);
    expect(connector.activities.some((a) => a.body.text?.includes('samordnare i en styrgrupp'))).toBe(true);
    connector.clear();
    await bot.post(message(anna, styrgrupp, 'medborgarlöfte ny', c()));
    const formId = connector.activities.find((a) => a.method === 'POST')!.activityId!;
    const created = await bot.post(
      execute(anna, styrgrupp, 'promises.create', {
        title: 'Medborgarlöfte 2026',
        policeArea: 'Lokalpolisområde Kungälv',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        commitments: 'Starta SSPF\n- Trygghetsvandringar varje månad\n'
      }, { ...c(), replyToId: formId })
    );
    expect(cardText(created.body.value)).toContain('Medborgarlöftet är sparat');
    expect(cardText(created.body.value)).toContain('Trygghetsvandringar varje månad');
    const promiseId = (await new (await import('../../src/features/actions/promise-repository')).PromiseRepository(bot.store).listForMunicipality('kungalv'))[0].id;

    // Three actions of the SSPF group link to it: one done, one approved and overdue, one only proposed.
    const link = (title: string, dueDate: string) => propose(bot, connector, sara, ytterby, baseForm(filip, { title, dueDate, promiseId }));
    const done = await link('Fältvandring fredagar', '2026-03-20');
    const late = await link('Föräldravandring', '2026-03-12');
    await link('Föreläsning om droger', '2026-04-30');
    for (const a of [done, late]) await bot.post(execute(anna, ytterby, 'actions.approve', { actionId: a.actionId }, { ...c(), replyToId: a.cardId }));
    await bot.post(execute(filip, ytterby, 'actions.start', { actionId: done.actionId }, { ...c(), replyToId: done.cardId }));
    await bot.post(execute(filip, ytterby, 'actions.done', { actionId: done.actionId, note: 'Genomfört' }, { ...c(), replyToId: done.cardId }));
    const card = (await bot.post(execute(filip, ytterby, 'actions.done', { actionId: done.actionId }, { ...c(), replyToId: done.cardId }))).body.value;
    expect(cardText(card)).toContain('Medborgarlöfte 2026');

    clock.set('2026-03-14T09:00:00Z');
    connector.clear();
    await bot.post(message(olle, styrgrupp, 'medborgarlöften', c()));
    const text = cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0]);
    expect(text).toContain('Medborgarlöften – Kungalv');
    expect(text).toContain('1 av 2 insatser klara');
    expect(text).toContain('1 föreslagna väntar på beslut');
    expect(text).toContain('1 försenade');
    expect(text).toContain('Kungalv · Lokalpolisområde Kungälv');
  });

  it('answers in English with English aliases and a group set to English', async () => {
    const chat: Place = { kind: 'groupChat', chatId: '19:chat-english@thread.v2' };
    await registerGroup(bot, connector, chat, anna, { name: 'SSPF Kareby', language: 'en', areas: 'Kareby' });
    await setMember(bot, connector, chat, anna, filip, 'fritid');
    connector.clear();
    const { res, cardId, actionId } = await propose(bot, connector, anna, chat, baseForm(filip, { area: 'Kareby' }));
    expect(cardText(res.body.value)).toContain('Status: proposed');
    const approved = await bot.post(execute(anna, chat, 'actions.approve', { actionId }, { ...c(), replyToId: cardId }));
    expect(cardText(approved.body.value)).toContain('Approved by Anna Samordnare');
    await connector.waitFor((all) => puts(all, cardId).some((a) => putText(a).includes('Approved by Anna')));
    connector.clear();
    await bot.post(message(filip, chat, 'my actions', { ...c(), locale: 'en-GB' }));
    expect(cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0])).toContain('My actions');
  });

  it('keeps action texts, notes and names out of the logs', () => {
    const all = JSON.stringify(bot.logs);
    for (const text of ['Extra fältvandring', 'Fältassistenter går', 'Ryms inte i budgeten', 'Sex kvällar', 'Nätverksmöte', 'Medborgarlöfte 2026', 'Trygghetsvandring']) {
      expect(all).not.toContain(text);
    }
    for (const p of [anna, sara, olle, filip, stina]) expect(all).not.toContain(p.name);
  });
});

describe('action reminders', () => {
  it('reminds the owner in personal chat and the channel once per day, and not again after a restart', async () => {
    const connector = new ConnectorStandIn();
    await connector.start();
    connector.addPeople(anna, filip, olle);
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-actions-')), 'cosmos.json');
    const clock = movableClock('2026-03-10T09:00:00Z');
    const c = { serviceUrl: connector.url };
    let bot = await startBot({ dataFile, clock });
    try {
      await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
      await setMember(bot, connector, ytterby, anna, filip, 'fritid');
      await setMember(bot, connector, ytterby, anna, olle, 'polis');
      // Filip has talked to the bot in personal chat, Olle has not.
      await bot.post(message(filip, personalOf(filip), 'hjälp', c));
      const forFilip = await propose(bot, connector, anna, ytterby, baseForm(filip, { dueDate: '2026-03-12' }));
      const forOlle = await propose(bot, connector, anna, ytterby, baseForm(olle, { title: 'Trygghetsvandring', area: 'Ytterby', agency: 'polis', dueDate: '2026-03-12' }));
      for (const a of [forFilip, forOlle]) await bot.post(execute(anna, ytterby, 'actions.approve', { actionId: a.actionId }, { ...c, replyToId: a.cardId }));
      await connector.waitFor((all) => [forFilip, forOlle].every((a) => puts(all, a.cardId).some((x) => putText(x).includes('Godkänd av'))));
      connector.clear();

      const day = new Date('2026-03-10T07:00:00Z');
      await bot.bot.jobs.run(REMINDER_JOB, day);
      await bot.bot.jobs.run(REMINDER_JOB, day);
      const personal = connector.sentTo(`a:personal-${filip.id}`);
      expect(personal).toHaveLength(1);
      expect(personal[0].body.text).toContain('ska vara klar 12 mars 2026');
      const channel = connector.sentTo('19:general-ytterby@thread.tacv2');
      expect(channel).toHaveLength(2);
      const toOlle = channel.find((a) => a.body.text?.includes('<at>Olle Polis</at>'));
      expect(toOlle?.body.entities).toEqual([{ type: 'mention', text: '<at>Olle Polis</at>', mentioned: { id: olle.id, name: 'Olle Polis' } }]);
      expect(channel.some((a) => a.body.text?.includes('(ansvarig: Filip Fritid)'))).toBe(true);
      expect(connector.sentTo(`a:personal-${olle.id}`)).toHaveLength(0);

      // Nothing the day after (one day before due); no reminder for an action that is not approved.
      await bot.bot.jobs.run(REMINDER_JOB, new Date('2026-03-11T07:00:00Z'));
      expect(connector.activities).toHaveLength(3);

      await bot.stop();
      bot = await startBot({ dataFile, clock });
      await bot.bot.jobs.run(REMINDER_JOB, day);
      expect(connector.activities).toHaveLength(3);

      // Overdue: reminded again on a later day.
      clock.set('2026-03-13T07:00:00Z');
      await bot.bot.jobs.run(REMINDER_JOB, new Date('2026-03-13T07:00:00Z'));
      expect(connector.sentTo(`a:personal-${filip.id}`).at(-1)?.body.text).toContain('är försenad');
      expect(connector.activities).toHaveLength(6);
      const claim = await new Claims(bot.store).get(`reminder:${forFilip.actionId}:2026-03-10`);
      expect(claim).toMatchObject({ kind: 'reminder', state: 'done', attempts: 1 });
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});
