import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, execute, olle, sara, styrgrupp, ytterby } from '../support/teams';
import { MeetingRepository } from '../../src/features/meetings/meeting-repository';

/** The binding rule (src/access/card-binding.ts) in a second feature: meeting poll invokes act only from the meeting's own card. */
describe('forged meeting invokes over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const proposal = { type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: '', cadence: 'none', date1: '2026-12-28', time1: '14:00', duration1: '60', date2: '2026-12-29', time2: '14:00', duration2: '60' };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ clock: { now: () => new Date('2026-12-01T09:00:00Z') } });
    await registerGroup(bot, connector, ytterby, anna);
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await registerGroup(bot, connector, styrgrupp, olle, { name: 'Olles team', agency: 'polis' });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('an answer or confirmation aimed at another message, or sent from another team with a valid meetingId, changes and updates nothing', async () => {
    const res = await bot.post(execute(anna, ytterby, 'meetings.propose', proposal, c('poll-1')));
    const meetingId = JSON.stringify(res.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
    const groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    const repo = new MeetingRepository(bot.store);
    connector.clear();

    const foreign = await bot.post(execute(sara, ytterby, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c('m-some-other-bot-message')));
    expect(foreign.body.value).toBe('Det här kortet hör inte till det du försöker ändra i den här konversationen, så inget ändrades.');
    const confirm = await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, c('m-some-other-bot-message')));
    expect(confirm.body.value).toContain('inget ändrades');
    // From another team (its own group, valid meetingId and even the real poll's message id): nothing there to act on.
    const otherTeam = await bot.post(execute(olle, styrgrupp, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c('poll-1')));
    expect(otherTeam.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(await repo.answers(groupId, meetingId)).toEqual([]);
    expect((await repo.get(groupId, meetingId))!.status).toBe('open');
    expect(connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);

    // The real poll card still works.
    const real = await bot.post(execute(sara, ytterby, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c('poll-1')));
    expect(real.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(await repo.answers(groupId, meetingId)).toHaveLength(1);
  });
});
