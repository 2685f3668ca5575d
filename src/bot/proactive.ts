import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';

/** Sends messages outside a user's turn, from a stored conversation reference. */
export interface Messenger {
  /** Sends one activity; resolves to the id Teams gave the message. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined>;
  /** Replaces a message the bot sent earlier (e.g. a card whose state changed for everyone). */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void>;
}

/** The adapter-backed messenger. Pacing and retries of Teams' 429s belong in front of this. */
export function createMessenger(adapter: CloudAdapter, botAppId: string | undefined): Messenger {
  return {
    async send(reference, activity) {
      let id: string | undefined;
      await adapter.continueConversationAsync(botAppId ?? '', reference, async (context) => {
        id = (await context.sendActivity(activity))?.id;
      });
      return id;
    },
    async update(reference, activityId, activity) {
      await adapter.continueConversationAsync(botAppId ?? '', reference, async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      });
    }
  };
}
