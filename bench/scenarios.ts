/** The activities the benchmark sends: plain echo turns, and Trygg's real commands and card invokes. */

const TENANT = '6f1c2a55-0000-4000-8000-000000000001';
const TEAM = '19:team-bench@thread.tacv2';
const CHANNEL = '19:general-bench@thread.tacv2';
const BOT = { id: '28:trygg-bot', name: 'Trygg' };

const person = (n: number, name: string) => ({
  id: `29:bench-${n}`,
  aadObjectId: `b0b0b0b0-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  name,
  userPrincipalName: `user${n}@bench.example`
});
const coordinator = person(1, 'Bench Samordnare');
/** The bench team's group id: its key is a valid Cosmos id, so it is used as is (see safeId). */
const GROUP_ID = `team:${TEAM}`;
const members = Array.from({ length: 50 }, (_, i) => person(100 + i, `Medlem ${i}`));

export interface Scenario {
  name: string;
  /**
   * Text the reply must contain (a card heading, a seeded title), checked once before the scenario is
   * timed: a scenario that answers an error or a refusal measures nothing.
   */
  expect: string;
  activity(conversation: number, turn: number): Record<string, unknown>;
  /**
   * A turn that happens once per item (approving a proposal): timed runs first make fresh items
   * (bench/approvals.ts) and then time exactly that many turns, each taking one.
   */
  oncePerItem?: true;
}

/** Texts of refusals and errors: a checked reply must contain none of them. */
export const REFUSALS = ['försök igen', 'används i en teamkanal', 'hittar inget', 'finns inte', 'inte behörig', 'Du är inte med', 'Kontrollera', 'Något gick fel'];

/** Whether `reply` (everything the bot answered to one activity, as JSON) is the scenario's answer. */
export function checkReply(scenario: Scenario, reply: string): string | undefined {
  if (!reply.includes(scenario.expect)) return `"${scenario.name}" did not answer "${scenario.expect}": ${reply.slice(0, 400)}`;
  const refused = REFUSALS.find((r) => reply.toLowerCase().includes(r.toLowerCase()));
  return refused ? `"${scenario.name}" answered a refusal ("${refused}"): ${reply.slice(0, 400)}` : undefined;
}

function personal(serviceUrl: string, conversation: number, text: string) {
  const from = members[conversation % members.length];
  return {
    type: 'message',
    id: `act-${conversation}-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    text,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:bench-personal-${conversation % members.length}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } }
  };
}

export function channelMessage(serviceUrl: string, from: typeof coordinator, text: string) {
  return {
    type: 'message',
    id: `act-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    text: `<at>Trygg</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Trygg</at>', mentioned: BOT }],
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `${CHANNEL};messageid=${Math.floor(Math.random() * 1e9)}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: TEAM }, channel: { id: CHANNEL } }
  };
}

export function channelInvoke(serviceUrl: string, from: typeof coordinator, verb: string, data: Record<string, unknown>) {
  const { text: _text, entities: _e, ...base } = channelMessage(serviceUrl, from, '');
  return { ...base, type: 'invoke', name: 'adaptiveCard/action', replyToId: 'm-card', value: { action: { type: 'Action.Execute', verb, data } } };
}

/** `activity` moved to the general channel of another team `team` (other groups of the same tenant). */
export function inTeam<T extends Record<string, unknown>>(activity: T, team: string): T {
  const channel = `19:general-${team}@thread.tacv2`;
  return {
    ...activity,
    conversation: { id: `${channel};messageid=${Math.floor(Math.random() * 1e9)}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: `19:${team}@thread.tacv2` }, channel: { id: channel } }
  };
}

/** The group id of team `team` registered through `inTeam` (its key is a valid Cosmos id, used as is). */
export const groupIdOfTeam = (team: string) => `team:19:${team}@thread.tacv2`;

export const SCENARIOS = {
  roster: [coordinator, ...members],
  groupId: GROUP_ID,
  echo: (serviceUrl: string): Scenario => ({ name: 'echo', expect: 'hej', activity: (c) => ({ ...personal(serviceUrl, c, 'hej') }) }),
  /**
   * Trygg's read turns, in a channel and in personal chat, each from one of 50 registered members.
   * `medlemmar` and `insatser` exist only in a group's conversation (in personal chat the bot answers that
   * they are used in a channel), so personal chat has `mina insatser` instead and no roster turn.
   */
  reads: (serviceUrl: string): Scenario[] => [
    { name: 'medlemmar (channel)', expect: 'Medlemmar i SSPF Bench', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'medlemmar') },
    { name: 'lägesbild Ytterby (channel)', expect: 'Lägesbild: Ytterby', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'lägesbild Ytterby') },
    { name: 'insatser (channel)', expect: 'Fältvandring', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'insatser') },
    { name: 'försenade (channel)', expect: 'Försenade insatser', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'försenade') },
    { name: 'nästa möte (channel)', expect: 'Bench-möte', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'nästa möte') },
    { name: 'lägesbild Ytterby (personal chat)', expect: 'Lägesbild: Ytterby', activity: (c) => personal(serviceUrl, c, 'lägesbild Ytterby') },
    { name: 'försenade (personal chat)', expect: 'Försenade insatser', activity: (c) => personal(serviceUrl, c, 'försenade') },
    { name: 'nästa möte (personal chat)', expect: 'Bench-möte', activity: (c) => personal(serviceUrl, c, 'nästa möte') },
    { name: 'mina insatser (personal chat)', expect: 'Mina insatser', activity: (c) => personal(serviceUrl, c, 'mina insatser') }
  ],
  /** Turns that write or audit, and the store-free floor (`hjälp`). */
  others: (serviceUrl: string): Scenario[] => [
    { name: 'hjälp (personal chat)', expect: 'det här kan jag', activity: (c) => personal(serviceUrl, c, 'hjälp') },
    {
      name: 'Visa detaljer: consent check (card invoke)',
      expect: 'K-',
      activity: (c) => channelInvoke(serviceUrl, members[(c % 12) * 4 + 1], 'cases.view', { groupId: GROUP_ID, caseId: seeded.caseIds[c % seeded.caseIds.length] ?? 'K-2026-001' })
    },
    {
      name: 'approve an action (card invoke)',
      expect: 'Godkänd',
      oncePerItem: true,
      activity: (c) => {
        // A fresh proposal when the run has a supply (bench/approvals.ts): a real decision, which writes.
        // Otherwise one of the seeded 20, decided on its first click: later clicks answer the stored decision.
        const fresh = freshProposals.shift();
        if (fresh) return { ...inTeam(channelInvoke(serviceUrl, coordinator, 'actions.approve', { actionId: fresh.actionId }), fresh.team), replyToId: fresh.cardId };
        const p = seeded.proposed[c % Math.max(1, seeded.proposed.length)] ?? { actionId: 'none-none', cardId: 'm-card' };
        return { ...channelInvoke(serviceUrl, coordinator, 'actions.approve', { actionId: p.actionId }), replyToId: p.cardId };
      }
    }
  ],
  trygg: (serviceUrl: string): Scenario[] => [...SCENARIOS.others(serviceUrl).slice(0, 1), ...SCENARIOS.reads(serviceUrl), ...SCENARIOS.others(serviceUrl).slice(1)]
};

/**
 * The bot as the seeding sees it: over HTTP to a forked Trygg with the bench connector, or in process
 * with the test connector stand-in.
 */
export interface BotPort {
  /** Posts one activity; resolves with the invoke response's body (undefined for a message). */
  send(activity: Record<string, unknown>): Promise<unknown>;
  /** What the bot sent to the connector since `clear` (ids and bodies). */
  sent(): Promise<Array<{ activityId?: string; method: string; body: unknown }>>;
  clear(): Promise<void>;
}

/** Everything the bot answered to `activity` (the invoke response and what it sent), as one JSON text. */
export async function replyTo(port: BotPort, activity: Record<string, unknown>): Promise<string> {
  await port.clear();
  const body = await port.send(activity);
  // A reply may be sent just after the HTTP turn ends, or well after it when a slow turn answered with
  // a typing indicator first: wait (up to 10 s) for an invoke response or a message.
  for (let waited = 0; ; waited += 30) {
    await new Promise((r) => setTimeout(r, 30));
    const sent = await port.sent();
    const answered = body !== undefined || sent.some((a) => (a.body as { type?: string } | undefined)?.type === 'message');
    if (answered || waited >= 10_000) return JSON.stringify([body ?? null, ...sent.map((a) => a.body)]);
  }
}

/**
 * Proposals not yet decided, each taken once by the approval scenario (filled by bench/approvals.ts):
 * `team` is the team (`inTeam`) whose group holds it.
 */
export const freshProposals: Array<{ team: string; actionId: string; cardId: string }> = [];

/**
 * Types `command` and returns the id of the form the bot posted (create invokes are bound to it);
 * `team` moves the message to another team's channel (`inTeam`).
 */
export async function postedForm(port: BotPort, who: typeof coordinator, command: string, team?: string): Promise<string> {
  await port.clear();
  const message = channelMessage(currentServiceUrl, who, command);
  await port.send(team ? inTeam(message, team) : message);
  const form = (await port.sent()).filter((a) => a.method === 'POST' && JSON.stringify(a.body).includes('application/vnd.microsoft.card.adaptive')).at(-1);
  if (!form?.activityId) throw new Error(`seeding: no form was posted for "${command}"`);
  return form.activityId;
}

let currentServiceUrl = '';

/** Ids created by the seeding, used by the invoke scenarios (each proposal with the card it replaced). */
const seeded = { proposed: [] as Array<{ actionId: string; cardId: string }>, caseIds: [] as string[], approved: 0, meetingId: '' };

/** What the standard data set holds, for the report. */
export const STANDARD_SET = '1 SSPF group, 51 members, 40 situation updates, 40 actions (20 approved), 10 cases with consent, 1 confirmed meeting';

/**
 * The standard data set, created through the bot's own commands and card verbs (forms posted first,
 * as Teams does): the group and 50 members, 40 situation updates, 40 proposed actions of which the
 * first 20 are approved (the approval scenario decides the other 20 once, then answers with the decided
 * card), 10 cases with a consent covering skola, polis and socialtjänst (members 1, 5, 9 … are polis)
 * and one confirmed meeting. Fails loudly when anything was not created.
 */
export async function seedTrygg(port: BotPort, serviceUrl: string, group = { name: 'SSPF Bench' }): Promise<void> {
  currentServiceUrl = serviceUrl;
  const registered = JSON.stringify(await port.send(channelInvoke(serviceUrl, coordinator, 'groups.register', { kind: 'sspf', name: group.name, municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency: 'socialtjanst' })));
  if (!registered.includes(group.name)) throw new Error(`seeding: registration refused: ${registered.slice(0, 300)}`);
  const agencies = ['skola', 'polis', 'fritid', 'socialtjanst'];
  for (const [i, m] of members.entries()) {
    await port.send(channelInvoke(serviceUrl, coordinator, 'groups.setMember', { userId: m.aadObjectId, agency: agencies[i % 4], role: 'medlem' }));
  }
  await seedBenchUpdates(port, serviceUrl, members);
  await seedBenchActionsAndCases(port, serviceUrl);
  await seedBenchMeeting(port, serviceUrl);
}

/** 40 proposed actions (20 approved here) and 10 cases with consent. */
export async function seedBenchActionsAndCases(port: BotPort, serviceUrl: string): Promise<void> {
  currentServiceUrl = serviceUrl;
  seeded.proposed.length = 0;
  seeded.caseIds.length = 0;
  const due = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  const approvedNow: Array<{ actionId: string; cardId: string }> = [];
  for (let i = 0; i < 40; i++) {
    const owner = members[(i % 12) * 4 + 2];
    const cardId = await postedForm(port, owner, 'insats ny');
    const res = await port.send({
      ...channelInvoke(serviceUrl, owner, 'actions.propose', {
        formVersion: 1, title: `Fältvandring ${i}`, description: 'Kvällstid.', level: 'generell', area: '', casePseudonym: '',
        agency: 'fritid', ownerId: owner.aadObjectId, dueDate: due, promiseId: ''
      }),
      replyToId: cardId
    });
    const actionId = JSON.stringify(res).match(/"actionId":"([A-Za-z0-9-]+)"/)?.[1];
    if (!actionId) throw new Error(`seeding: proposal ${i} refused: ${JSON.stringify(res).slice(0, 300)}`);
    (i < 20 ? approvedNow : seeded.proposed).push({ actionId, cardId });
  }
  for (const a of approvedNow) {
    const res = JSON.stringify(await port.send({ ...channelInvoke(serviceUrl, coordinator, 'actions.approve', { actionId: a.actionId }), replyToId: a.cardId }));
    if (!res.includes('Godkänd')) throw new Error(`seeding: approval refused: ${res.slice(0, 300)}`);
  }
  const social = members[3];
  for (let i = 0; i < 10; i++) {
    const form = await postedForm(port, social, 'ärende ny');
    const res = await port.send({ ...channelInvoke(serviceUrl, social, 'cases.create', { name: `Fiktiv Person ${i}`, birthYear: 2012, area: 'Ytterby', concern: 'Oro för frånvaro' }), replyToId: form });
    const caseId = JSON.stringify(res).match(/K-\d{4}-\d{3,}/)?.[0];
    if (!caseId) throw new Error(`seeding: case ${i} refused: ${JSON.stringify(res).slice(0, 300)}`);
    seeded.caseIds.push(caseId);
    const consentForm = await postedForm(port, social, `samtycke ${caseId}`);
    const consent = JSON.stringify(
      await port.send({
        ...channelInvoke(serviceUrl, social, 'cases.consent', { groupId: GROUP_ID, caseId, guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', scope: 'skola,polis,socialtjanst', signedAt: today, validUntil: '', archiveRef: 'Pärm 1' }),
        replyToId: consentForm
      })
    );
    if (!consent.includes('registrerat')) throw new Error(`seeding: consent for ${caseId} refused: ${consent.slice(0, 300)}`);
  }
}

/** Posts 40 situation updates through the update form, spread over two areas. */
export async function seedBenchUpdates(port: BotPort, serviceUrl: string, authors: Array<typeof coordinator>): Promise<void> {
  currentServiceUrl = serviceUrl;
  const categories = ['narkotika', 'vald', 'skadegorelse', 'rekrytering'];
  const trends = ['okande', 'oforandrad', 'minskande'];
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < 40; i++) {
    const author = authors[i % authors.length];
    const form = await postedForm(port, author, 'lägesbild ny');
    const res = JSON.stringify(
      await port.send({
        ...channelInvoke(serviceUrl, author, 'updates.submit', {
          draftId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          area: i % 2 ? 'Ytterby' : 'Kareby',
          category: categories[i % 4],
          trend: trends[i % 3],
          level: 'generell',
          observedOn: today,
          text: `Observation nummer ${i} vid centrum`
        }),
        replyToId: form
      })
    );
    if (!res.includes('application/vnd.microsoft.card.adaptive') || /kontrollera|försök igen/i.test(res)) throw new Error(`seeding: update ${i} refused: ${res.slice(0, 300)}`);
  }
}

/** One meeting proposed through the meeting form and confirmed by the coordinator. */
export async function seedBenchMeeting(port: BotPort, serviceUrl: string): Promise<void> {
  currentServiceUrl = serviceUrl;
  const day = (d: number) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
  let last = '';
  // A holiday or weekend on a proposed date is refused: try a few pairs of days.
  for (const offset of [8, 9, 10, 15, 16]) {
    const poll = await postedForm(port, coordinator, 'möte');
    const proposal = { type: 'sspf', title: 'Bench-möte', place: 'Skolan', online: 'false', agenda: '', cadence: 'none', date1: day(offset), time1: '10:00', duration1: '60', date2: day(offset + 1), time2: '10:00', duration2: '60' };
    last = JSON.stringify(await port.send({ ...channelInvoke(serviceUrl, coordinator, 'meetings.propose', proposal), replyToId: poll }));
    const meetingId = last.match(/"meetingId":"(m-[^"]+)"/)?.[1];
    if (!meetingId) continue;
    last = JSON.stringify(await port.send({ ...channelInvoke(serviceUrl, coordinator, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }), replyToId: poll }));
    if (/försök igen|kontrollera/i.test(last)) throw new Error(`seeding: meeting not confirmed: ${last.slice(0, 300)}`);
    seeded.meetingId = meetingId;
    return;
  }
  throw new Error(`seeding: no meeting could be proposed: ${last.slice(0, 300)}`);
}

/** A port to a bot running in this process (`createApp(...).handle`) with the test connector stand-in. */
export function inProcessPort(handle: (activity: unknown) => Promise<{ body?: unknown } | undefined>, connector: { activities: Array<{ activityId?: string; method: string; body: unknown }>; clear(): void }): BotPort {
  return {
    send: async (a) => (await handle(a))?.body,
    sent: async () => [...connector.activities],
    clear: async () => connector.clear()
  };
}

/** A port to a forked bot over HTTP, with the bench connector (bench/connector-server.ts). */
export function httpPort(url: string, connectorUrl: string): BotPort {
  return {
    send: async (activity) => {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      const text = await res.text();
      if (!res.ok) throw new Error(`bench: ${res.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    sent: async () => (await (await fetch(`${connectorUrl}/recent`)).json()) as Array<{ activityId?: string; method: string; body: unknown }>,
    clear: async () => void (await fetch(`${connectorUrl}/clear`))
  };
}
