import { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AdaptiveCard } from '../cards/render';
import { cardMessage } from './invoke';
import type { OutboundQueue } from './outbound';

/**
 * Replaces, for everyone, the posted card an `Action.Execute` came from (the invoke's answer reaches the
 * clicking user only). It goes through the outbound queue and is not awaited: Teams waits only a few
 * seconds for the invoke's answer, and a slow or throttled update must not delay it. An update is
 * idempotent, so a later action simply replaces the card again.
 */
export function updatePostedCard(outbound: OutboundQueue, context: TurnContext, card: AdaptiveCard, logger: Logger): void {
  const id = context.activity.replyToId;
  if (!id) return;
  const reference = TurnContext.getConversationReference(context.activity);
  void outbound
    .update(reference, id, cardMessage(card))
    .then((outcome) => {
      if (outcome.status !== 'sent') logger.warn({ conversation: reference.conversation?.id, outcome: outcome.status, reason: outcome.reason }, 'could not update a posted card');
    })
    .catch((err: Error) => logger.warn({ err: err.message }, 'could not update a posted card'));
}
