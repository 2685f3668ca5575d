import { randomUUID } from 'node:crypto';

/** Fictional people and places used across the tests. No real person's data. */
export const TENANT = '6f1c2a55-0000-4000-8000-000000000001';
export const OTHER_TENANT = '6f1c2a55-0000-4000-8000-0000000000ff';
export const BOT = { id: '28:trygg-bot', name: 'Trygg' };

export interface Person {
  id: string;
  aadObjectId: string;
  name: string;
  userPrincipalName: string;
  userRole?: 'user' | 'guest';
}

export function person(n: number, name: string, userRole: 'user' | 'guest' = 'user'): Person {
  const hex = n.toString(16).padStart(12, '0');
  return { id: `29:user-${n}`, aadObjectId: `a0a0a0a0-0000-4000-8000-${hex}`, name, userPrincipalName: `${name.toLowerCase().split(' ')[0]}@kungalv.example`, userRole };
}

export const anna = person(1, 'Anna Samordnare');
export const sara = person(2, 'Sara Lärare');
export const olle = person(3, 'Olle Polis');
export const filip = person(4, 'Filip Fritid');
export const stina = person(5, 'Stina Socialsekreterare');
export const gustav = person(6, 'Gustav Gäst', 'guest');
export const admin = person(7, 'Ada Admin');

/** Where an activity happens. */
export type Place =
  | { kind: 'channel'; teamId: string; channelId: string }
  | { kind: 'groupChat'; chatId: string }
  | { kind: 'personal'; chatId: string };

export const ytterby: Place = { kind: 'channel', teamId: '19:team-ytterby@thread.tacv2', channelId: '19:general-ytterby@thread.tacv2' };
export const styrgrupp: Place = { kind: 'channel', teamId: '19:team-trygg-kungalv@thread.tacv2', channelId: '19:general-trygg@thread.tacv2' };

export function personalOf(p: Person): Place {
  return { kind: 'personal', chatId: `a:personal-${p.id}` };
}

interface Common {
  serviceUrl: string;
  tenant?: string;
  locale?: string;
}

function conversation(place: Place, tenant: string) {
  switch (place.kind) {
    case 'channel':
      return {
        conversation: { id: `${place.channelId};messageid=${Date.now()}${Math.floor(Math.random() * 1000)}`, conversationType: 'channel', isGroup: true, tenantId: tenant },
        channelData: { tenant: { id: tenant }, team: { id: place.teamId, name: 'Team' }, channel: { id: place.channelId } }
      };
    case 'groupChat':
      return { conversation: { id: place.chatId, conversationType: 'groupChat', isGroup: true, tenantId: tenant }, channelData: { tenant: { id: tenant } } };
    case 'personal':
      return { conversation: { id: place.chatId, conversationType: 'personal', tenantId: tenant }, channelData: { tenant: { id: tenant } } };
  }
}

function base(from: Person, place: Place, c: Common) {
  const tenant = c.tenant ?? TENANT;
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: c.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: c.locale ?? 'sv-SE',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    ...conversation(place, tenant)
  };
}

/** A message; in channels and group chats it @mentions the bot, as Teams requires. */
export function message(from: Person, place: Place, text: string, c: Common) {
  const mention = place.kind !== 'personal';
  return {
    ...base(from, place, c),
    type: 'message',
    text: mention ? `<at>Trygg</at> ${text}` : text,
    textFormat: 'plain',
    entities: mention ? [{ type: 'mention', text: '<at>Trygg</at>', mentioned: BOT }] : []
  };
}

/** An `Action.Execute` from an Adaptive Card, as Teams sends it. */
export function execute(from: Person, place: Place, verb: string, data: Record<string, unknown>, c: Common & { replyToId?: string }) {
  return {
    ...base(from, place, c),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: c.replyToId ?? 'm-card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }
  };
}

export function membersAdded(place: Place, members: Array<{ id: string; aadObjectId?: string }>, c: Common) {
  return { ...base(anna, place, c), type: 'conversationUpdate', membersAdded: members, from: { id: anna.id, aadObjectId: anna.aadObjectId } };
}

export function membersRemoved(place: Place, members: Array<{ id: string; aadObjectId?: string }>, c: Common) {
  return { ...base(anna, place, c), type: 'conversationUpdate', membersRemoved: members, channelData: { ...conversation(place, c.tenant ?? TENANT).channelData, eventType: 'teamMemberRemoved' } };
}

/** The text of every TextBlock and fact in a card, for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
