import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { anna, execute, message, personalOf, sara, ytterby } from '../support/teams';

/** Teams-side faults on replies and card updates inside a turn. */
describe('Bot Connector faults during a turn', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  let requests: Array<{ method: string; path: string }> = [];

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara);
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    requests = [];
  });

  /** Posts the registration form with `registrera` and returns its message id (the card a register invoke may replace). */
  const registrationForm = async (): Promise<string> => {
    await bot.post(message(anna, ytterby, 'registrera', c()));
    const formId = connector.activities.at(-1)!.activityId!;
    connector.clear();
    requests = [];
    return formId;
  };

  const faultsOnce = (...faults: Array<Parameters<ConnectorStandIn['faults']> extends unknown[] ? ReturnType<ConnectorStandIn['faults']> : never>) => {
    connector.faults = (req) => {
      requests.push(req);
      return faults.shift();
    };
  };

  it('retries a reply answered with 429 (Retry-After) and with 412, and delivers it once', async () => {
    faultsOnce({ status: 429, retryAfter: 0 }, { status: 412 });
    const res = await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
    expect(res.status).toBe(200);
    expect(requests).toHaveLength(3);
    expect(ConnectorStandIn.cards(connector.activities)).toHaveLength(1);
  });

  it('gives up on 429 within bounds', async () => {
    connector.faults = (req) => (requests.push(req), { status: 429, retryAfter: 0 });
    const res = await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
    expect(res.status).toBe(200);
    // Three attempts for the reply, then three for the apology (the reply certainly failed): bounded.
    expect(requests.length).toBe(6);
    expect(connector.activities).toHaveLength(0);
    connector.faults = () => undefined;
  });

  it('does not resend a reply whose outcome is unknown (502, 504), nor send an apology after it', async () => {
    for (const status of [502, 504]) {
      requests = [];
      faultsOnce({ status });
      const res = await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
      expect(res.status).toBe(200);
      expect(requests).toHaveLength(1);
      expect(connector.activities).toHaveLength(0);
    }
  });

  it('answers a card invoke without waiting for the update of the posted card', async () => {
    const formId = await registrationForm();
    faultsOnce({ timeoutMs: 1500 });
    const res = await bot.post(
      execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', agency: 'skola' }, { ...c(), replyToId: formId }),
      {},
      { settle: false }
    );
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    // The answer is here while the update of the posted card is still waiting on the connector.
    expect(bot.bot.outbound.stats().backlog).toBe(1);
    expect(connector.activities).toHaveLength(0);
    await bot.idle();
  });

  it('ends with the posted card updated for everyone when its update is answered 502 first', async () => {
    const formId = await registrationForm();
    faultsOnce({ status: 502 });
    const res = await bot.post(
      execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Kareby', municipality: 'Kungälv', areas: 'Kareby', agency: 'skola' }, { ...c(), replyToId: formId })
    );
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT'));
    expect(requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    const updates = connector.activities.filter((a) => a.method === 'PUT');
    expect(updates.map((a) => a.activityId)).toEqual([formId]);
    expect(ConnectorStandIn.cards(updates)).toHaveLength(1);
  });

  it('does not resend an in-turn reply answered 504, but retries a reply answered 503', async () => {
    faultsOnce({ status: 504 });
    await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
    expect(requests).toHaveLength(1);
    expect(connector.activities).toHaveLength(0);
    requests = [];
    faultsOnce({ status: 503 });
    await bot.post(message(sara, personalOf(sara), 'hjälp', c()));
    expect(requests).toHaveLength(2);
    expect(ConnectorStandIn.cards(connector.activities)).toHaveLength(1);
  });
});
