import type { StoreRequestCounts } from '../../src/store/embedded';
import type { RunningBot } from './bot-harness';
import { ConnectorStandIn } from './connector';
import { cardText } from './teams';

/** Starts counting at the embedded store: the returned function gives the requests made since. */
export function storeCostSince(bot: RunningBot): () => StoreRequestCounts {
  const before = bot.store.requestCounts!();
  return () => {
    const after = bot.store.requestCounts!();
    return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof StoreRequestCounts]])) as unknown as StoreRequestCounts;
  };
}

/**
 * Posts one activity to /api/messages and returns what the bot answered (each message's text and its
 * cards' texts) and what the turn cost at the store.
 */
export async function turnWithCost(bot: RunningBot, connector: ConnectorStandIn, activity: unknown): Promise<{ cost: StoreRequestCounts; answer: string }> {
  connector.clear();
  const cost = storeCostSince(bot);
  await bot.post(activity);
  const answer = connector.activities.map((a) => (a.body.text ?? '') + ConnectorStandIn.cards([a]).map(cardText).join('\n')).join('\n');
  return { cost: cost(), answer };
}
