import pino from 'pino';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { StoreFaultProxy } from '../support/fault-proxy';
import { message, sara, type Place } from '../support/teams';

/** A message turn may wait on the store until 700 ms after arrival and must answer by 1 000 ms. */
const BUDGETS = { invoke: { totalMs: 3000, answerReserveMs: 300 }, message: { totalMs: 1000, answerReserveMs: 300 } };

/**
 * An embedded store runs in the bot's own process: while it works through a long query nothing else
 * runs, so the turn's store cut-off is noticed only after the time to answer has passed too. The user
 * must still hear "försök igen", late, rather than nothing at all.
 */
describe('a store that holds the process past the turn deadline', () => {
  const connector = new ConnectorStandIn();
  const store = new EmbeddedCosmos({ snapshotMs: 1000, logger: pino({ level: 'silent' }) });
  let proxy: StoreFaultProxy;
  let bot: RunningBot;

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(sara);
    await store.start();
    proxy = new StoreFaultProxy(store.endpoint);
    await proxy.start();
    bot = await startBot({ env: { COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: EMBEDDED_KEY, COSMOS_DATABASE: 'late' }, turnBudgets: BUDGETS });
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
    await store.stop();
    await connector.stop();
  });

  it.each([
    ['medlemmar', undefined, 'Jag kommer inte åt lagringen just nu. Försök igen om en stund.'],
    ['members', 'en-US', 'I cannot reach storage right now. Please try again shortly.']
  ])('"%s" still gets the apology, after the deadline', async (text, locale, apology) => {
    const chat: Place = { kind: 'groupChat', chatId: `19:chat-late-${text}@thread.v2` };
    connector.clear();
    let held = false;
    proxy.faults = () => (held ? undefined : ((held = true), { blockMs: 1500 }));
    try {
      const res = await bot.post(message(sara, chat, text, { serviceUrl: connector.url, ...(locale ? { locale } : {}) }));
      expect(res.status).toBe(200);
    } finally {
      proxy.faults = () => undefined;
    }
    expect(held).toBe(true);
    expect(connector.activities.filter((a) => a.body.type === 'message').map((a) => a.body.text)).toEqual([apology]);
    // Nothing about the person or the group in the log of the late answer.
    expect(JSON.stringify(bot.logs)).not.toContain(sara.name);
  });
});
