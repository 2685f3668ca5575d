import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** Longest wait for the store to flush and close after a fault before the process exits anyway. */
export const FAULT_FLUSH_TIMEOUT_MS = 10_000;

/** Exit code after an unhandled rejection or uncaught exception (App Service restarts the process). */
export const FAULT_EXIT_CODE = 70;

export interface ProcessFaultDeps {
  logger: Logger;
  /** Stops taking work, flushes and closes the store. */
  shutdown: () => Promise<void>;
  exit: (code: number) => void;
  /** Where to listen; the real process by default. */
  process?: Pick<NodeJS.Process, 'on'>;
}

/**
 * On an unhandled rejection or an uncaught exception the process is in an unknown state: it logs the
 * fault once with a correlation id (quote it when reporting), flushes and closes the store so nothing
 * acknowledged is lost, and exits non-zero so whoever supervises it restarts it. A second fault while
 * shutting down is logged and does not start a second shutdown.
 */
export function handleProcessFaults(deps: ProcessFaultDeps): void {
  const { logger, shutdown, exit } = deps;
  let handling = false;
  const onFault = (kind: 'unhandledRejection' | 'uncaughtException') => (reason: unknown) => {
    const correlationId = randomUUID();
    const err = reason instanceof Error ? { type: reason.name, message: reason.message, stack: reason.stack } : { type: typeof reason };
    if (handling) {
      logger.error({ correlationId, kind, err }, 'another process fault while shutting down');
      return;
    }
    handling = true;
    logger.fatal({ correlationId, kind, err }, 'process fault: flushing the store and exiting');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), FAULT_FLUSH_TIMEOUT_MS);
      timer.unref();
    });
    void Promise.race([shutdown().then(() => 'closed' as const), timeout])
      .then((result) => {
        if (result === 'timeout') logger.error({ correlationId }, 'the store did not close in time after a process fault');
        else logger.info({ correlationId }, 'store flushed and closed after a process fault');
      })
      .catch((closeErr: unknown) => logger.error({ correlationId, err: (closeErr as Error)?.message }, 'the store could not be closed after a process fault'))
      .finally(() => {
        clearTimeout(timer);
        exit(FAULT_EXIT_CODE);
      });
  };
  const target = deps.process ?? process;
  target.on('unhandledRejection', onFault('unhandledRejection'));
  target.on('uncaughtException', onFault('uncaughtException'));
}
