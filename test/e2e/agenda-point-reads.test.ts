import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { storeCostSince, turnWithCost } from '../support/store-cost';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, execute, message, olle, personalOf, sara, ytterby } from '../support/teams';
import { ActionRepository, countActions } from '../../src/features/actions/action-repository';
import { previousIsoWeek } from '../../src/features/summaries/iso-week';
import type { SummaryScope } from '../../src/features/summaries/model';

/**
 * The read turns of actions and meetings cost point reads only, counted at the store: `insatser`,
 * `försenade`, `mina insatser`, `nästa möte` and the free-text questions for overdue actions and the next
 * meeting, in the channel and in personal chat, make no query and fetch no query plan, whatever the data.
 */
describe('actions and meetings read turns over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let now = new Date('2026-03-10T09:00:00Z');
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ clock: { now: () => now }, env: { ICS_SIGNING_SECRET: 'agenda-point-reads-secret-0123456789' } });
    await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    // Three actions: two approved (one overdue on 16 March, one due in April), one done.
    for (const [title, due, steps] of [
      ['Trygghetsvandring i Ytterby centrum', '2026-03-12', ['approve']],
      ['Föräldramöte om droger', '2026-04-20', ['approve']],
      ['Fältvandring fredagar', '2026-03-20', ['approve', 'start', 'done']]
    ] as const) {
      const form = await postedForm(bot, connector, sara, ytterby, 'insats ny');
      const res = await bot.post(execute(sara, ytterby, 'actions.propose', {
        formVersion: 1, title, description: '', level: 'selektiv', area: 'Ytterby', casePseudonym: '', agency: 'polis', ownerId: olle.aadObjectId, dueDate: due, promiseId: ''
      }, c(form)));
      const actionId = JSON.stringify(res.body).match(/"actionId":"([0-9a-f-]{36})"/)![1];
      for (const step of steps) await bot.post(execute(step === 'approve' ? anna : olle, ytterby, `actions.${step}`, { actionId, note: step === 'done' ? 'Genomfört' : '' }, c(form)));
    }
    const poll = await postedForm(bot, connector, anna, ytterby, 'möte');
    const proposed = await bot.post(execute(anna, ytterby, 'meetings.propose', {
      type: 'sspf', title: 'Kartläggning Ytterby', place: 'Ytterby skola', online: 'false', agenda: '', cadence: 'none',
      date1: '2026-03-24', time1: '14:00', duration1: '60', date2: '2026-03-25', time2: '14:00', duration2: '60'
    }, c(poll)));
    const meetingId = JSON.stringify(proposed.body).match(/"meetingId":"(m-[^"]+)"/)![1];
    await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, c(poll)));
    now = new Date('2026-03-16T09:00:00Z');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  /** Sends one message and returns what the bot answered and what the turn cost at the store. */
  const turn = (who: typeof olle, place: typeof ytterby, text: string) => turnWithCost(bot, connector, message(who, place, text, c()));

  it.each([
    ['insatser', 'channel', 'Trygghetsvandring i Ytterby centrum'],
    ['försenade', 'channel', 'Försenad 4 dagar'],
    ['nästa möte', 'channel', 'Kartläggning Ytterby'],
    ['vilka insatser är försenade?', 'channel', 'Trygghetsvandring i Ytterby centrum'],
    ['när är nästa möte?', 'channel', 'Kartläggning Ytterby'],
    ['mina insatser', 'personal', 'Föräldramöte om droger'],
    ['försenade', 'personal', 'Trygghetsvandring i Ytterby centrum'],
    ['nästa möte', 'personal', 'Kartläggning Ytterby'],
    ['vilka insatser är försenade?', 'personal', 'Trygghetsvandring i Ytterby centrum'],
    ['när är nästa möte?', 'personal', 'Kartläggning Ytterby']
  ])('"%s" in %s chat: no query, no query plan, at most 2 point reads', async (text, where, expected) => {
    const place = where === 'channel' ? ytterby : personalOf(olle);
    const first = await turn(olle, place, text);
    expect(first.answer).toContain(expected);
    // Every later turn, whatever was read before, costs the same: no query at all.
    const again = await turn(olle, place, text);
    expect(again.answer).toBe(first.answer);
    expect(again.cost).toMatchObject({ queries: 0, crossPartitionQueries: 0, queryPlans: 0 });
    expect(again.cost.pointReads).toBeLessThanOrEqual(2);
  });

  it('overdue is decided at read time (no job): later, the same read model lists what fell overdue since, with no query', async () => {
    const before = await turn(olle, ytterby, 'försenade');
    expect(before.answer).not.toContain('Föräldramöte om droger');
    expect(before.answer).not.toContain('Fältvandring fredagar'); // done, never overdue
    now = new Date('2026-04-25T09:00:00Z');
    try {
      const later = await turn(olle, ytterby, 'försenade');
      expect(later.answer).toContain('Trygghetsvandring i Ytterby centrum');
      expect(later.answer).toContain('Föräldramöte om droger');
      expect(later.answer).not.toContain('Fältvandring fredagar');
      expect(later.cost).toMatchObject({ queries: 0, queryPlans: 0 });
    } finally {
      now = new Date('2026-03-16T09:00:00Z');
    }
  });

  it("the weekly summary's actions, promises and meetings sections: point reads only, the same figures as counted from the actions", async () => {
    const group = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!;
    const week = previousIsoWeek(now, 'Europe/Stockholm');
    const scope: SummaryScope = { recipientId: group.id, groupIds: [group.id], groups: [{ id: group.id, kind: group.kind, areas: group.areas }], week, now };
    const sources = bot.bot.summarySources.list().filter((s) => ['actions', 'promises', 'meetings'].includes(s.section));
    expect(sources.map((s) => s.section).sort()).toEqual(['actions', 'meetings', 'promises']);
    for (const s of sources) await s.read(scope); // the read models exist after the first summary (or any write)
    const cost = storeCostSince(bot);
    const figures = Object.fromEntries(await Promise.all(sources.map(async (s) => [s.section, await s.read(scope)] as const)));
    expect(cost()).toMatchObject({ queries: 0, crossPartitionQueries: 0, queryPlans: 0 });
    const fromActions = countActions(await new ActionRepository(bot.store).listForGroup(group.id), { from: week.start, to: week.end }, '2026-03-16');
    expect(figures.actions).toEqual({ kind: 'actions', ...fromActions });
    expect(fromActions).toEqual({ proposed: 3, approved: 3, done: 1, overdue: 1 });
    expect(figures.meetings).toEqual({ kind: 'meetings', held: 0, upcoming: 1 });
    expect(figures.promises).toEqual({ kind: 'promises', items: [] });
  });
});
