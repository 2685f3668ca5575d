/**
 * `npm run seed:demo`: fills the embedded store's data file with a wholly fictional Kungälv data set,
 * created through the bot's own card verbs (the same code path users take), so a newcomer sees a living
 * bot in `npm run playground` at once. The ids of the Playground's team, group chat and users
 * (scripts/playground.yml) are used, so the seeded groups are the ones the Playground shows.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import pino from 'pino';
import { createApp, type Bot } from '../app';
import { loadConfig } from '../config';
import { openStore } from '../store/store';

const TENANT = '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70';
const BOT = { id: '28:3f1a9c2e-8b7d-4e6f-a5c4-1b2d3e4f5a60', name: 'Trygg' };

interface Person {
  id: string;
  aadObjectId: string;
  name: string;
  userPrincipalName: string;
  userRole?: 'user' | 'guest';
}
const person = (n: number, name: string, userRole: 'user' | 'guest' = 'user'): Person => {
  const aad = `a1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id: aad, aadObjectId: aad, name, userPrincipalName: `${name.toLowerCase().replace(/ /g, '.')}@example.se`, userRole };
};
/** The Playground's fictional people (scripts/playground.yml) plus a few more for the other teams. */
export const DEMO_PEOPLE = {
  anna: person(1, 'Anna Samordnare'),
  sara: person(2, 'Sara Skola'),
  olle: person(3, 'Olle Polis'),
  filip: person(4, 'Filip Fritid'),
  stina: person(5, 'Stina Socialtjanst'),
  gustav: person(6, 'Gustav Gast', 'guest'),
  karin: person(7, 'Karin Kurator'),
  per: person(8, 'Per Fältassistent')
};

type Place = { team: string; channel: string } | { chat: string };
const YTTERBY: Place = { team: 'team-sspf-ytterby', channel: 'channel-ytterby-samverkan' };
const STYRGRUPP: Place = { chat: 'group-chat-styrgrupp' };
const OTHER_TEAMS = ['Kareby', 'Kungälv centrum', 'Marstrand'].map((area) => ({
  area,
  place: { team: `team-sspf-${area.toLowerCase().replace(/[^a-z]/g, '')}`, channel: `channel-${area.toLowerCase().replace(/[^a-z]/g, '')}` } as Place
}));

/** A stand-in for the Bot Connector while seeding: answers roster look-ups and accepts every send. */
/**
 * The seed's stand-in Bot Connector: `replyTo` is the id it gave the message the bot sent in reply to a
 * typed message (a posted form: cards are bound to it). Card updates (PUT) keep their message's id.
 */
export interface SeedConnector {
  url: string;
  replyTo(typedId: string): string | undefined;
  /** The body the bot posted as message `id` (a posted form: the seed reads choices' ids from it). */
  posted(id: string): string | undefined;
  stop(): Promise<void>;
}

async function startConnector(people: Person[]): Promise<SeedConnector> {
  const byId = new Map(people.flatMap((p) => [[p.id, p] as const, [p.aadObjectId, p] as const]));
  let n = 0;
  const replies = new Map<string, string>();
  const bodies = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => void (body += chunk.toString('utf8')));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const member = decodeURIComponent(req.url ?? '').match(/\/members\/([^/?]+)$/);
      if (req.method === 'GET' && member) {
        const p = byId.get(member[1]);
        res.statusCode = p ? 200 : 404;
        return res.end(JSON.stringify(p ?? { error: { code: 'NotFound' } }));
      }
      const path = decodeURIComponent((req.url ?? '').split('?')[0]);
      const onMessage = path.match(/\/v3\/conversations\/[^/]+\/activities\/([^/]+)$/);
      if (req.method === 'PUT' && onMessage) return res.end(JSON.stringify({ id: onMessage[1] }));
      const id = `seed-${++n}`;
      if (req.method === 'POST' && onMessage) replies.set(onMessage[1], id);
      if (req.method === 'POST') bodies.set(id, body);
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replyTo: (typedId) => replies.get(typedId),
    posted: (id) => bodies.get(id),
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    }
  };
}

function activity(serviceUrl: string, from: Person, place: Place, extra: Record<string, unknown>) {
  const where =
    'team' in place
      ? {
          conversation: { id: `${place.channel};messageid=${Date.now()}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
          channelData: { tenant: { id: TENANT }, team: { id: place.team }, channel: { id: place.channel } }
        }
      : { conversation: { id: place.chat, conversationType: 'groupChat', isGroup: true, tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
  return { id: `seed-${Math.random()}`, channelId: 'msteams', serviceUrl, locale: 'sv-SE', from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId }, recipient: BOT, ...where, ...extra };
}

/** Counts of what was created, for the caller and the test. */
export interface SeedReport {
  groups: number;
  members: number;
  updates: number;
  actions: number;
  promises: number;
  meetings: number;
  cases: number;
  consents: number;
}

/** Creates the demo data through the bot's verbs. `now` decides the dates (updates over the last months). */
export async function seedDemo(bot: Bot, connector: Pick<SeedConnector, 'url' | 'replyTo' | 'posted'>, now: Date): Promise<SeedReport> {
  const serviceUrl = connector.url;
  const { anna, sara, olle, filip, stina, gustav, karin, per } = DEMO_PEOPLE;
  const report: SeedReport = { groups: 0, members: 0, updates: 0, actions: 0, promises: 0, meetings: 0, cases: 0, consents: 0 };
  const invoke = async (from: Person, place: Place, verb: string, data: Record<string, unknown>, replyToId = `card-${Math.random()}`) => {
    const res = await bot.handle(activity(serviceUrl, from, place, { type: 'invoke', name: 'adaptiveCard/action', replyToId, value: { action: { type: 'Action.Execute', verb, data } } }) as never, '');
    const body = JSON.stringify(res?.body ?? '');
    if (res?.status !== 200 || /application\/vnd\.microsoft\.error/.test(body)) throw new Error(`seeding: ${verb} was refused: ${body.slice(0, 300)}`);
    return body;
  };
  /** A chat command @mentioning the bot, as typed in a channel or group chat. */
  const say = async (from: Person, place: Place, text: string): Promise<string> => {
    const typed = activity(serviceUrl, from, place, { type: 'message', text: `<at>Trygg</at> ${text}`, entities: [{ type: 'mention', text: '<at>Trygg</at>', mentioned: BOT }] });
    const res = await bot.handle(typed as never, '');
    if (res && res.status !== 200) throw new Error(`seeding: "${text}" failed with ${res.status}`);
    return typed.id;
  };
  /** Types the command that posts a create form and returns the form's message id: creates are bound to it. */
  const form = async (from: Person, place: Place, command: string): Promise<string> => {
    const formId = connector.replyTo(await say(from, place, command));
    if (!formId) throw new Error(`seeding: "${command}" posted no form`);
    return formId;
  };
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86400000).toISOString().slice(0, 10);

  // Groups and members.
  await invoke(anna, STYRGRUPP, 'groups.register', { kind: 'styrgrupp', name: 'Trygg i Kungälv', municipality: 'Kungälv', areas: 'Kungälv', language: 'sv', agency: 'annan' }, await form(anna, STYRGRUPP, 'registrera'));
  await invoke(anna, YTTERBY, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency: 'socialtjanst' }, await form(anna, YTTERBY, 'registrera'));
  report.groups = 2;
  report.members = 2;
  for (const [p, agency, role] of [[sara, 'skola', 'medlem'], [olle, 'polis', 'medlem'], [filip, 'fritid', 'medlem'], [stina, 'socialtjanst', 'samordnare'], [gustav, 'annan', 'medlem']] as const) {
    await invoke(anna, YTTERBY, 'groups.setMember', { userId: p.aadObjectId, agency, role });
    report.members++;
  }
  await invoke(anna, STYRGRUPP, 'groups.setMember', { userId: olle.aadObjectId, agency: 'polis', role: 'samordnare' });
  report.members++;
  for (const { area, place } of OTHER_TEAMS) {
    await invoke(karin, place, 'groups.register', { kind: 'sspf', name: `SSPF ${area}`, municipality: 'Kungälv', areas: area, language: 'sv', agency: 'skola' }, await form(karin, place, 'registrera'));
    await invoke(karin, place, 'groups.setMember', { userId: per.aadObjectId, agency: 'fritid', role: 'medlem' });
    report.groups++;
    report.members += 2;
  }
  // The steering group reaches the SSPF groups only through links (counts and trends, never texts).
  await say(anna, YTTERBY, 'koppla Trygg i Kungälv');
  for (const { place } of OTHER_TEAMS) await say(karin, place, 'koppla Trygg i Kungälv');

  // Situation updates over the last three months.
  const observations: Array<[Person, string, string, string, string]> = [
    [filip, 'Ytterby', 'narkotika', 'okande', 'Fler ungdomar samlas vid pendelstationen på fredagskvällar, lukt av cannabis.'],
    [olle, 'Ytterby', 'vald', 'oforandrad', 'Två anmälda misshandelsfall i centrum under helgen, inga nya mönster.'],
    [sara, 'Kareby', 'skolfranvaro', 'okande', 'Ökad ogiltig frånvaro i årskurs 8 efter sportlovet.'],
    [filip, 'Kareby', 'otrygg_plats', 'minskande', 'Belysningen vid gångtunneln är lagad, färre samlas där.'],
    [olle, 'Ytterby', 'rekrytering', 'okande', 'Signaler om att äldre försöker värva yngre till att springa ärenden.'],
    [sara, 'Ytterby', 'skadegorelse', 'minskande', 'Mindre klotter på skolgården sedan kameran sattes upp.']
  ];
  for (let i = 0; i < 24; i++) {
    const [who, area, category, trend, text] = observations[i % observations.length];
    await invoke(who, YTTERBY, 'updates.submit', { draftId: `5eed0000-0000-4000-8000-${String(i).padStart(12, '0')}`, area, category, trend, level: i % 3 === 0 ? 'selektiv' : 'generell', observedOn: day(-4 * i), text }, await form(who, YTTERBY, 'lägesbild ny'));
    report.updates++;
  }

  // A citizen promise of the steering group, and actions in every state, some linked to it.
  const promise = await invoke(olle, STYRGRUPP, 'promises.create', {
    title: 'Medborgarlöfte Kungälv 2026', policeArea: 'Lokalpolisområde Kungälv', periodStart: day(-60), periodEnd: day(300),
    commitments: '- Gemensamma trygghetsvandringar varje månad\n- Fältarbete fredagskvällar i Ytterby\n- Föräldramöten om narkotika i årskurs 7–9'
  });
  report.promises = 1;
  // The promise card names no id; the action form offers the promise as a choice whose value is its id.
  const choices = connector.posted((await form(anna, YTTERBY, 'insats ny')) ?? '') ?? '';
  const promiseId = /"title":"Medborgarlöfte Kungälv 2026","value":"([0-9a-f-]{36})"/.exec(choices)?.[1] ?? '';
  if (!promise || !promiseId) throw new Error('seeding: the citizen promise cannot be linked to actions');
  const proposals = [
    { title: 'Extra fältvandring vid pendelstationen fredagar', agency: 'fritid', owner: filip, area: 'Ytterby', then: ['approve', 'start'] },
    { title: 'Föräldramöte om narkotika i årskurs 8', agency: 'skola', owner: sara, area: 'Ytterby', then: ['approve', 'start', 'done'] },
    { title: 'Samtal med fastighetsägaren om belysning', agency: 'socialtjanst', owner: stina, area: 'Kareby', then: ['approve'] },
    { title: 'Polisens närvaro vid skolavslutningen', agency: 'polis', owner: olle, area: 'Ytterby', then: ['approve', 'cancel'] },
    { title: 'Kameraövervakning av hela centrum', agency: 'polis', owner: olle, area: 'Ytterby', then: ['reject'] },
    { title: 'Läxhjälp på fritidsgården tisdagar', agency: 'fritid', owner: filip, area: 'Kareby', then: [] }
  ];
  for (const [i, p] of proposals.entries()) {
    const formId = await form(p.owner, YTTERBY, 'insats ny');
    const body = await invoke(p.owner, YTTERBY, 'actions.propose', {
      formVersion: 1, title: p.title, description: 'Enligt beslut på SSPF-mötet.', level: 'selektiv', area: p.area, casePseudonym: '', agency: p.agency,
      ownerId: p.owner.aadObjectId, dueDate: day(10 + i * 7), promiseId: i < 3 ? promiseId : ''
    }, formId);
    const actionId = body.match(/"actionId":"([A-Za-z0-9-]+)"/)?.[1];
    if (!actionId) throw new Error('seeding: an action got no id');
    for (const step of p.then) {
      const who = step === 'approve' || step === 'reject' ? anna : p.owner;
      await invoke(who, YTTERBY, `actions.${step}`, { actionId, note: step === 'done' ? '45 föräldrar kom.' : step === 'reject' ? 'Inte proportionerligt.' : step === 'cancel' ? 'Ersatt av fältvandring.' : '' }, formId);
    }
    report.actions++;
  }

  // A meeting that is confirmed, and a proposal still open.
  /** `n` distinct weekdays from `offset` days ahead. */
  const weekdays = (offset: number, n: number) => {
    const out: string[] = [];
    for (let d = offset; out.length < n; d++) if (![0, 6].includes(new Date(now.getTime() + d * 86400000).getUTCDay())) out.push(day(d));
    return out;
  };
  const [m1a, m1b] = weekdays(5, 2);
  const [m2a, m2b] = weekdays(20, 2);
  const poll1 = await form(anna, YTTERBY, 'möte');
  const confirmed = await invoke(anna, YTTERBY, 'meetings.propose', {
    type: 'sspf', title: 'SSPF-möte Ytterby', place: 'Ytterby skola, rum 12', online: 'true', agenda: '- Läget vid stationen\n- Sommarlovet', cadence: 'biweekly',
    date1: m1a, time1: '14:00', duration1: '60', date2: m1b, time2: '14:00', duration2: '60'
  }, poll1);
  const meetingId = confirmed.match(/"meetingId":"(m-[^"]+)"/)?.[1];
  if (!meetingId) throw new Error('seeding: the meeting proposal was refused (a holiday among the chosen days?)');
  {
    for (const p of [sara, olle, filip]) await invoke(p, YTTERBY, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, poll1);
    await invoke(anna, YTTERBY, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, poll1);
    report.meetings++;
  }
  const poll2 = await form(anna, YTTERBY, 'möte');
  const open = await invoke(anna, YTTERBY, 'meetings.propose', {
    type: 'natverk', title: 'Nätverksmöte', place: 'Familjecentralen', online: 'false', agenda: '', cadence: 'none',
    date1: m2a, time1: '09:00', duration1: '90', date2: m2b, time2: '13:00', duration2: '90'
  }, poll2);
  if (/"meetingId"/.test(open)) report.meetings++;
  else throw new Error('seeding: the open meeting proposal was refused (a holiday among the chosen days?)');

  // Individual cases: one with a consent covering skola, polis and socialtjänst, one without.
  for (const [i, c] of [
    { name: 'Elvira Exempel', birthYear: now.getUTCFullYear() - 13, concern: 'Ökad frånvaro och setts i sällskap med äldre vid stationen.' },
    { name: 'Noah Påhittad', birthYear: now.getUTCFullYear() - 15, concern: 'Utåtagerande på fritidsgården.' }
  ].entries()) {
    // A case is created from the form the bot posted (invokes are bound to the card they came from).
    const formId = await form(stina, YTTERBY, 'ärende ny');
    const body = await invoke(stina, YTTERBY, 'cases.create', { ...c, area: 'Ytterby' }, formId);
    const caseId = body.match(/K-\d{4}-\d{3,}/)?.[0];
    if (!caseId) throw new Error('seeding: a case got no pseudonym');
    report.cases++;
    if (i === 0) {
      await invoke(stina, YTTERBY, 'cases.consent', {
        groupId: `team:${(YTTERBY as { team: string }).team}`, caseId, guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', matureEnough: 'false',
        scope: 'skola,polis,socialtjanst', signedAt: day(-10), validUntil: '', archiveRef: 'Socialtjänstens pärm 2026/14'
      }, formId);
      report.consents++;
    }
  }
  return report;
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  if (config.cosmos.endpoint) throw new Error('COSMOS_ENDPOINT is set: demo data is only for the embedded store, never a real database.');
  const file = config.embedded.dataFile;
  const logger = pino({ level: 'warn' });
  const store = await openStore({ cosmos: config.cosmos, embedded: { dataFile: file, snapshotMs: 1000 }, logger });
  const { resources: registered } = await store.container('groups').items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
  if ((registered[0] ?? 0) > 0 && !process.argv.includes('--force')) {
    await store.close();
    throw new Error(`${file} already has data. Run again with --force to add the demo data anyway, or remove its files (docs/storage.md).`);
  }
  const connector = await startConnector(Object.values(DEMO_PEOPLE));
  try {
    // The calendar links of the seeding turns go to the stand-in connector only, so a key for this run
    // is enough (and the bot need not warn that links stop working at restart).
    const seedConfig = { ...config, meetings: { ...config.meetings, icsSigningSecret: config.meetings.icsSigningSecret ?? randomBytes(32).toString('base64url') } };
    const bot = createApp(seedConfig, { store, logger, clock: { now: () => new Date() } });
    const report = await seedDemo(bot, connector, new Date());
    // Card updates go out after each invoke is answered: let them reach the stand-in before it stops.
    await outboundSettled(bot);
    console.log(
      `Demo data written to ${file}: ${report.groups} groups, ${report.members} members, ${report.updates} situation updates, ` +
        `${report.actions} actions, ${report.promises} citizen promise, ${report.meetings} meetings, ${report.cases} cases (${report.consents} with consent).\n` +
        'Start the bot with `npm run playground` and type `hjälp`.'
    );
  } finally {
    await connector.stop();
    await store.close();
  }
}

/**
 * Resolves once the outbound queue has been empty for a few consecutive polls (a card update is queued
 * a moment after the invoke that causes it); fails after `timeoutMs` rather than hanging.
 */
export async function outboundSettled(bot: Bot, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 5) {
    if (Date.now() > deadline) throw new Error(`card updates still queued after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 40));
    quiet = bot.outbound.stats().backlog === 0 && bot.outbound.stats().background === 0 ? quiet + 1 : 0;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error('seed:demo:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

export { startConnector };
