import { ConnectorError } from './connector-client';

/**
 * The one retry policy for everything that talks to the Bot Connector: replies inside a turn, proactive
 * sends, card updates and deletes. What differs between in-turn and proactive calls is only the budget.
 *
 * | answer                                        | send (POST, not idempotent) | update / delete / read (idempotent) |
 * |-----------------------------------------------|-----------------------------|-------------------------------------|
 * | 2xx                                           | done                        | done                                |
 * | 429, 412, 503; connection refused             | retry (Retry-After, backoff)| retry (Retry-After, backoff)        |
 * | 502, 504, timeout, connection lost after send | uncertain, never resent     | retry (backoff)                     |
 * | anything else (400, 401, 403, 404, 500, ...)  | failed                      | failed                              |
 *
 * A retry happens only while attempts, the budget's longest Retry-After and (in a turn) the time left
 * allow; otherwise the last answer decides: `failed` if certainly not done, `uncertain` if it may have been.
 */
export type ConnectorOperation = 'send' | 'update' | 'delete' | 'read';

/** How much retrying a caller can afford. */
export interface RetryBudget {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubles per attempt, with full jitter on its upper half. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the operation ends as failed at once. */
  maxRetryAfterMs: number;
  /** One HTTP attempt without an answer after this long counts as a timeout (an unknown outcome). */
  requestTimeoutMs: number;
}

/** Inside a turn: Teams waits only seconds for the answer, and the turn's deadline caps every wait too. */
export const IN_TURN_BUDGET: RetryBudget = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 1000, requestTimeoutMs: 4000 };

/** Proactive sends (weekly summaries, reminders, posted-card updates): nobody waits, so they wait longer. */
export const PROACTIVE_BUDGET: RetryBudget = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000, requestTimeoutMs: 15_000 };

/** What happened to one attempt that did not succeed, reduced to what the policy needs. */
export interface AttemptFailure {
  status?: number;
  retryAfterMs?: number;
  /** The request certainly never reached Teams (connection refused, no route). */
  notSent: boolean;
  /** The request may have reached Teams and been acted on (timeout, connection lost after sending). */
  lostAfterSend: boolean;
}

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'uncertain'; reason: string }
  | { action: 'failed'; reason: string };

const IDEMPOTENT: Record<ConnectorOperation, boolean> = { send: false, update: true, delete: true, read: true };
/** Answers that say Teams did not act: safe to repeat any operation. */
const RETRY_ANY = new Set([429, 412, 503]);
/** Answers that leave it unknown whether Teams acted: only idempotent operations are repeated. */
const UNKNOWN_OUTCOME = new Set([502, 504]);

function reasonOf(f: AttemptFailure): string {
  if (f.status !== undefined) return `http ${f.status}`;
  return f.lostAfterSend ? 'timeout or connection lost' : 'connection failed';
}

/**
 * Decides what to do after attempt number `attempt` failed. Pure: the caller supplies the random draw
 * for the jitter and, in a turn, the milliseconds left until the answer is due.
 */
export function decideRetry(
  operation: ConnectorOperation,
  failure: AttemptFailure,
  attempt: number,
  budget: RetryBudget,
  draw: { random: number; timeLeftMs?: number }
): RetryDecision {
  const reason = reasonOf(failure);
  const unknown = failure.lostAfterSend || (failure.status !== undefined && UNKNOWN_OUTCOME.has(failure.status));
  const safe = failure.notSent || (failure.status !== undefined && RETRY_ANY.has(failure.status));
  const giveUp: RetryDecision = unknown ? { action: 'uncertain', reason } : { action: 'failed', reason };
  if (!safe && !(unknown && IDEMPOTENT[operation])) return giveUp;
  if (attempt >= budget.maxAttempts) return giveUp;
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > budget.maxRetryAfterMs) return giveUp;
  const exp = Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (attempt - 1));
  const backoff = exp / 2 + draw.random * (exp / 2);
  const delayMs = Math.max(failure.retryAfterMs ?? 0, backoff);
  // The next attempt must have time to get an answer before the turn's deadline.
  if (draw.timeLeftMs !== undefined && delayMs >= draw.timeLeftMs) return giveUp;
  return { action: 'retry', delayMs };
}

const LOST_AFTER_SEND = new Set(['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT']);
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Reduces an error thrown by the connector client (or a messenger) to an attempt failure. */
export function failureOf(err: unknown): AttemptFailure {
  const e = err as { statusCode?: unknown; code?: unknown; retryAfterMs?: unknown };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return {
    status,
    retryAfterMs: typeof e?.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
    notSent: status === undefined && code !== undefined && NOT_SENT.has(code),
    lostAfterSend: status === undefined && code !== undefined && LOST_AFTER_SEND.has(code)
  };
}

/** How an operation ended after the policy ran its course. */
export type OperationOutcome<T> =
  | { status: 'sent'; value: T; attempts: number }
  | { status: 'uncertain'; reason: string; attempts: number; error: unknown }
  | { status: 'failed'; reason: string; attempts: number; error: unknown };

export interface RunOptions {
  budget: RetryBudget;
  /** Epoch ms by which everything must be over (a turn's answer); none for proactive work. */
  deadline?: number;
  /** Called before every attempt (the outbound queue paces there). */
  beforeAttempt?: () => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * Runs one connector operation under the policy. `attempt` gets the timeout for this attempt (the
 * budget's request timeout, shortened to the time left before the deadline).
 */
export async function runConnectorOperation<T>(
  operation: ConnectorOperation,
  attempt: (timeoutMs: number) => Promise<T>,
  options: RunOptions
): Promise<OperationOutcome<T>> {
  const { budget, deadline } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  for (let n = 1; ; n++) {
    await options.beforeAttempt?.();
    const left = deadline === undefined ? undefined : Math.max(0, deadline - now());
    try {
      // Certainly not sent, and not retried: nothing could be answered in time any more.
      if (left === 0) throw new ConnectorError("the turn's deadline passed before the request was sent", undefined, undefined, 'EDEADLINE');
      const value = await attempt(left === undefined ? budget.requestTimeoutMs : Math.min(budget.requestTimeoutMs, left));
      return { status: 'sent', value, attempts: n };
    } catch (error) {
      const decision = decideRetry(operation, failureOf(error), n, budget, {
        random: random(),
        timeLeftMs: deadline === undefined ? undefined : deadline - now()
      });
      if (decision.action !== 'retry') return { status: decision.action, reason: decision.reason, attempts: n, error };
      const status = failureOf(error).status;
      options.onRetry?.({ attempt: n, delayMs: decision.delayMs, reason: status ? `http ${status}` : 'network' });
      await sleep(decision.delayMs);
    }
  }
}
