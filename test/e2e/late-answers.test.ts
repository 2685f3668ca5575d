import type { CommandInput, Turn } from '../../src/bot/port';
import { FEATURES } from '../../src/features';
import { defineFeature } from '../../src/features/feature';
import type { RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { holdProcess, type StoreFaultProxy } from '../support/fault-proxy';
import { startProxiedBot, type ProxiedBot } from '../support/proxied-bot';
import { message, sara, type Place } from '../support/teams';

/** A message turn may wait on the store until 700 ms after arrival and should answer by 1 000 ms. */
const BUDGETS = { invoke: { totalMs: 3000, answerReserveMs: 300 }, message: { totalMs: 1000, answerReserveMs: 300 } };

/**
 * An embedded store runs in the bot's own process: while it works through a long query nothing else
 * runs, so a turn notices its store cut-off, or finishes its answer, only after its time to answer has
 * passed. The user must still get the answer or "försök igen", late, rather than nothing at all.
 */
/** A command whose answer is ready only after the turn's time has gone (the process was held meanwhile). */
const slow = defineFeature({
  name: 'slow-probe',
  setup: () => ({}),
  commands: [
    {
      id: 'slow-probe',
      aliases: { sv: ['långsam'], en: ['slow'] },
      help: { sv: 'Sond.', en: 'Probe.' },
      handler: async (_deps: object, turn: Turn, input: CommandInput) => {
        holdProcess(1500);
        await turn.reply(input.lang === 'sv' ? 'Här är svaret.' : 'Here is the answer.');
      }
    }
  ]
});

describe('a process held past the turn deadline', () => {
  const connector = new ConnectorStandIn();
  let proxy: StoreFaultProxy;
  let bot: RunningBot;
  let running: ProxiedBot;

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(sara);
    running = await startProxiedBot('late', { turnBudgets: BUDGETS, features: [...FEATURES, slow] });
    ({ bot, proxy } = running);
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  it.each([
    ['medlemmar', undefined, 'Jag kommer inte åt lagringen just nu. Försök igen om en stund.'],
    ['members', 'en-US', 'I cannot reach storage right now. Please try again shortly.']
  ])('"%s": the store cut-off noticed after the deadline still gets the apology', async (text, locale, apology) => {
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

  it.each([
    ['långsam', undefined, 'Här är svaret.'],
    ['slow', 'en-US', 'Here is the answer.']
  ])('"%s": an answer ready after the deadline is still sent, not replaced by an apology', async (text, locale, answer) => {
    const chat: Place = { kind: 'groupChat', chatId: `19:chat-late-${text}@thread.v2` };
    connector.clear();
    const res = await bot.post(message(sara, chat, text, { serviceUrl: connector.url, ...(locale ? { locale } : {}) }));
    expect(res.status).toBe(200);
    expect(connector.activities.filter((a) => a.body.type === 'message').map((a) => a.body.text)).toEqual([answer]);
  });
});
