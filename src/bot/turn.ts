import { TurnContext, type Activity } from 'botbuilder';
import { type Lang, langFromLocale } from '../i18n';
import type { Actor, Where } from './port';

export type { Actor, Where } from './port';

interface TeamsChannelData {
  team?: { id?: string };
  channel?: { id?: string };
  tenant?: { id?: string };
}

/** Strips a thread's `;messageid=…` so all posts of one channel share one conversation id. */
export function rootConversationId(id: string): string {
  const i = id.indexOf(';messageid=');
  return i === -1 ? id : id.slice(0, i);
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const data = activity.channelData as TeamsChannelData | undefined;
  return data?.tenant?.id ?? activity.conversation?.tenantId;
}

export function whereOf(activity: Partial<Activity>): Where {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const conversationId = rootConversationId(activity.conversation?.id ?? '');
  const type = activity.conversation?.conversationType;
  const tenantId = tenantOf(activity);
  if (type === 'channel' || data.team?.id) {
    const teamId = data.team?.id ?? conversationId;
    return { kind: 'channel', conversationId, groupKey: `team:${teamId}`, teamId, channelId: data.channel?.id ?? conversationId, tenantId };
  }
  if (type === 'groupChat' || activity.conversation?.isGroup) {
    return { kind: 'groupChat', conversationId, groupKey: `chat:${conversationId}`, tenantId };
  }
  return { kind: 'personal', conversationId, tenantId };
}

export function actorOf(activity: Partial<Activity>): Actor {
  const from = activity.from;
  return {
    aadObjectId: from?.aadObjectId?.toLowerCase(),
    teamsUserId: from?.id ?? '',
    name: from?.name
  };
}

/** The language of the person's Teams client (`activity.locale`, else the clientInfo entity's locale). */
export function clientLang(context: TurnContext): Lang {
  return langFromLocale(context.activity.locale ?? (context.activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined)?.locale);
}

/** Where the turn's answer language is kept once the typed alias or the pressed card has decided it. */
const TURN_LANG = Symbol('trygg.turnLang');

/**
 * Fixes the language this turn answers its user in: the language of the alias the user typed, or the
 * language the pressed card was rendered in. Set once, by the command and card-action routers.
 */
export function setTurnLang(context: TurnContext, lang: Lang): void {
  context.turnState.set(TURN_LANG, lang);
}

/**
 * The language to answer this user in: what the user's own words decided for this turn (the typed
 * alias, or the language of the card whose button they pressed), else their client's locale.
 * Posts that others see use the group's language instead.
 */
export function localeLang(context: TurnContext): Lang {
  const decided = context.turnState.get(TURN_LANG) as Lang | undefined;
  return decided ?? clientLang(context);
}

/** The message text without the bot's `<at>` mention. */
export function messageText(context: TurnContext): string {
  const activity = context.activity;
  let text = activity.text ?? '';
  if (activity.recipient) text = TurnContext.removeRecipientMention(activity) ?? text;
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/&nbsp;/g, ' ').trim();
}
