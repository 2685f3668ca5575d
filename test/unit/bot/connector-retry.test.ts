import { ConnectorError, parseRetryAfter } from '../../../src/bot/connector-client';
import { decideRetry, failureOf, IN_TURN_BUDGET, PROACTIVE_BUDGET, type AttemptFailure, type ConnectorOperation } from '../../../src/bot/connector-retry';

const http = (status: number, retryAfterMs?: number): AttemptFailure => ({ status, retryAfterMs, notSent: false, lostAfterSend: false });
const timeout: AttemptFailure = { notSent: false, lostAfterSend: true };
const refused: AttemptFailure = { notSent: true, lostAfterSend: false };
const draw = { random: 0.5 };

describe('the Bot Connector retry policy', () => {
  it.each<[string, AttemptFailure, ConnectorOperation, string]>([
    ['429 on a send', http(429), 'send', 'retry'],
    ['412 on a send', http(412), 'send', 'retry'],
    ['503 on a send', http(503), 'send', 'retry'],
    ['connection refused on a send', refused, 'send', 'retry'],
    ['502 on a send', http(502), 'send', 'uncertain'],
    ['504 on a send', http(504), 'send', 'uncertain'],
    ['a timeout on a send', timeout, 'send', 'uncertain'],
    ['502 on an update', http(502), 'update', 'retry'],
    ['504 on a delete', http(504), 'delete', 'retry'],
    ['a timeout on an update', timeout, 'update', 'retry'],
    ['403 on a send', http(403), 'send', 'failed'],
    ['400 on an update', http(400), 'update', 'failed'],
    ['500 on an update', http(500), 'update', 'failed']
  ])('%s: %s', (_name, failure, operation, action) => {
    expect(decideRetry(operation, failure, 1, PROACTIVE_BUDGET, draw).action).toBe(action);
  });

  it('ends a retried operation as uncertain or failed, by what the last answer says, when attempts run out', () => {
    expect(decideRetry('update', http(502), PROACTIVE_BUDGET.maxAttempts, PROACTIVE_BUDGET, draw)).toEqual({ action: 'uncertain', reason: 'http 502' });
    expect(decideRetry('send', http(429), PROACTIVE_BUDGET.maxAttempts, PROACTIVE_BUDGET, draw)).toEqual({ action: 'failed', reason: 'http 429' });
  });

  it('honours Retry-After, and gives up at once when it is longer than the budget allows', () => {
    expect(decideRetry('send', http(429, 20_000), 1, PROACTIVE_BUDGET, draw)).toEqual({ action: 'retry', delayMs: 20_000 });
    expect(decideRetry('send', http(429, 20_000), 1, IN_TURN_BUDGET, draw).action).toBe('failed');
    expect(decideRetry('send', http(429, 61_000), 1, PROACTIVE_BUDGET, draw).action).toBe('failed');
  });

  it('backs off exponentially with jitter in the upper half', () => {
    const delays = [1, 2, 3].map((n) => [0, 1].map((random) => (decideRetry('send', http(412), n, PROACTIVE_BUDGET, { random }) as { delayMs: number }).delayMs));
    expect(delays).toEqual([
      [250, 500],
      [500, 1000],
      [1000, 2000]
    ]);
  });

  it('does not retry when the wait would not leave time before the turn is due', () => {
    expect(decideRetry('update', http(502), 1, IN_TURN_BUDGET, { random: 0.5, timeLeftMs: 50 }).action).toBe('uncertain');
    expect(decideRetry('send', http(429, 900), 1, IN_TURN_BUDGET, { random: 0.5, timeLeftMs: 800 }).action).toBe('failed');
    expect(decideRetry('send', http(429, 300), 1, IN_TURN_BUDGET, { random: 0.5, timeLeftMs: 800 })).toEqual({ action: 'retry', delayMs: 300 });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-09T07:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 09 Mar 2026 07:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 09 Mar 2026 06:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('tells a request that never left from one that may have been acted on', () => {
    expect(failureOf(new ConnectorError('x', undefined, undefined, 'ECONNREFUSED'))).toMatchObject({ notSent: true, lostAfterSend: false });
    expect(failureOf(new ConnectorError('x', undefined, undefined, 'ETIMEDOUT'))).toMatchObject({ notSent: false, lostAfterSend: true });
    expect(failureOf(new ConnectorError('x', 429, 1000))).toEqual({ status: 429, retryAfterMs: 1000, notSent: false, lostAfterSend: false });
  });
});
