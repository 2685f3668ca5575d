import type { Activity, ConversationReference } from 'botbuilder';
import type { ConnectorClient, RequestOptions } from './connector-client';

/** Sends messages outside a user's turn, from a stored conversation reference. */
export interface Messenger {
  /** Sends one activity; resolves to the id Teams gave the message. Throws ConnectorError on failure. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>, options?: RequestOptions): Promise<string | undefined>;
  /** Replaces a message the bot sent earlier (e.g. a card whose state changed for everyone). */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>, options?: RequestOptions): Promise<void>;
}

/** The connector-backed messenger. Use it through the OutboundQueue, which paces and retries. */
export function createMessenger(client: ConnectorClient): Messenger {
  return {
    send: (reference, activity, options) => client.send(reference, activity, options),
    update: (reference, activityId, activity, options) => client.update(reference, activityId, activity, options)
  };
}
