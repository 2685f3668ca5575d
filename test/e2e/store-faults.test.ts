import pino from 'pino';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { StoreFaultProxy } from '../support/fault-proxy';
import { anna, execute, message, personalOf, sara, ytterby } from '../support/teams';

const REGISTRATION = { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'skola' };
const TEAM_KEY = 'team:19:team-ytterby@thread.tacv2';

describe('faults between the bot and the store', () => {
  const connector = new ConnectorStandIn();
  const store = new EmbeddedCosmos({ snapshotMs: 1000, logger: pino({ level: 'silent' }) });
  let proxy: StoreFaultProxy;
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara);
    await store.start();
    proxy = new StoreFaultProxy(store.endpoint);
    await proxy.start();
    bot = await startBot({ env: { COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: EMBEDDED_KEY, COSMOS_DATABASE: 'faults' } });
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
    await store.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    proxy.faults = () => undefined;
  });

  it('asks the user to try again when the store stays unavailable, and stores nothing', async () => {
    proxy.faults = () => ({ status: 503 });
    const res = await bot.post(execute(anna, ytterby, 'groups.register', REGISTRATION, c()));
    expect(res.status).toBe(200);
    expect(res.body.value).toMatch(/Försök igen/);
    const chat = await bot.post(message(sara, personalOf(sara), 'medlemmar', c()));
    expect(chat.status).toBe(200);
    proxy.faults = () => undefined;
    expect(await bot.bot.repos.groups.getByKey(TEAM_KEY)).toBeUndefined();
  });

  it('rides out throttling (429 with a retry-after) within bounds', async () => {
    proxy.faults = (_r, n) => (n % 2 === 0 ? { status: 429, retryAfterMs: 20 } : undefined);
    const res = await bot.post(execute(anna, ytterby, 'groups.register', REGISTRATION, c()));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    proxy.faults = () => undefined;
    expect((await bot.bot.repos.groups.getByKey(TEAM_KEY))?.name).toBe('SSPF Ytterby');
  });

  it('neither duplicates nor half-writes when a write is applied but its answer is lost', async () => {
    let dropped = 0;
    proxy.faults = (r) => (r.method === 'POST' && !r.isQuery && r.path.includes('/colls/members/docs') && dropped++ === 0 ? { dropAfterForward: true } : undefined);
    const first = await bot.post(execute(sara, { kind: 'groupChat', chatId: '19:chat-drop@thread.v2' }, 'groups.register', { ...REGISTRATION, name: 'Chatten' }, c()));
    expect(dropped).toBeGreaterThan(0);
    // Whatever the first answer was, the same click again completes the registration exactly once.
    const again = await bot.post(execute(sara, { kind: 'groupChat', chatId: '19:chat-drop@thread.v2' }, 'groups.register', { ...REGISTRATION, name: 'Chatten' }, c()));
    expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect([first.status, again.status]).toEqual([200, 200]);
    const group = await bot.bot.repos.groups.getByKey('chat:19:chat-drop@thread.v2');
    expect(group?.registeredBy).toBe(sara.aadObjectId);
    const members = await bot.bot.repos.members.list(group!.id);
    expect(members.map((m) => [m.aadObjectId, m.roles])).toEqual([[sara.aadObjectId, ['samordnare']]]);
  });

  it('answers in time through slow store responses', async () => {
    proxy.faults = () => ({ delayMs: 150 });
    const res = await bot.post(message(anna, ytterby, 'medlemmar', c()));
    expect(res.status).toBe(200);
    expect(ConnectorStandIn.cards(connector.activities)).toHaveLength(1);
  });
});
