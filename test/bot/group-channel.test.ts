import { TurnContext, type Activity } from 'botbuilder';
import { Roster } from '../../src/bot/roster';
import { turnOf } from '../../src/bot/turn-port';
import { renderCard, type AdaptiveCard } from '../../src/cards/render';
import type { Group } from '../../src/features/groups/model';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { seedChannelGroup } from '../support/flows';
import { anna, execute, personalOf, ytterby } from '../support/teams';

/**
 * The GroupChannel against the real embedded store and the Bot Connector stand-in: posts go to the group's
 * stored reference, a removed bot is recorded once, and a pressed card is updated only when bound.
 */
describe('group channel', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const channelId = ytterby.kind === 'channel' ? ytterby.channelId : '';
  const card = (title: string): AdaptiveCard => renderCard('help', { title, intro: 'i', footer: 'f', groupsTitle: '', groups: [], sections: [] }, 'sv');
  let n = 0;

  /** A registered group of its own per test, with its channel's reference stored as the bot stores it. */
  async function seedGroup(reference = true): Promise<Group> {
    return seedChannelGroup(bot, connector, String(++n), reference);
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

  it('posts a card into the group\'s stored conversation and returns its id', async () => {
    const group = await seedGroup();
    const outcome = await bot.bot.channel.post(group, card('hej'));
    expect(outcome).toMatchObject({ status: 'sent' });
    const sent = connector.sentTo(group.postConversationId);
    expect(sent).toHaveLength(1);
    expect(ConnectorStandIn.cards(sent)).toHaveLength(1);
  });

  it('does not post for a group whose bot was removed, nor without a stored reference', async () => {
    const removed = { ...(await seedGroup()), botRemovedAt: new Date().toISOString() };
    expect(await bot.bot.channel.post(removed, card('x'))).toEqual({ status: 'notPosted', reason: 'botRemoved' });
    const unknown = await seedGroup(false);
    expect(await bot.bot.channel.post(unknown, card('x'))).toEqual({ status: 'notPosted', reason: 'noReference' });
    expect(connector.activities).toHaveLength(0);
  });

  it('marks a group whose bot was removed exactly once, however many posts fail', async () => {
    const group = await seedGroup();
    connector.faults = () => ({ status: 403 });
    const first = await bot.bot.channel.post(group, card('x'));
    expect(first.status).toBe('failed');
    const marked = (await bot.bot.repos.groups.get(group.id))!.botRemovedAt;
    expect(marked).toBeDefined();
    // A caller still holding the group as it was read before the mark fails again: the mark stays the first one.
    await bot.bot.channel.post(group, card('y'));
    expect((await bot.bot.repos.groups.get(group.id))!.botRemovedAt).toBe(marked);
    const logged = bot.logs.filter((l) => l.msg === 'bot removed from group; proactive messages stop' && l.groupId === group.id);
    expect(logged).toHaveLength(1);
  });

  it('replaces a recorded card in the background with refresh, on the recorded conversation', async () => {
    const group = await seedGroup();
    bot.bot.channel.refresh(group, { conversationId: group.postConversationId, activityId: 'm-7' }, card('new'), 'test card');
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT'));
    const put = connector.activities.find((a) => a.method === 'PUT')!;
    expect(put.activityId).toBe('m-7');
    expect(put.conversationId).toBe(group.postConversationId);
  });

  it('sends a text to a stored personal reference and replaces a card there', async () => {
    const reference = { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'a:personal-1', conversationType: 'personal' }, bot: { id: '28:trygg-bot', name: 'Trygg' } };
    expect(await bot.bot.channel.sendTo(reference, 'påminnelse')).toMatchObject({ status: 'sent' });
    expect(await bot.bot.channel.replace(reference, 'm-9', card('z'))).toEqual({ status: 'sent', activityId: 'm-9' });
    expect(connector.sentTo('a:personal-1').map((a) => a.method)).toEqual(['POST', 'PUT']);
  });

  describe('updatePressed: the card an invoke came from', () => {
    const turnFor = (activity: unknown) => turnOf(new TurnContext(bot.bot.adapter, activity as Activity), new Roster(bot.bot.adapter.connector));

    it('updates the pressed card for everyone when the store records it as this object\'s card', async () => {
      const group = await seedGroup();
      const press = execute(anna, ytterby, 'x', {}, { serviceUrl: connector.url, replyToId: 'm-card-1' });
      const turn = turnFor(press);
      const decision = bot.bot.channel.updatePressed(turn, group.id, { groupId: group.id, cards: [{ conversationId: turn.where.conversationId, activityId: 'm-card-1' }] }, card('updated'));
      expect(decision).toEqual({ allowed: true, reason: 'bound' });
      await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === 'm-card-1'));
    });

    it('refuses a forged invoke: a foreign replyToId, another group\'s object, personal chat; nothing is sent', async () => {
      const group = await seedGroup();
      const forged = turnFor(execute(anna, ytterby, 'x', {}, { serviceUrl: connector.url, replyToId: 'm-someone-elses' }));
      const cards = [{ conversationId: forged.where.conversationId, activityId: 'm-card-2' }];
      expect(bot.bot.channel.updatePressed(forged, group.id, { groupId: group.id, cards }, card('x'))).toMatchObject({ allowed: false, reason: 'notThisObjectsCard' });
      const other = turnFor(execute(anna, ytterby, 'x', {}, { serviceUrl: connector.url, replyToId: 'm-card-2' }));
      expect(bot.bot.channel.updatePressed(other, group.id, { groupId: 'group:other', cards }, card('x'))).toMatchObject({ allowed: false, reason: 'otherGroup' });
      const personal = turnFor(execute(anna, personalOf(anna), 'x', {}, { serviceUrl: connector.url, replyToId: 'm-card-2' }));
      expect(bot.bot.channel.updatePressed(personal, undefined, { groupId: group.id, cards }, card('x'))).toMatchObject({ allowed: false, reason: 'personalChat' });
      await bot.idle();
      expect(connector.activities).toHaveLength(0);
    });

    it('answers the press even when the update fails: the failure is only logged', async () => {
      const group = await seedGroup();
      connector.faults = () => ({ status: 400 });
      const turn = turnFor(execute(anna, ytterby, 'x', {}, { serviceUrl: connector.url, replyToId: 'm-card-3' }));
      const decision = bot.bot.channel.updatePressed(turn, group.id, { groupId: group.id, cards: [{ conversationId: turn.where.conversationId, activityId: 'm-card-3' }] }, card('x'));
      expect(decision.allowed).toBe(true);
      await bot.idle();
      for (let i = 0; i < 100 && !bot.logs.some((l) => l.msg === 'could not update a posted card' && l.groupId === group.id); i++) await new Promise((r) => setTimeout(r, 10));
      expect(bot.logs.some((l) => l.msg === 'could not update a posted card' && l.groupId === group.id)).toBe(true);
    });
  });
});
