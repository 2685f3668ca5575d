import { Claims } from '../../src/store/claims';
import { GroupRepository } from '../../src/features/groups/group-repository';
import { SummaryRepository } from '../../src/features/summaries/repository';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { linkToSteering, registerGroup, setMember } from '../support/flows';
import { SEEDED_PERSONAL, seedData, seededSources } from '../support/summary-seed';
import { anna, cardText, execute, message, olle, personalOf, sara, styrgrupp, ytterby, type Place } from '../support/teams';

const SECRET = 'test-notify-secret-0123456789';
const MONDAY_0800 = new Date('2026-03-09T07:00:00Z');
const clock = { now: () => MONDAY_0800 };

const channel = (name: string): Place => ({ kind: 'channel', teamId: `19:team-${name}@thread.tacv2`, channelId: `19:general-${name}@thread.tacv2` });
const kareby = channel('kareby');
const channelOf = (p: Place) => (p as { channelId: string }).channelId;
const idOf = (p: Place) => GroupRepository.idFor(`team:${(p as { teamId: string }).teamId}`);

async function notify(bot: RunningBot, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${bot.url}/api/notify/weekly`, {
    method: 'POST',
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const bearer = { authorization: `Bearer ${SECRET}` };

/** Weekly summary cards (not previews or replies) posted to a channel for one week number. */
function summaries(connector: ConnectorStandIn, place: Place, week: number) {
  return ConnectorStandIn.cards(connector.sentTo(channelOf(place)).filter((a) => a.method === 'POST' && !a.replyToId)).filter((c) =>
    cardText(c).includes(`Veckosammanfattning vecka ${week} 2026`)
  );
}

async function optIn(bot: RunningBot, connector: ConnectorStandIn, place: Place) {
  const res = await bot.post(execute(anna, place, 'summaries.saveSettings', { enabled: 'true' }, { serviceUrl: connector.url }));
  if (cardText(res.body?.value).indexOf('sparade') < 0) throw new Error(`opt-in failed: ${JSON.stringify(res.body)}`);
}

describe('weekly summary end to end', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ env: { NOTIFY_SECRET: SECRET }, clock });
    await registerGroup(bot, connector, styrgrupp, anna, { kind: 'styrgrupp', name: 'Trygg i Kungälv', areas: 'Kungälv' });
    await registerGroup(bot, connector, ytterby, anna, { name: 'SSPF Ytterby', areas: 'Ytterby, Kareby' });
    await registerGroup(bot, connector, kareby, anna, { name: 'SSPF Kareby', areas: 'Kareby, Marstrand' });
    await setMember(bot, connector, styrgrupp, anna, sara, 'skola');
    // A steering group reaches only the SSPF groups linked to it.
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    await linkToSteering(bot, connector, kareby, anna, 'Trygg i Kungälv');
    for (const source of seededSources(seedData(idOf(ytterby), idOf(kareby)))) bot.bot.summarySources.replace(source);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    connector.faults = () => undefined;
  });

  it('answers 401 to the notify endpoint without the secret or with a wrong one, and sends nothing', async () => {
    expect((await notify(bot)).status).toBe(401);
    expect((await notify(bot, { 'x-trygg-notify-secret': 'wrong-secret-0123456789' })).status).toBe(401);
    expect((await notify(bot, { authorization: `Bearer ${SECRET}x` })).status).toBe(401);
    expect((await notify(bot, { authorization: SECRET })).status).toBe(401);
    expect(connector.activities).toHaveLength(0);
  });

  it("lets a coordinator preview this week's card in chat, without claiming or posting the weekly summary", async () => {
    await bot.post(message(anna, styrgrupp, 'sammanfattning', c()));
    const [card] = ConnectorStandIn.cards(connector.activities);
    const text = cardText(card);
    expect(text).toContain('Veckosammanfattning vecka 11 2026');
    expect(text).toContain('Förhandsvisning');
    expect(text).toMatch(/SSPF-grupper\n2/);
    expect(connector.activities[0].conversationId).toContain(';messageid='); // a reply in the thread, not a new post
    expect(await new Claims(bot.store).get(`summary:${idOf(styrgrupp)}:2026-W11`)).toBeUndefined();

    connector.clear();
    await bot.post(message(sara, styrgrupp, 'sammanfattning', c()));
    expect(connector.activities[0].body.text).toBe('Bara samordnare i gruppen kan göra det här.');
    connector.clear();
    await bot.post(message(anna, personalOf(anna), 'sammanfattning', c()));
    expect(connector.activities[0].body.text).toContain('inte i personlig chatt');
  });

  it("posts the past week's figures once to the steering group, with no personal data; triggering again posts nothing", async () => {
    const res = await notify(bot, bearer);
    expect(res).toEqual({ status: 200, body: { week: '2026-W10', groups: 1, results: { sent: 1 } } });
    const cards = summaries(connector, styrgrupp, 10);
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('2 mars – 8 mars 2026 · Trygg i Kungälv');
    expect(text).toMatch(/SSPF-grupper\n2/);
    // Issue 16 item 3: small counts in a steering group's roll-up are shown as "färre än 3".
    expect(text).toMatch(/Ytterby · Narkotika\nfärre än 3 ↑ ökande/);
    expect(text).toMatch(/Kareby · Våld\nfärre än 3 ↑ ökande/);
    expect(text).toMatch(/Försenade\n1/);
    expect(text).toMatch(/Löper ut inom 30 dagar\n1/);
    expect(text).toMatch(/Löfte 2\n1 av 4 insatser klara/);
    const json = JSON.stringify(cards[0]).toLowerCase();
    const logs = JSON.stringify(bot.logs).toLowerCase();
    for (const secret of SEEDED_PERSONAL) {
      expect(json).not.toContain(secret.toLowerCase());
      expect(logs).not.toContain(secret.toLowerCase());
    }
    // SSPF groups get their own card only when they opt in.
    expect(connector.sentTo(channelOf(ytterby))).toHaveLength(0);

    const again = await notify(bot, { 'x-trygg-notify-secret': SECRET });
    expect(again.body.results).toEqual({ alreadyClaimed: 1 });
    await bot.bot.jobs.run('summaries.weekly', MONDAY_0800);
    expect(summaries(connector, styrgrupp, 10)).toHaveLength(1);
  });

  it('lets an SSPF group opt in to its own card and a steering group choose which groups it rolls up', async () => {
    await bot.post(message(anna, ytterby, 'sammanfattning inställningar', c()));
    expect(JSON.stringify(ConnectorStandIn.cards(connector.activities)[0])).toContain('"verb":"summaries.saveSettings"');
    await optIn(bot, connector, ytterby);

    const refused = await bot.post(execute(sara, styrgrupp, 'summaries.saveSettings', { enabled: 'false' }, c()));
    expect(refused.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    expect((await bot.bot.repos.groups.get(idOf(styrgrupp)))?.summaries).toBe(true);

    const narrowed = await bot.post(
      execute(anna, styrgrupp, 'summaries.saveSettings', { enabled: 'true', rollUpAll: 'false', rollUpGroupIds: idOf(kareby) }, c())
    );
    expect(cardText(narrowed.body.value)).toContain('Inställningarna är sparade.');
    const empty = await bot.post(execute(anna, styrgrupp, 'summaries.saveSettings', { enabled: 'true', rollUpAll: 'false', rollUpGroupIds: '' }, c()));
    expect(cardText(empty.body.value)).toContain('Välj minst en grupp');

    connector.clear();
    const res = await notify(bot, bearer);
    expect(res.body.results).toEqual({ alreadyClaimed: 1, sent: 1 });
    const [own] = summaries(connector, ytterby, 10);
    expect(cardText(own)).toMatch(/Ytterby · Narkotika\n2 ↑ ökande/);
    expect(cardText(own)).not.toContain('Kareby · Våld'); // Kareby's own update is not Ytterby's
    expect(summaries(connector, styrgrupp, 10)).toHaveLength(0);

    connector.clear();
    await bot.post(message(anna, styrgrupp, 'sammanfattning', c()));
    expect(cardText(ConnectorStandIn.cards(connector.activities)[0])).toMatch(/SSPF-grupper\n1/);
    await bot.post(execute(anna, styrgrupp, 'summaries.saveSettings', { enabled: 'true', rollUpAll: 'true' }, c()));
  });

  it('retries a certainly failed send with the sweep and then posts it once', async () => {
    connector.faults = () => ({ status: 500 });
    const res = await notify(bot, bearer, { week: '2026-W09' });
    expect(res.body).toEqual({ week: '2026-W09', groups: 2, results: { failed: 2 } });
    expect(summaries(connector, styrgrupp, 9)).toHaveLength(0);

    connector.faults = () => undefined;
    await bot.post(message(anna, styrgrupp, 'sammanfattning status', c()));
    expect(cardText(ConnectorStandIn.cards(connector.activities)[0])).toContain('2026-W09: misslyckades, försöks igen');

    await bot.bot.jobs.run('summaries.sweep', new Date(MONDAY_0800.getTime() + 15 * 60_000));
    await bot.bot.jobs.run('summaries.sweep', new Date(MONDAY_0800.getTime() + 30 * 60_000));
    expect(summaries(connector, styrgrupp, 9)).toHaveLength(1);
    expect(summaries(connector, ytterby, 9)).toHaveLength(1);
    expect((await new Claims(bot.store).get(`summary:${idOf(styrgrupp)}:2026-W09`))?.state).toBe('done');
  });

  it('does not resend an uncertain outcome automatically; a coordinator resends it from the status card, once', async () => {
    connector.faults = (req) => (req.path.includes('general-trygg') ? { status: 502 } : undefined);
    const res = await notify(bot, bearer, { week: '2026-W08' });
    expect(res.body.results).toEqual({ uncertain: 1, sent: 1 });
    expect(summaries(connector, styrgrupp, 8)).toHaveLength(0);

    connector.faults = () => undefined;
    await bot.bot.jobs.run('summaries.sweep', new Date(MONDAY_0800.getTime() + 15 * 60_000));
    expect((await notify(bot, bearer, { week: '2026-W08' })).body.results).toEqual({ alreadyClaimed: 2 });
    expect(summaries(connector, styrgrupp, 8)).toHaveLength(0);

    connector.clear();
    await bot.post(message(anna, styrgrupp, 'sammanfattning status', c()));
    const status = ConnectorStandIn.cards(connector.activities)[0];
    expect(cardText(status)).toContain('2026-W08: osäkert om den kom fram');
    expect(JSON.stringify(status)).toContain('"verb":"summaries.resend","data":{"week":"2026-W08","lang":"sv"}');
    // The preview reminds coordinators too.
    connector.clear();
    await bot.post(message(anna, styrgrupp, 'sammanfattning', c()));
    expect(cardText(ConnectorStandIn.cards(connector.activities)[0])).toContain('1 vecka med osäkert utfall');

    const refused = await bot.post(execute(sara, styrgrupp, 'summaries.resend', { week: '2026-W08' }, c()));
    expect(refused.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    expect(summaries(connector, styrgrupp, 8)).toHaveLength(0);

    const resent = await bot.post(execute(anna, styrgrupp, 'summaries.resend', { week: '2026-W08' }, c()));
    expect(cardText(resent.body.value)).toContain('Sammanfattningen för 2026-W08 är skickad.');
    expect(cardText(resent.body.value)).toContain('2026-W08: skickad');
    const twice = await bot.post(execute(anna, styrgrupp, 'summaries.resend', { week: '2026-W08' }, c()));
    expect(cardText(twice.body.value)).toContain('redan skickad');
    expect(summaries(connector, styrgrupp, 8)).toHaveLength(1);

    const bad = await bot.post(execute(anna, styrgrupp, 'summaries.resend', { week: 'förra veckan' }, c()));
    expect(bad.body.statusCode).toBe(400);
  });

  it('marks a group whose bot was removed and skips it afterwards, with a log entry', async () => {
    connector.faults = (req) => (req.path.includes('general-ytterby') ? { status: 403 } : undefined);
    const res = await notify(bot, bearer, { week: '2026-W07' });
    expect(res.body.results).toEqual({ botRemoved: 1, sent: 1 });
    expect((await bot.bot.repos.groups.get(idOf(ytterby)))?.botRemovedAt).toBe(MONDAY_0800.toISOString());

    connector.faults = () => undefined;
    const next = await notify(bot, bearer, { week: '2026-W06' });
    expect(next.body.results).toEqual({ botRemoved: 1, sent: 1 });
    expect(summaries(connector, ytterby, 6)).toHaveLength(0);
    expect(summaries(connector, styrgrupp, 6)).toHaveLength(1);
    await bot.bot.jobs.run('summaries.sweep', new Date(MONDAY_0800.getTime() + 15 * 60_000));
    expect(summaries(connector, ytterby, 7)).toHaveLength(0);
    expect(bot.logs.some((l) => l.msg === 'weekly summary skipped: the bot was removed from the group' && l.groupId === idOf(ytterby))).toBe(true);
  });

  it('does not post again when an instance died while sending: the takeover marks the week uncertain', async () => {
    const groupId = idOf(styrgrupp);
    const key = `summary:${groupId}:2026-W11`;
    const claims = new Claims(bot.store);
    // Another instance claimed the week and started sending, then died (its 15-minute lease ran out).
    expect((await claims.acquire(key, 'summary', 'dead-instance', new Date(MONDAY_0800.getTime() - 20 * 60_000), 15 * 60_000)).acquired).toBe(true);
    await new SummaryRepository(bot.store).record(groupId, '2026-W11', 'sending', new Date(MONDAY_0800.getTime() - 19 * 60_000));

    await bot.bot.jobs.run('summaries.sweep', MONDAY_0800);
    expect(summaries(connector, styrgrupp, 11)).toHaveLength(0);
    expect((await claims.get(key))?.state).toBe('uncertain');
    expect((await new SummaryRepository(bot.store).delivery(groupId, '2026-W11'))?.state).toBe('uncertain');
  });

  it('rejects a malformed body with 400', async () => {
    expect((await notify(bot, bearer, { week: '2026-W99' })).status).toBe(400);
    expect((await notify(bot, bearer, { week: '2026-W10', extra: 1 })).status).toBe(400);
  });
});

describe('the notify endpoint without a configured secret', () => {
  it('is off: 404 even with a secret', async () => {
    const bot = await startBot({ clock });
    try {
      expect((await notify(bot)).status).toBe(404);
      expect((await notify(bot, bearer)).status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});

describe('three instances sharing one store', () => {
  const connector = new ConnectorStandIn();
  const bots: RunningBot[] = [];
  const places = [styrgrupp, ...Array.from({ length: 5 }, (_, i) => channel(`shared-${i}`))];

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
    bots.push(await startBot({ env: { NOTIFY_SECRET: SECRET }, clock }));
    bots.push(await startBot({ env: { NOTIFY_SECRET: SECRET }, clock, store: bots[0].store }));
    bots.push(await startBot({ env: { NOTIFY_SECRET: SECRET }, clock, store: bots[0].store }));
    await registerGroup(bots[0], connector, styrgrupp, anna, { kind: 'styrgrupp', name: 'Trygg i Kungälv', areas: 'Kungälv' });
    for (const [i, place] of places.slice(1).entries()) {
      await registerGroup(bots[i % 3], connector, place, anna, { name: `SSPF ${i}`, areas: 'Ytterby' });
      await optIn(bots[(i + 1) % 3], connector, place);
    }
    for (const b of bots) for (const s of seededSources(seedData(idOf(places[1]), idOf(places[2])))) b.bot.summarySources.replace(s);
    connector.clear();
  });
  afterAll(async () => {
    for (const b of [...bots].reverse()) await b.stop();
    await connector.stop();
  });

  it('trigger at the same moment (endpoint and cron) and post exactly one summary per group', async () => {
    const reports = await Promise.all([
      ...bots.map((b) => notify(b, bearer)),
      ...bots.map((b) => b.bot.jobs.run('summaries.weekly', MONDAY_0800).then(() => undefined))
    ]);
    const sent = reports.reduce((n, r) => n + (r?.body.results.sent ?? 0), 0);
    expect(sent).toBeLessThanOrEqual(places.length);
    for (const place of places) expect(summaries(connector, place, 10)).toHaveLength(1);
    expect(connector.activities).toHaveLength(places.length);
  });
});

describe('a municipality with 40 groups under Teams rate limits', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const places = Array.from({ length: 40 }, (_, i) => channel(`many-${i}`));

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
    bot = await startBot({ env: { NOTIFY_SECRET: SECRET }, clock });
    for (const [i, place] of places.entries()) {
      await registerGroup(bot, connector, place, anna, { name: `SSPF område ${i}`, areas: 'Ytterby' });
      await optIn(bot, connector, place);
    }
    connector.clear();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('gets every summary exactly once when every third request is answered 429 with Retry-After', async () => {
    let throttled = 0;
    connector.faults = (_req, n) => (n % 3 === 0 ? (throttled++, { status: 429, retryAfter: 1 }) : undefined);
    const res = await notify(bot, bearer);
    expect(res.body).toEqual({ week: '2026-W10', groups: 40, results: { sent: 40 } });
    expect(throttled).toBeGreaterThan(10);
    for (const place of places) expect(summaries(connector, place, 10)).toHaveLength(1);
    expect(connector.activities).toHaveLength(40);
  });
});
