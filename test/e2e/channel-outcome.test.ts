import { renderCard, type AdaptiveCard } from '../../src/cards/render';
import type { Group } from '../../src/features/groups/model';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { seedChannelGroup } from '../support/flows';

/**
 * What the GroupChannel tells a feature about a failed post, against the Bot Connector stand-in: a
 * certain failure with its reason and whether the bot was removed, or an uncertain outcome (never resent).
 * The weekly summary's delivery records are built from these details.
 */
describe('group channel outcomes', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const card = (title: string): AdaptiveCard => renderCard('help', { title, intro: 'i', footer: 'f', groupsTitle: '', groups: [], sections: [] }, 'sv');
  let n = 0;

  async function seedGroup(): Promise<Group> {
    return seedChannelGroup(bot, connector, `outcome-${++n}`);
  }

  beforeAll(async () => {
    await connector.start();
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    connector.faults = () => undefined;
  });

  it('reports a refused post as a certain failure with its reason, bot still present', async () => {
    const group = await seedGroup();
    connector.faults = () => ({ status: 400 });
    const outcome = await bot.bot.channel.post(group, card('x'));
    expect(outcome).toMatchObject({ status: 'failed', botRemoved: false });
    expect(outcome.status === 'failed' && typeof outcome.reason === 'string' && outcome.reason.length > 0).toBe(true);
    expect((await bot.bot.repos.groups.get(group.id))!.botRemovedAt).toBeUndefined();
  });

  it('reports a post into a conversation the bot was removed from as a failure with botRemoved', async () => {
    const group = await seedGroup();
    connector.faults = () => ({ status: 403 });
    expect(await bot.bot.channel.post(group, card('x'))).toMatchObject({ status: 'failed', botRemoved: true });
  });

  it('reports a 502 on a new post as uncertain with a reason, and does not resend it', async () => {
    const group = await seedGroup();
    connector.faults = () => ({ status: 502 });
    const outcome = await bot.bot.channel.post(group, card('x'));
    expect(outcome.status).toBe('uncertain');
    expect(outcome.status === 'uncertain' && typeof outcome.reason === 'string' && outcome.reason.length > 0).toBe(true);
    expect(connector.activities.filter((a) => a.method === 'POST' && a.conversationId === group.postConversationId).length).toBeLessThanOrEqual(1);
  });
});
