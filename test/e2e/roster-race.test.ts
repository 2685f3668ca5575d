import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, execute, olle, sara, ytterby } from '../support/teams';

/**
 * The attack: two coordinators demote (or remove) each other at the same moment. Each request alone
 * sees the other still a coordinator, so deciding on a roster read and writing afterwards let both
 * succeed and left the group with no coordinator. Membership changes of a group are serialised.
 */
describe('concurrent membership changes over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const key = 'team:19:team-ytterby@thread.tacv2';
  const coordinators = async () => {
    const groupId = (await bot.bot.repos.groups.getByKey(key))!.id;
    return (await bot.bot.repos.members.list(groupId)).filter((m) => m.roles.includes('samordnare')).map((m) => m.aadObjectId);
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({});
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis', 'medlem');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('two coordinators demoting each other at once: exactly one demotion happens, a coordinator remains', async () => {
    await setMember(bot, connector, ytterby, anna, sara, 'skola', 'samordnare');
    for (let round = 0; round < 5; round++) {
      expect((await coordinators()).sort()).toEqual([anna.aadObjectId, sara.aadObjectId].sort());
      await Promise.all([
        bot.post(execute(anna, ytterby, 'groups.setMember', { userId: sara.aadObjectId, agency: 'skola', role: 'medlem' }, c())),
        bot.post(execute(sara, ytterby, 'groups.setMember', { userId: anna.aadObjectId, agency: 'socialtjanst', role: 'medlem' }, c()))
      ]);
      const left = await coordinators();
      expect(left).toHaveLength(1);
      // The one left promotes the other again for the next round.
      const [stays, other] = left[0] === anna.aadObjectId ? [anna, sara] : [sara, anna];
      await setMember(bot, connector, ytterby, stays, other, other === sara ? 'skola' : 'socialtjanst', 'samordnare');
    }
  });

  it('two coordinators removing each other at once: a coordinator remains', async () => {
    const [remaining] = await coordinators();
    const other = remaining === anna.aadObjectId ? sara : anna;
    const stays = remaining === anna.aadObjectId ? anna : sara;
    await setMember(bot, connector, ytterby, stays, other, 'skola', 'samordnare');
    expect(await coordinators()).toHaveLength(2);
    await Promise.all([
      bot.post(execute(anna, ytterby, 'groups.removeMember', { userId: sara.aadObjectId }, c())),
      bot.post(execute(sara, ytterby, 'groups.removeMember', { userId: anna.aadObjectId }, c()))
    ]);
    expect(await coordinators()).toHaveLength(1);
  });
});
