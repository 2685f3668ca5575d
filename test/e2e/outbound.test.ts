import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';

describe('outbound queue against the Bot Connector stand-in', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const reference = (conv: string) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conv, isGroup: true, conversationType: 'channel', name: '' },
    bot: { id: '28:trygg-bot', name: 'Trygg' }
  });

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ outbound: { timeoutMs: 300 } });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    connector.faults = () => undefined;
  });

  it('retries 429 with Retry-After and 412, then posts exactly once', async () => {
    let calls = 0;
    connector.faults = () => (++calls === 1 ? { status: 429, retryAfter: 0 } : calls === 2 ? { status: 412 } : undefined);
    const outcome = await bot.bot.outbound.send(reference('19:c1@thread.tacv2'), { type: 'message', text: 'veckosammanfattning' });
    expect(outcome).toMatchObject({ status: 'sent', attempts: 3 });
    expect(calls).toBe(3);
    expect(connector.sentTo('19:c1@thread.tacv2')).toHaveLength(1);
  });

  it('does not resend after 502, 504 or a timeout: the outcome is uncertain', async () => {
    for (const fault of [{ status: 502 }, { status: 504 }, { timeoutMs: 800 }]) {
      let calls = 0;
      connector.faults = () => (++calls, fault);
      const outcome = await bot.bot.outbound.send(reference('19:c2@thread.tacv2'), { type: 'message', text: 'x' });
      expect(outcome.status).toBe('uncertain');
      expect(calls).toBe(1);
    }
  });

  it('gives up on 429 after the last attempt and reports a certain failure', async () => {
    let calls = 0;
    connector.faults = () => (++calls, { status: 429, retryAfter: 0 });
    const outcome = await bot.bot.outbound.send(reference('19:c3@thread.tacv2'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ status: 'failed', attempts: 6, botRemoved: false });
    expect(calls).toBe(6);
  });

  it('reports a bot that is no longer in the conversation', async () => {
    connector.faults = () => ({ status: 403 });
    const outcome = await bot.bot.outbound.send(reference('19:c4@thread.tacv2'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ status: 'failed', botRemoved: true });
  });

  it('keeps the order within a conversation while 20 sends are queued', async () => {
    connector.faults = (_r, n) => (n % 3 === 0 ? { status: 429, retryAfter: 0 } : undefined);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => bot.bot.outbound.send(reference('19:c5@thread.tacv2'), { type: 'message', text: `nr ${i}` }))
    );
    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    expect(connector.sentTo('19:c5@thread.tacv2').map((a) => a.body.text)).toEqual(Array.from({ length: 20 }, (_, i) => `nr ${i}`));
    expect(bot.bot.outbound.stats().backlog).toBe(0);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const times: number[] = [];
    // HTTP dates have whole seconds: 2 s ahead is between 1 and 2 s from now.
    const until = new Date(Date.now() + 2000);
    connector.faults = () => (times.push(Date.now()), times.length === 1 ? { status: 429, retryAfter: until.toUTCString() } : undefined);
    const outcome = await bot.bot.outbound.send(reference('19:c6@thread.tacv2'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ status: 'sent', attempts: 2 });
    expect(times).toHaveLength(2);
    expect(times[1]).toBeGreaterThanOrEqual(Math.floor(until.getTime() / 1000) * 1000 - 20);
    expect(connector.sentTo('19:c6@thread.tacv2')).toHaveLength(1);
  });

  it('retries an update of a posted message after 502, 504 and a timeout (replacing is idempotent)', async () => {
    for (const fault of [{ status: 502 }, { status: 504 }, { timeoutMs: 800 }]) {
      connector.clear();
      let calls = 0;
      connector.faults = () => (++calls === 1 ? fault : undefined);
      const outcome = await bot.bot.outbound.update(reference('19:c7@thread.tacv2'), 'm-posted', { type: 'message', text: 'godkänd' });
      expect(outcome).toMatchObject({ status: 'sent', attempts: 2 });
      expect(connector.sentTo('19:c7@thread.tacv2').map((a) => [a.method, a.activityId, a.body.text])).toEqual([['PUT', 'm-posted', 'godkänd']]);
    }
  });

  it('never resends a new message answered 504, while retrying 503 (certainly not posted)', async () => {
    let calls = 0;
    connector.faults = () => (++calls, { status: 504 });
    expect(await bot.bot.outbound.send(reference('19:c8@thread.tacv2'), { type: 'message', text: 'x' })).toMatchObject({ status: 'uncertain', attempts: 1 });
    expect(calls).toBe(1);
    calls = 0;
    connector.faults = () => (++calls === 1 ? { status: 503 } : undefined);
    expect(await bot.bot.outbound.send(reference('19:c8@thread.tacv2'), { type: 'message', text: 'y' })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(connector.sentTo('19:c8@thread.tacv2').map((a) => a.body.text)).toEqual(['y']);
  });
});
