/**
 * `npm run rebuild-read-models`: recomputes every read model from the source documents. On the embedded
 * store it opens the data itself and so is refused while a bot holds the store's lock (stop the bot
 * first); against Azure Cosmos DB it may run beside the bot, because every projection reads its source
 * inside its own ETag loop.
 */
import { config as loadDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './config';
import type { Logger } from 'pino';
import { createApp } from './app';
import { systemClock } from './clock';
import { createLogger } from './logger';
import { REPO_ROOT } from './paths';
import { DataLockedError } from './store/data-lock';
import { openStore, type Store } from './store/store';

/**
 * Drops every registered read model and computes it again from the source documents: the bot is
 * assembled (no server, no jobs started) only to reach its read-model registry.
 */
export async function rebuildReadModels(store: Store, config: Config, logger: Logger): Promise<Record<string, Record<string, number>>> {
  const bot = createApp(config, { store, logger, clock: systemClock });
  return bot.readModels.rebuildAll(new Date());
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const config = loadConfig(process.env, version);
  const logger = createLogger(config.logLevel);
  let store: Store;
  try {
    store = await openStore({
      cosmos: config.cosmos,
      embedded: { dataFile: config.embedded.persist ? config.embedded.dataFile : undefined, snapshotMs: config.embedded.snapshotMs },
      logger
    });
  } catch (err) {
    if (err instanceof DataLockedError) {
      console.error(`The store is in use (${err.message}). Stop the bot, then run the rebuild again.`);
      process.exit(3);
    }
    throw err;
  }
  try {
    const result = await rebuildReadModels(store, config, logger);
    logger.info(result, 'read models rebuilt from the source documents');
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
