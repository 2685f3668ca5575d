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
/** Ids created by the seeding, used by the invoke scenarios. */
const seeded = { actionIds: [] as string[], caseIds: [] as string[] };
const members = Array.from({ length: 50 }, (_, i) => person(100 + i, `Medlem ${i}`));

export interface Scenario {
  name: string;
  activity(conversation: number, turn: number): Record<string, unknown>;
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

export const SCENARIOS = {
  roster: [coordinator, ...members],
  echo: (serviceUrl: string): Scenario => ({ name: 'echo', activity: (c) => ({ ...personal(serviceUrl, c, 'hej') }) }),
  /** Trygg's command turns and card invokes, each from one of 50 registered members. */
  trygg: (serviceUrl: string): Scenario[] => [
    { name: 'hjälp (personal chat)', activity: (c) => personal(serviceUrl, c, 'hjälp') },
    { name: 'medlemmar (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'medlemmar') },
    { name: 'lägesbild Ytterby (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'lägesbild Ytterby') },
    { name: 'insatser (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'insatser') },
    { name: 'försenade (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'försenade') },
    { name: 'nästa möte (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'nästa möte') },
    { name: 'nästa möte (personal chat)', activity: (c) => personal(serviceUrl, c, 'nästa möte') },
    { name: 'mina insatser (personal chat)', activity: (c) => personal(serviceUrl, c, 'mina insatser') },
    {
      name: 'Visa detaljer: consent check (card invoke)',
      activity: (c) => channelInvoke(serviceUrl, members[(c % 12) * 4 + 1], 'cases.view', { groupId: GROUP_ID, caseId: seeded.caseIds[c % seeded.caseIds.length] ?? 'K-2026-001' })
    },
    {
      name: 'approve an action (card invoke)',
      activity: (c) => channelInvoke(serviceUrl, coordinator, 'actions.approve', { actionId: seeded.actionIds[c % seeded.actionIds.length] ?? 'none-none' })
    }
  ]
};

async function post(url: string, activity: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  if (!res.ok) throw new Error(`seeding failed: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Registers the bench team and its 50 members through the bot's own card verbs. */
export async function seedTrygg(url: string, serviceUrl: string): Promise<void> {
  await post(url, channelInvoke(serviceUrl, coordinator, 'groups.register', { kind: 'sspf', name: 'SSPF Bench', municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency: 'socialtjanst' }));
  const agencies = ['skola', 'polis', 'fritid', 'socialtjanst'];
  for (const [i, m] of members.entries()) {
    await post(url, channelInvoke(serviceUrl, coordinator, 'groups.setMember', { userId: m.aadObjectId, agency: agencies[i % 4], role: 'medlem' }));
  }
  await seedBenchUpdates((a) => post(url, a), serviceUrl, members);
  await seedBenchActionsAndCases((a) => post(url, a), serviceUrl);
}

/**
 * 20 proposed actions (the approval scenario decides them once, then answers with the decided card) and
 * 10 cases with a consent covering skola, polis and socialtjänst (members 1, 5, 9 … are polis).
 */
export async function seedBenchActionsAndCases(send: (activity: unknown) => Promise<unknown>, serviceUrl: string): Promise<void> {
  const due = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < 20; i++) {
    const owner = members[(i % 12) * 4 + 2];
    const res = await send({
      ...channelInvoke(serviceUrl, owner, 'actions.propose', {
        formVersion: 1, title: `Fältvandring ${i}`, description: 'Kvällstid.', level: 'generell', area: '', casePseudonym: '',
        agency: 'fritid', ownerId: owner.aadObjectId, dueDate: due, promiseId: ''
      }),
      replyToId: `bench-form-${i}`
    });
    const id = JSON.stringify(res).match(/"actionId":"([A-Za-z0-9-]+)"/)?.[1];
    if (id) seeded.actionIds.push(id);
  }
  const social = members[3];
  for (let i = 0; i < 10; i++) {
    const res = await send({ ...channelInvoke(serviceUrl, social, 'cases.create', { name: `Fiktiv Person ${i}`, birthYear: 2012, area: 'Ytterby', concern: 'Oro för frånvaro' }), replyToId: `bench-case-${i}` });
    const caseId = JSON.stringify(res).match(/K-\d{4}-\d{3,}/)?.[0];
    if (!caseId) continue;
    seeded.caseIds.push(caseId);
    await send(channelInvoke(serviceUrl, social, 'cases.consent', { groupId: GROUP_ID, caseId, guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', scope: 'skola,polis,socialtjanst', signedAt: today, validUntil: '', archiveRef: 'Pärm 1' }));
  }
  if (seeded.actionIds.length < 20 || seeded.caseIds.length < 10) throw new Error(`seeding incomplete: ${seeded.actionIds.length} actions, ${seeded.caseIds.length} cases`);
}

/** Posts 40 situation updates through the update card's verb, spread over two areas. */
export async function seedBenchUpdates(send: (activity: unknown) => Promise<unknown>, serviceUrl: string, authors: Array<typeof coordinator>): Promise<void> {
  const categories = ['narkotika', 'vald', 'skadegorelse', 'rekrytering'];
  const trends = ['okande', 'oforandrad', 'minskande'];
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < 40; i++) {
    await send(
      channelInvoke(serviceUrl, authors[i % authors.length], 'updates.submit', {
        draftId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        area: i % 2 ? 'Ytterby' : 'Kareby',
        category: categories[i % 4],
        trend: trends[i % 3],
        level: 'generell',
        observedOn: today,
        text: `Observation nummer ${i} vid centrum`
      })
    );
  }
}
