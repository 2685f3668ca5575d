/**
 * `npm run store`: the embedded Cosmos-compatible store as its own process on loopback, so several bot
 * instances (or a bot that is restarted or killed) share one store. Point the bot at it with
 * COSMOS_ENDPOINT=http://127.0.0.1:<port> and COSMOS_KEY=<the key it prints>.
 */
import { config as loadDotenv } from 'dotenv';
import { createLogger } from '../logger';
import { handleProcessFaults } from '../process-faults';
import { EMBEDDED_KEY, EmbeddedCosmos } from './embedded';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const logger = createLogger(process.env.LOG_LEVEL || 'info');
  const port = Number(process.env.EMBEDDED_STORE_PORT || 8081);
  const dataFile = process.env.EMBEDDED_PERSIST === 'false' ? undefined : process.env.EMBEDDED_DATA_FILE || '.data/cosmos.json';
  const store = new EmbeddedCosmos({
    dataFile,
    snapshotMs: Number(process.env.EMBEDDED_SNAPSHOT_MS || 2000),
    keepSnapshots: Number(process.env.EMBEDDED_KEEP_SNAPSHOTS || 3),
    journalMaxBytes: Number(process.env.EMBEDDED_JOURNAL_MAX_MB || 16) * 1024 * 1024,
    port,
    logger
  });
  await store.start();
  logger.info({ endpoint: store.endpoint, dataFile }, 'embedded store listening');
  process.send?.({ endpoint: store.endpoint, key: EMBEDDED_KEY });
  const stop = async () => {
    try {
      await store.stop();
    } catch (err) {
      logger.fatal({ err: (err as Error).message }, 'embedded store stopped with unsaved changes');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // As in the bot: a fault flushes and closes the store, then exits non-zero.
  handleProcessFaults({ logger, shutdown: () => store.stop(), exit: (code) => process.exit(code) });
}

void main().catch((err) => {
  console.error('embedded store could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
