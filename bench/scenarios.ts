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
    { name: 'lägesbild Ytterby (channel)', activity: (c) => channelMessage(serviceUrl, members[c % members.length], 'lägesbild Ytterby') }
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
