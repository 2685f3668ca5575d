import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { ConnectorError } from './connector-client';
import { PROACTIVE_BUDGET, runConnectorOperation, type ConnectorOperation, type RetryBudget } from './connector-retry';
import type { Messenger } from './proactive';

/** How a proactive send ended. */
export type SendOutcome =
  | { status: 'sent'; id?: string; attempts: number }
  /**
   * Timeout, 502 or 504 on a new message: Teams may or may not have posted it, and there is no idempotency
   * key, so it is not resent. (An update is idempotent and retried first; it ends here only when retries ran out.)
   */
  | { status: 'uncertain'; reason: string; attempts: number }
  /** Certainly not posted (a 4xx, or 429/412 still after the last attempt). `botRemoved` when the bot is no longer in the conversation. */
  | { status: 'failed'; reason: string; attempts: number; botRemoved: boolean };

export interface OutboundOptions {
  /** Sends per second into one conversation (Teams allows about 7 per second per thread). */
  perConversationPerSecond: number;
  /** Sends per second in all (Teams allows about 50 per second per app and tenant). */
  globalPerSecond: number;
  /** Attempts in all before giving up (see `connector-retry.ts` for which answers are retried). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After waited for; a longer one ends the send as failed (the sweep retries later). */
  maxRetryAfterMs: number;
  /** A send without an answer after this long counts as an unknown outcome. */
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Proactive sends: the policy's proactive budget, paced below Teams' limits. */
export const DEFAULT_OUTBOUND: OutboundOptions = {
  perConversationPerSecond: 4,
  globalPerSecond: 30,
  maxAttempts: PROACTIVE_BUDGET.maxAttempts,
  baseDelayMs: PROACTIVE_BUDGET.baseDelayMs,
  maxDelayMs: PROACTIVE_BUDGET.maxDelayMs,
  maxRetryAfterMs: PROACTIVE_BUDGET.maxRetryAfterMs,
  timeoutMs: PROACTIVE_BUDGET.requestTimeoutMs,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random
};

/** Counters for operations: alert when `backlog` or `retries` keep growing. */
export interface OutboundStats {
  backlog: number;
  /** Background work (see `track`) that may still queue sends or updates. */
  background: number;
  sent: number;
  retries: number;
  uncertain: number;
  failed: number;
}

function isBotRemoved(status: number | undefined, err: unknown): boolean {
  const text = String((err as { message?: unknown })?.message ?? '');
  return status === 403 || (status === 404 && /conversation/i.test(text)) || /not part of the conversation roster/i.test(text);
}

/**
 * The one outbound path for proactive messages and card updates. It keeps order per conversation,
 * paces per conversation and globally, and retries under the shared Bot Connector policy
 * (`connector-retry.ts`) with the proactive budget: 429/412/503 with backoff and Retry-After, an
 * update also after 502/504/timeouts, and never resends a new message whose outcome is unknown.
 */
export class OutboundQueue {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly lastSend = new Map<string, number>();
  private globalNext = 0;
  private readonly counters: OutboundStats = { backlog: 0, background: 0, sent: 0, retries: 0, uncertain: 0, failed: 0 };
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

  /**
   * Counts background work that will end in sends or updates (reading what a card should show, then
   * updating it after the invoke was answered) in `background` from its start, so whoever waits for the
   * queue to drain (shutdown, tests) also waits for the sends that work has not queued yet.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.counters.background++;
    return work.finally(() => {
      this.counters.background--;
    });
  }

  /** Posts a new message. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendOutcome> {
    return this.enqueue(reference, 'send', (timeoutMs) => this.messenger.send(reference, activity, { timeoutMs }));
  }

  /** Replaces a message posted earlier (a card whose state changed for everyone). */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<SendOutcome> {
    return this.enqueue(reference, 'update', async (timeoutMs) => {
      await this.messenger.update(reference, activityId, activity, { timeoutMs });
      return activityId;
    });
  }

  private enqueue(reference: Partial<ConversationReference>, operation: ConnectorOperation, op: (timeoutMs: number) => Promise<string | undefined>): Promise<SendOutcome> {
    const key = reference.conversation?.id ?? 'unknown';
    this.counters.backlog++;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(key, operation, op));
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

  private budget(): RetryBudget {
    const { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, timeoutMs } = this.options;
    return { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, requestTimeoutMs: timeoutMs };
  }

  private async attempt(key: string, operation: ConnectorOperation, op: (timeoutMs: number) => Promise<string | undefined>): Promise<SendOutcome> {
    const outcome = await runConnectorOperation(operation, (timeoutMs) => this.withTimeout(op(timeoutMs), timeoutMs), {
      budget: this.budget(),
      beforeAttempt: () => this.pace(key),
      sleep: this.options.sleep,
      random: this.options.random,
      onRetry: ({ attempt, delayMs, reason }) => {
        this.counters.retries++;
        this.logger.debug({ conversation: hashKey(key), operation, reason, attempt, delay: delayMs }, 'outbound send retried');
      }
    });
    switch (outcome.status) {
      case 'sent':
        this.counters.sent++;
        return { status: 'sent', id: outcome.value, attempts: outcome.attempts };
      case 'uncertain':
        this.counters.uncertain++;
        this.logger.warn({ conversation: hashKey(key), operation, reason: outcome.reason }, 'outbound send outcome unknown; not resent');
        return { status: 'uncertain', reason: outcome.reason, attempts: outcome.attempts };
      case 'failed': {
        this.counters.failed++;
        const status = (outcome.error as { statusCode?: unknown })?.statusCode;
        const botRemoved = isBotRemoved(typeof status === 'number' ? status : undefined, outcome.error);
        this.logger.warn({ conversation: hashKey(key), operation, status, botRemoved }, 'outbound send failed');
        const reason = typeof status === 'number' ? outcome.reason : String((outcome.error as Error)?.message ?? outcome.reason);
        return { status: 'failed', reason, attempts: outcome.attempts, botRemoved };
      }
    }
  }

  /** A backstop for messengers that do not honour the timeout themselves: the same timeout, as an unknown outcome. */
  private withTimeout<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectorError('connector request timed out', undefined, undefined, 'ETIMEDOUT')), timeoutMs + 50);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Conversation ids are not personal data, but keep logs short and uniform. */
function hashKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 20)}…${key.slice(-12)}` : key;
}
