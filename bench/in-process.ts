/** The bot in this process on a store the caller opened, with the test connector stand-in: the set-up of the in-process benches. */
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { Store } from '../src/store/store';
import { ConnectorStandIn } from '../test/support/connector';
import { SCENARIOS, inProcessPort } from './scenarios';

export const silentLogger = () => pino({ level: 'silent' });

/** Starts the connector stand-in (knowing the bench roster) and the app on `store`. */
export async function inProcessBot(store: Store, logger = silentLogger()) {
  const connector = new ConnectorStandIn();
  await connector.start();
  connector.addPeople(...SCENARIOS.roster);
  const bot = createApp(loadConfig({}), { store, logger, clock: { now: () => new Date() } });
  const handle = (a: unknown) => bot.handle(a as never, '');
  return { connector, bot, handle, port: inProcessPort(handle, connector) };
}
