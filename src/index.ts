import { config as loadDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READ_MODEL_SWEEP_JOB, createApp } from './app';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { REPO_ROOT } from './paths';
import { handleProcessFaults } from './process-faults';
import { createServer } from './server';
import { openStore } from './store/store';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  let config;
  try {
    config = loadConfig(process.env, version);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (!config.bot.appId) logger.warn('BOT_ID is not set: local anonymous mode, requests are not authenticated');
  const store = await openStore({
    cosmos: config.cosmos,
    embedded: {
      dataFile: config.embedded.persist ? config.embedded.dataFile : undefined,
      snapshotMs: config.embedded.snapshotMs,
      keepSnapshots: config.embedded.keepSnapshots,
      journalMaxBytes: config.embedded.journalMaxBytes
    },
    logger
  });
  const bot = createApp(config, { store, logger, clock: systemClock });
  const server = createServer({ bot, store, config, logger });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  bot.jobs.start();
  // Read models a crash left stale are repaired before long (the job repeats every 5 minutes).
  void bot.jobs.run(READ_MODEL_SWEEP_JOB, new Date()).catch((err: Error) => logger.warn({ err: err.message }, 'read-model sweep at start failed'));
  logger.info({ url: `${server.url}/api/messages`, store: store.kind }, 'Trygg is listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.jobs.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      await store.close();
    } catch (err) {
      // Unsaved data (a disk that never took the journal again): the exit code must say so.
      logger.fatal({ err: (err as Error).message }, 'store closed with unsaved changes');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A fault leaves the process in an unknown state: no new requests (open ones are not awaited), flush, exit non-zero.
  handleProcessFaults({
    logger,
    shutdown: async () => {
      stopping = true;
      bot.jobs.stop();
      server.close();
      await store.close();
    },
    exit: (code) => process.exit(code)
  });
}

void main().catch((err) => {
  console.error('Trygg could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
