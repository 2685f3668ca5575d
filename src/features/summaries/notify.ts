import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { SummaryService } from './service';

/** The header an external scheduler (Azure Functions timer, Logic Apps) sends the shared secret in. */
export const NOTIFY_SECRET_HEADER = 'x-trygg-notify-secret';
export const NOTIFY_WEEKLY_PATH = '/api/notify/weekly';

/** Compares the presented secret with the configured one in constant time (equal-length digests). */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The secret from `x-trygg-notify-secret`, or from `Authorization: Bearer <secret>`. */
export function presentedSecret(headers: Record<string, string | string[] | undefined>): string | undefined {
  const direct = headers[NOTIFY_SECRET_HEADER];
  if (typeof direct === 'string' && direct) return direct;
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  return m?.[1];
}

const bodySchema = z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/).optional() }).strict();

/**
 * POST /api/notify/weekly: runs the weekly summary now (idempotent: claims make a second call send
 * nothing new). Off (404) without NOTIFY_SECRET; 401 for a missing or wrong secret; 400 for a bad body.
 * Answers when the run is done, with counts per outcome.
 */
export function mountNotify(server: Server, deps: { secret?: string; service: SummaryService; clock: Clock; logger: Logger }): void {
  const { secret, service, clock, logger } = deps;
  // The secret is checked before the body is read: unauthenticated callers get nothing parsed.
  const authenticate = (req: Request, res: Response, next: (err?: false) => void) => {
    if (!secret) {
      res.send(404, { error: 'NotFound' });
      return next(false);
    }
    if (!secretMatches(presentedSecret(req.headers), secret)) {
      logger.warn({ path: NOTIFY_WEEKLY_PATH }, 'notify request without a valid secret');
      res.send(401, { error: 'Unauthorized' });
      return next(false);
    }
    return next();
  };
  server.post(
    NOTIFY_WEEKLY_PATH,
    authenticate,
    restify.plugins.bodyParser({ maxBodySize: 4096, mapParams: false, mapFiles: false }),
    async (req: Request, res: Response) => {
      const parsed = bodySchema.safeParse(req.body ?? {});
      const week = parsed.success && parsed.data.week ? service.parseWeek(parsed.data.week) : undefined;
      if (!parsed.success || (parsed.data.week && !week)) {
        res.send(400, { error: 'BadRequest', message: 'Body: {"week": "YYYY-Www"} or empty.' });
        return;
      }
      try {
        const now = clock.now();
        const report = await service.runWeek(now, week ?? service.reportWeek(now));
        res.send(200, report);
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'weekly summary run failed');
        res.send(500, { error: 'InternalError' });
      }
    }
  );
}
