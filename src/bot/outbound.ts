import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Messenger } from './proactive';

/** How a proactive send ended. */
export type SendOutcome =
  | { status: 'sent'; id?: string; attempts: number }
  /** Timeout, 502 or 504: Teams may or may not have posted it, and there is no idempotency key, so it is not resent. */
  | { status: 'uncertain'; reason: string; attempts: number }
  /** Certainly not posted (a 4xx, or 429/412 still after the last attempt). `botRemoved` when the bot is no longer in the conversation. */
  | { status: 'failed'; reason: string; attempts: number; botRemoved: boolean };

export interface OutboundOptions {
  /** Sends per second into one conversation (Teams allows about 7 per second per thread). */
  perConversationPerSecond: number;
  /** Sends per second in all (Teams allows about 50 per second per app and tenant). */
  globalPerSecond: number;
  /** Attempts for 429 and 412 before giving up. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one is treated as this. */
  maxRetryAfterMs: number;
  /** A send without an answer after this long counts as an unknown outcome. */
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_OUTBOUND: OutboundOptions = {
  perConversationPerSecond: 4,
  globalPerSecond: 30,
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 15_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random
};

/** Counters for operations: alert when `backlog` or `retries` keep growing. */
export interface OutboundStats {
  backlog: number;
  sent: number;
  retries: number;
  uncertain: number;
  failed: number;
}

class TimeoutError extends Error {}

interface HttpishError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

function statusOf(err: unknown): number | undefined {
  const e = err as HttpishError;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

function retryAfterMs(err: unknown): number | undefined {
  const direct = (err as { retryAfterMs?: number })?.retryAfterMs;
  if (typeof direct === 'number') return direct;
  const headers = (err as HttpishError)?.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isBotRemoved(status: number | undefined, err: unknown): boolean {
  const text = String((err as HttpishError)?.message ?? '');
  return status === 403 || (status === 404 && /conversation/i.test(text)) || /not part of the conversation roster/i.test(text);
}

/**
 * The one outbound path for proactive messages and card updates. It keeps order per conversation,
 * paces per conversation and globally, retries 429 (honouring Retry-After) and 412 with exponential
 * backoff and jitter, and never resends a message whose outcome is unknown.
 */
export class OutboundQueue {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly lastSend = new Map<string, number>();
  private globalNext = 0;
  private readonly counters: OutboundStats = { backlog: 0, sent: 0, retries: 0, uncertain: 0, failed: 0 };
  private readonly options: OutboundOptions;

  constructor(
    private readonly messenger: Messenger,
    private readonly logger: Logger,
    options: Partial<OutboundOptions> = {}
  ) {
    this.options = { ...DEFAULT_OUTBOUND, ...options };
  }

  stats(): OutboundStats {
    return { ...this.counters };
  }

  /** Posts a new message. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendOutcome> {
    return this.enqueue(reference, async () => this.messenger.send(reference, activity));
  }

  /** Replaces a message posted earlier (a card whose state changed for everyone). */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<SendOutcome> {
    return this.enqueue(reference, async () => {
      await this.messenger.update(reference, activityId, activity);
      return activityId;
    });
  }

  private enqueue(reference: Partial<ConversationReference>, op: () => Promise<string | undefined>): Promise<SendOutcome> {
    const key = reference.conversation?.id ?? 'unknown';
    this.counters.backlog++;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(key, op));
    const tail = run.catch(() => undefined).finally(() => {
      this.counters.backlog--;
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    this.chains.set(key, tail);
    return run;
  }

  private async pace(key: string): Promise<void> {
    const now = Date.now();
    const perConversationGap = 1000 / this.options.perConversationPerSecond;
    const globalGap = 1000 / this.options.globalPerSecond;
    const conversationReady = (this.lastSend.get(key) ?? 0) + perConversationGap;
    const slot = Math.max(now, conversationReady, this.globalNext);
    this.globalNext = slot + globalGap;
    this.lastSend.set(key, slot);
    if (slot > now) await this.options.sleep(slot - now);
  }

  private backoff(attempt: number, retryAfter: number | undefined): number {
    const exp = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exp / 2 + this.options.random() * (exp / 2);
    return Math.max(Math.min(retryAfter ?? 0, this.options.maxRetryAfterMs), jittered);
  }

  private async attempt(key: string, op: () => Promise<string | undefined>): Promise<SendOutcome> {
    for (let attempt = 1; ; attempt++) {
      await this.pace(key);
      try {
        const id = await this.withTimeout(op());
        this.counters.sent++;
        return { status: 'sent', id, attempts: attempt };
      } catch (err) {
        const status = statusOf(err);
        if (err instanceof TimeoutError || status === 502 || status === 504 || (status === undefined && isNetworkAfterSend(err))) {
          this.counters.uncertain++;
          const reason = err instanceof TimeoutError ? 'timeout' : status ? `http ${status}` : 'connection lost';
          this.logger.warn({ conversation: hashKey(key), reason }, 'outbound send outcome unknown; not resent');
          return { status: 'uncertain', reason, attempts: attempt };
        }
        if ((status === 429 || status === 412) && attempt < this.options.maxAttempts) {
          this.counters.retries++;
          const delay = this.backoff(attempt, status === 429 ? retryAfterMs(err) : undefined);
          this.logger.debug({ conversation: hashKey(key), status, attempt, delay }, 'outbound send retried');
          await this.options.sleep(delay);
          continue;
        }
        this.counters.failed++;
        const botRemoved = isBotRemoved(status, err);
        this.logger.warn({ conversation: hashKey(key), status, botRemoved }, 'outbound send failed');
        return { status: 'failed', reason: status ? `http ${status}` : String((err as Error)?.message ?? err), attempts: attempt, botRemoved };
      }
    }
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError('timeout')), this.options.timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A dropped connection after the request was written may have been processed: treat as unknown. */
function isNetworkAfterSend(err: unknown): boolean {
  const code = (err as HttpishError)?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'EPIPE' || code === 'ETIMEDOUT';
}

/** Conversation ids are not personal data, but keep logs short and uniform. */
function hashKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 20)}…${key.slice(-12)}` : key;
}
