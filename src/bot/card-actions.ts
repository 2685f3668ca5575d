import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { CARD_LANG_KEY, cardActionLang, cardLangSchema } from '../i18n/answer-language';
import { commonTexts } from '../i18n/common';
import { sendInvokeAnswer, type InvokeAnswer } from './invoke';
import { clientLang, localeLang, setTurnLang } from './turn';

export type CardActionHandler<T> = (context: TurnContext, data: T) => Promise<InvokeAnswer>;

/** The verbs registered per application, for the manifest check and the fuzz tests. */
const verbsByApp = new WeakMap<object, string[]>();

/** Every `Action.Execute` verb the application answers. */
export function registeredVerbs(app: Application<TurnState>): readonly string[] {
  return verbsByApp.get(app) ?? [];
}

/** Validates a card's raw data (a verb trigger's `parse`): malformed or hostile data reaches no handler. */
export type CardDataParser = (raw: unknown) => { success: true; data: unknown } | { success: false };

/**
 * Registers the handler of one `Action.Execute` verb. The card's data is validated with `parse` first:
 * malformed or hostile data gets a 400 and reaches no handler. Every invoke gets an explicit answer.
 */
export function onVerb(app: Application<TurnState>, verb: string, parse: CardDataParser, handler: CardActionHandler<unknown>): void {
  const verbs = verbsByApp.get(app) ?? [];
  if (verbs.includes(verb)) throw new Error(`Card verb ${verb} registered twice`);
  verbsByApp.set(app, [...verbs, verb]);
  app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
    const { ok, rest } = takeCardLang(context, data);
    const parsed = ok ? parse(rest) : { success: false as const };
    if (!parsed.success) {
      await sendInvokeAnswer(context, { kind: 'error', status: 400, code: 'BadRequest', message: commonTexts(localeLang(context)).badCardData });
      return '';
    }
    await sendInvokeAnswer(context, await handler(context, parsed.data));
    return '';
  });
}

/** Answers every `adaptiveCard/action` no verb matched with an explicit 400; register it last. */
export function refuseUnknownCardActions(app: Application<TurnState>): void {
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      takeCardLang(context, (context.activity.value as { action?: { data?: unknown } } | undefined)?.action?.data);
      await sendInvokeAnswer(context, { kind: 'error', status: 400, code: 'UnknownVerb', message: commonTexts(localeLang(context)).unknownAction });
    },
    true
  );
}

/**
 * Reads the language the card was rendered in from its data (see `renderCard`) and makes it the turn's
 * answer language; cards from before carry none and are answered in the client's language. Returns the
 * data without the key, so feature schemas never see it; `ok` is false when the key holds anything but
 * a known language.
 */
function takeCardLang(context: TurnContext, data: unknown): { ok: boolean; rest: unknown } {
  if (!data || typeof data !== 'object' || Array.isArray(data) || !(CARD_LANG_KEY in data)) {
    setTurnLang(context, cardActionLang(undefined, clientLang(context)).lang);
    return { ok: true, rest: data };
  }
  const { [CARD_LANG_KEY]: raw, ...rest } = data as Record<string, unknown>;
  const lang = cardLangSchema.safeParse(raw);
  setTurnLang(context, cardActionLang(lang.success ? lang.data : undefined, clientLang(context)).lang);
  return { ok: lang.success, rest };
}
