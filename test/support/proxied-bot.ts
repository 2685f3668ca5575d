import pino from 'pino';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { startBot, type RunningBot, type StartOptions } from './bot-harness';
import { StoreFaultProxy } from './fault-proxy';

/** A bot whose store requests pass through a fault proxy in front of a real embedded store. */
export interface ProxiedBot {
  bot: RunningBot;
  proxy: StoreFaultProxy;
  stop(): Promise<void>;
}

/** Starts the embedded store, the fault proxy before it and the bot on the proxy (database `database`). */
export async function startProxiedBot(database: string, options: Omit<StartOptions, 'env' | 'store'> = {}): Promise<ProxiedBot> {
  const store = new EmbeddedCosmos({ snapshotMs: 1000, logger: pino({ level: 'silent' }) });
  await store.start();
  const proxy = new StoreFaultProxy(store.endpoint);
  await proxy.start();
  const bot = await startBot({ ...options, env: { COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: EMBEDDED_KEY, COSMOS_DATABASE: database } });
  return {
    bot,
    proxy,
    async stop() {
      await bot.stop();
      await proxy.stop();
      await store.stop();
    }
  };
}
