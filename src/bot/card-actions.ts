import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { z } from 'zod';
import { commonTexts } from '../i18n/common';
import { sendInvokeAnswer, type InvokeAnswer } from './invoke';
import { localeLang } from './turn';

export type CardActionHandler<T> = (context: TurnContext, data: T) => Promise<InvokeAnswer>;

/** The verbs registered per application, for the manifest check and the fuzz tests. */
const verbsByApp = new WeakMap<object, string[]>();

/** Every `Action.Execute` verb the application answers. */
export function registeredVerbs(app: Application<TurnState>): readonly string[] {
  return verbsByApp.get(app) ?? [];
}

/**
 * Registers the handler of one `Action.Execute` verb. The card's data is validated with `schema`
 * first: malformed or hostile data gets a 400 and reaches no handler. Every invoke gets an explicit answer.
 */
export function onCardAction<S extends z.ZodTypeAny>(
  app: Application<TurnState>,
  verb: string,
  schema: S,
  handler: CardActionHandler<z.infer<S>>
): void {
  const verbs = verbsByApp.get(app) ?? [];
  if (verbs.includes(verb)) throw new Error(`Card verb ${verb} registered twice`);
  verbsByApp.set(app, [...verbs, verb]);
  app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
    const parsed = schema.safeParse(data);
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
      await sendInvokeAnswer(context, { kind: 'error', status: 400, code: 'UnknownVerb', message: commonTexts(localeLang(context)).unknownAction });
    },
    true
  );
}
