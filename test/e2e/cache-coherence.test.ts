import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, execute, message, olle, sara, ytterby, TENANT } from '../support/teams';

/**
 * The embedded store in this process serves group and membership point reads from memory
 * (src/store/doc-cache.ts). Each test is the attack a stale cache would let through: a person removed
 * or demoted acts again at once, from the very next turn, and must be refused.
 */
describe('access decisions see membership changes at once (point-read cache)', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const said = () => connector.activities.map((a) => JSON.stringify(a.body)).join('\n');

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ env: { ALLOWED_TENANTS: TENANT } });
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis', 'medlem');
    await setMember(bot, connector, ytterby, anna, sara, 'skola', 'samordnare');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('a member removed between two turns is refused on the next one', async () => {
    // Olle's membership is read (and cached) by a turn of his.
    await bot.post(message(olle, ytterby, 'insatser', c()));
    expect(said()).not.toContain('inte registrerad som medlem');
    const hitsBefore = bot.store.cacheStats().members.hits;
    await bot.post(message(olle, ytterby, 'insatser', c()));
    expect(bot.store.cacheStats().members.hits).toBeGreaterThan(hitsBefore);

    await bot.post(execute(anna, ytterby, 'groups.removeMember', { userId: olle.aadObjectId }, c()));
    connector.clear();
    await bot.post(message(olle, ytterby, 'insatser', c()));
    expect(said()).toContain('inte registrerad som medlem');
  });

  it('a coordinator demoted between two turns cannot act as coordinator on the next one', async () => {
    await bot.post(message(sara, ytterby, 'sammanfattning', c()));
    expect(said()).not.toContain('Bara samordnare');
    await setMember(bot, connector, ytterby, anna, sara, 'skola', 'medlem');
    connector.clear();
    await bot.post(message(sara, ytterby, 'sammanfattning', c()));
    expect(said()).toContain('Bara samordnare');
  });
});
