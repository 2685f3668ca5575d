import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { storeCostSince } from '../support/store-cost';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, message, olle, personalOf, type Place } from '../support/teams';
import { GroupRepository } from '../../src/features/groups/group-repository';
import { parseIsoWeek } from '../../src/features/summaries/iso-week';
import { trendsSummarySource } from '../../src/features/summaries/series';
import { updatesSummarySource } from '../../src/features/updates/summary-source';
import { UpdateRepository } from '../../src/features/updates/update-repository';
import { updatesWeeklySeries } from '../../src/features/updates/weekly-series';
import type { StoreRequestCounts } from '../../src/store/embedded';

const kallinge: Place = { kind: 'channel', teamId: '19:team-sspf-kallinge-reads@thread.tacv2', channelId: '19:general-kallinge-reads@thread.tacv2' };
const groupId = GroupRepository.idFor(`team:${(kallinge as { teamId: string }).teamId}`);

/**
 * Issue 17: a `lägesbild` turn reads the situation picture from its month views by id. Counted at the
 * embedded store, it makes no query and asks for no query plan, whatever period it is asked for, in the
 * channel and in personal chat; the summary's updates section and trends series neither.
 */
describe('lägesbild reads read models by id only, over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle);
    bot = await startBot({ clock: { now: () => new Date('2026-03-10T09:00:00Z') } });
    await registerGroup(bot, connector, kallinge, anna, { name: 'SSPF Kallinge', municipality: 'Ronneby', areas: 'Kallinge, Bräkne-Hoby' });
    await setMember(bot, connector, kallinge, anna, olle, 'polis');
    // Updates over more than a year, in both areas, so long periods span many month views.
    const days = ['2025-03-11', '2025-09-30', '2026-01-15', '2026-02-09', '2026-02-28', '2026-03-01', '2026-03-06', '2026-03-10'];
    for (const [i, observedOn] of days.entries()) {
      const data = { draftId: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`, area: i % 2 ? 'Kallinge' : 'Bräkne-Hoby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn, text: `Iakttagelse ${i}` };
      const res = await bot.post(execute(olle, kallinge, 'updates.submit', data, { ...c(), replyToId: await postedForm(bot, connector, olle, kallinge, 'lägesbild ny') }));
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  /** The store requests of the second of two identical turns (the first may store the conversation reference). */
  async function turn(place: Place, text: string): Promise<{ text: string; counts: StoreRequestCounts }> {
    await bot.post(message(olle, place, text, c()));
    connector.clear();
    const cost = storeCostSince(bot);
    await bot.post(message(olle, place, text, c()));
    return { text: cardText(ConnectorStandIn.cards(connector.activities).at(-1)), counts: cost() };
  }

  const none = { queries: 0, crossPartitionQueries: 0, queryPlans: 0 };

  it.each([
    ['the channel, default period', kallinge, 'lägesbild Kallinge', '3 rapporter, förra perioden 0 (+3)'],
    ['the channel, both areas, 366 days', kallinge, 'lägesbild hela kommunen 366 dagar', '8 rapporter, förra perioden 0'],
    ['personal chat, default period', personalOf(olle), 'lägesbild Kallinge', '3 rapporter, förra perioden 0 (+3)'],
    ['personal chat, one week', personalOf(olle), 'lägesbild Bräkne-Hoby senaste veckan', '1 rapport, förra perioden 1'],
    ['personal chat, 12 months', personalOf(olle), 'lägesbild 12 månader', '8 rapporter, förra perioden 0'],
    ['personal chat, 2 weeks, in English', personalOf(olle), 'situation in Kallinge last 2 weeks', '2 updates, previous period 0 (+2)']
  ])('in %s: the answer comes from the views with no query and no query plan', async (_, place, text, shows) => {
    const answer = await turn(place, text);
    expect(answer.text).toContain(shows);
    expect(answer.counts).toMatchObject(none);
  });

  it('shows the texts only in personal chat, from the views', async () => {
    expect((await turn(personalOf(olle), 'lägesbild Kallinge')).text).toContain('Iakttagelse 5');
    expect((await turn(kallinge, 'lägesbild Kallinge')).text).not.toContain('Iakttagelse');
  });

  it("the summary's updates section and trends series read the views by id", async () => {
    const updates = new UpdateRepository(bot.store);
    const week = parseIsoWeek('2026-W10', 'Europe/Stockholm')!;
    const scope = { recipientId: groupId, groupIds: [groupId], groups: [{ id: groupId, kind: 'sspf' as const, areas: ['Kallinge', 'Bräkne-Hoby'] }], week, now: new Date('2026-03-10T09:00:00Z') };
    const cost = storeCostSince(bot);
    const section = await updatesSummarySource(updates).read(scope);
    const trends = await trendsSummarySource(updatesWeeklySeries(updates)).read(scope);
    expect(cost()).toMatchObject(none);
    expect(section).toEqual({ kind: 'updates', rows: [{ area: 'Bräkne-Hoby', category: 'narkotika', count: 1, trend: 'rising' }] });
    expect(trends.rows.map((r) => [r.area, r.counts.reduce((a, b) => a + b, 0)])).toEqual([['Bräkne-Hoby', 3], ['Kallinge', 2]]);
  });
});
