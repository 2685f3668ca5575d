import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render';
import type { InvokeAnswer } from './port';

export type { InvokeAnswer } from './port';

/** Sends the invoke response for an `adaptiveCard/action` (Universal Actions). */
export async function sendInvokeAnswer(context: TurnContext, answer: InvokeAnswer): Promise<void> {
  let value: unknown;
  let status = 200;
  switch (answer.kind) {
    case 'card':
      value = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card };
      break;
    case 'message':
      value = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text };
      break;
    case 'error':
      status = answer.status;
      value = {
        statusCode: answer.status,
        type: 'application/vnd.microsoft.error',
        value: { code: answer.code, message: answer.message }
      };
      break;
  }
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body: value } });
}

/** A message activity carrying one Adaptive Card. */
export function cardMessage(card: AdaptiveCard) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}
