import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createApp, type Bot } from '../../src/app';
import type { OutboundOptions } from '../../src/bot/outbound';
import type { AnyFeature } from '../../src/features/feature';
import type { Clock } from '../../src/clock';
import type { TurnBudgets } from '../../src/deadline';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { openStore, type Store } from '../../src/store/store';

/** A running Trygg: the real HTTP server on a free loopback port, on the embedded store. */
export interface RunningBot {
  url: string;
  bot: Bot;
  store: Store;
  config: Config;
  /** Every log line the bot wrote, parsed: tests check them for personal data. */
  logs: Array<Record<string, unknown>>;
  /**
   * POSTs an activity to /api/messages; returns status and parsed body once the bot's background sends
   * (posted-card updates through the outbound queue) have settled, so tests see a stable connector log.
   */
  post(activity: unknown, headers?: Record<string, string>, options?: { settle?: boolean }): Promise<{ status: number; body: any }>;
  /** Waits until the outbound queue has nothing in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Persist the embedded store to this file (restart tests). */
  dataFile?: string;
  /** Outbound queue settings; by default delays are shortened so retries take milliseconds. */
  outbound?: Partial<OutboundOptions>;
  /** Share an already open store (several instances of the bot on one database); it is not closed by stop(). */
  store?: Store;
  /** Turn deadlines (default: Teams' patience, as in production). */
  turnBudgets?: TurnBudgets;
  /** The store client's per-request timeout (default: production's 2 s). */
  storeRequestTimeoutMs?: number;
  /** The features to register (default: all); a test adds a probe feature to exercise the host. */
  features?: readonly AnyFeature[];
}

export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig({ LOG_LEVEL: 'info', PORT: '0', ...options.env });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const store =
    options.store ??
    (await openStore({
      cosmos: config.cosmos,
      embedded: { dataFile: options.dataFile, snapshotMs: 200 },
      logger,
      requestTimeoutMs: options.storeRequestTimeoutMs
    }));
  const clock = options.clock ?? { now: () => new Date() };
  const bot = createApp(config, {
    store,
    logger,
    clock,
    outbound: { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 2000, perConversationPerSecond: 1000, globalPerSecond: 1000, ...options.outbound },
    turnBudgets: options.turnBudgets,
    features: options.features
  });
  const server: Server = createServer({ bot, store, config, logger });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idle = async () => {
    // A background send starts right after the turn's answer: give it a tick to enqueue, then wait it out.
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 500 && (bot.outbound.stats().backlog > 0 || bot.outbound.stats().background > 0); i++) await new Promise((r) => setTimeout(r, 10));
  };
  return {
    idle,
    url,
    bot,
    store,
    config,
    logs,
    async post(activity, headers = {}, options = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity)
      });
      const text = await res.text();
      if (options.settle !== false) await idle();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body };
    },
    async stop() {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      if (!options.store) await store.close();
    }
  };
}
