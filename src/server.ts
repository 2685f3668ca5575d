import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Bot } from './app';
import type { Config } from './config';
import type { Store } from './store/store';

/** The shape an activity must have before the adapter sees it; anything else is a 400. */
const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(1024).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    from: z.object({ id: z.string().max(1024) }).passthrough().optional(),
    recipient: z.object({ id: z.string().max(1024) }).passthrough().optional(),
    text: z.string().max(28000).optional()
  })
  .passthrough();

/** Largest body accepted on /api/messages; Teams messages are at most about 100 KB. */
export const MAX_BODY_BYTES = 512 * 1024;

/** `/healthz` answers within 2 s whatever the store does: the probe is raced against this (leaving room for HTTP). */
export const HEALTH_TIMEOUT_MS = 1500;

/** What `/healthz` reports: ok, or the reason it is not. */
export type Health = { ok: true } | { ok: false; reason: 'store-unreachable' | 'store-timeout' };

/**
 * Probes the store, racing the probe against `HEALTH_TIMEOUT_MS` so a hung store makes the answer 503,
 * never a hung health check. (The probe itself gives up sooner; the race is the guarantee.)
 */
export async function checkHealth(store: Store, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Health>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'store-timeout' }), timeoutMs);
  });
  const probe = store.ping().then((ok): Health => (ok ? { ok: true } : { ok: false, reason: 'store-unreachable' }));
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ServerDeps {
  bot: Bot;
  store: Store;
  config: Config;
  logger: Logger;
}

/** The HTTP server: `/api/messages`, `/healthz`, and the routes features add. It does not listen. */
export function createServer({ bot, store, config, logger }: ServerDeps): Server {
  const server = restify.createServer({ name: 'trygg', handleUncaughtExceptions: false });

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }),
    async (req: Request, res: Response) => {
      const parsed = activityShape.safeParse(req.body);
      if (!parsed.success) {
        res.send(400, { error: 'BadRequest', message: 'The body is not a Bot Framework activity.' });
        return;
      }
      try {
        // The turn's deadline counts from when the request arrived, not from when its body was parsed.
        const result = await bot.handle(req.body as Partial<Activity>, String(req.headers.authorization ?? ''), { arrivedAt: req.time() });
        if (result.body === undefined) res.send(result.status);
        else res.send(result.status, result.body);
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'activity could not be processed');
        res.send(500, { error: 'InternalError' });
      }
    }
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    // A store that answers but cannot save (read-only after a disk error, lost data lock) is not healthy.
    const writable = store.health();
    if (!writable.ok) {
      res.send(503, { status: 'store-read-only', error: writable.error, store: store.kind, version: config.version });
      return;
    }
    const health = await checkHealth(store);
    res.send(health.ok ? 200 : 503, { status: health.ok ? 'ok' : health.reason, store: store.kind, version: config.version });
  });

  for (const mount of bot.http) mount(server);

  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    logger.warn({ path: req.path(), status: err.statusCode, error: err.name }, 'request refused');
    callback();
  });
  return server;
}
