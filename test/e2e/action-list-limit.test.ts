import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, cardText, message, olle, personalOf, sara, ytterby } from '../support/teams';
import { ActionRepository } from '../../src/features/actions/action-repository';
import { LIST_LIMIT } from '../../src/features/actions/cards';
import type { Action, ActionStatus } from '../../src/features/actions/model';

const YTTERBY_KEY = 'team:19:team-ytterby@thread.tacv2';
const TOTAL = 60;
const dueOf = (i: number) => new Date(Date.UTC(2026, 1, 1) + (TOTAL - i) * 86_400_000).toISOString().slice(0, 10);
const OVERDUE = Array.from({ length: TOTAL }, (_, i) => dueOf(i)).filter((d) => d < '2026-03-10').length; // 2 Feb – 9 Mar: 36
const stamp = { by: anna.aadObjectId, byName: anna.name, at: '2026-03-01T09:00:00.000Z' };

/**
 * A busy group's lists through /api/messages: a card listing every open action would pass Teams' message
 * size limit and be refused (413), so the group would see nothing at all. The lists show the earliest due
 * first, at most LIST_LIMIT, and say how many there are.
 */
describe('action lists of a busy group over /api/messages', () => {
  const connector = new ConnectorStandIn();
  const clock = { now: () => new Date('2026-03-10T09:00:00Z') };
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const postedCard = () => cardText(ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'POST'))[0]);

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ clock });
    await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    const group = (await bot.bot.repos.groups.getByKey(YTTERBY_KEY))!;
    const repo = new ActionRepository(bot.store);
    // Due dates in reverse order of creation (2 April back to 2 February): the list must sort, not keep the
    // store's order. Those due before 10 March are overdue; all are Olle's.
    for (let i = 0; i < TOTAL; i++) {
      const due = dueOf(i);
      const status: ActionStatus = i % 2 ? 'godkand' : 'pagar';
      const action: Action = {
        id: `a0000000-0000-4000-8000-${String(i).padStart(12, '0')}`, groupId: group.id, municipalityKey: group.municipalityKey,
        title: `Insats ${due} ${'lång titel '.repeat(400)}`, description: '', level: 'generell', area: 'Ytterby', agency: 'polis',
        ownerAad: olle.aadObjectId, ownerName: olle.name, dueDate: due, status, created: stamp, history: [], updatedAt: stamp.at
      };
      expect(await repo.create(action)).toBeDefined();
    }
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  const shownDueDates = (text: string) => [...text.matchAll(/Insats (\d{4}-\d{2}-\d{2}) /g)].map((m) => m[1]);

  it('insatser: the earliest due first, at most LIST_LIMIT, each title cut, and how many of how many', async () => {
    await bot.post(message(sara, ytterby, 'insatser', c()));
    const text = postedCard();
    const due = shownDueDates(text);
    expect(due).toHaveLength(LIST_LIMIT);
    expect(due).toEqual([...due].sort());
    expect(due[0]).toBe('2026-02-02');
    expect(text).toContain(`Visar ${LIST_LIMIT} av ${TOTAL} insatser, de med närmast förfallodag först.`);
    expect(text).toContain('…');
  });

  it('försenade and mina insatser (personal chat) are cut the same way', async () => {
    await bot.post(message(sara, ytterby, 'försenade', c()));
    const overdue = postedCard();
    expect(OVERDUE).toBe(36);
    expect(shownDueDates(overdue)).toHaveLength(LIST_LIMIT);
    expect(overdue).toContain(`Visar ${LIST_LIMIT} av ${OVERDUE} insatser`);
    connector.clear();
    await bot.post(message(olle, personalOf(olle), 'mina insatser', c()));
    const mine = postedCard();
    expect(shownDueDates(mine)).toHaveLength(LIST_LIMIT);
    expect(mine).toContain(`Visar ${LIST_LIMIT} av ${TOTAL} insatser`);
  });

  it('every list answer stays within the size Teams advises (80 KB in UTF-16)', async () => {
    for (const [who, place, text] of [[sara, ytterby, 'insatser'], [sara, ytterby, 'försenade'], [olle, personalOf(olle), 'mina insatser']] as const) {
      connector.clear();
      await bot.post(message(who, place, text, c()));
      const posted = connector.activities.filter((a) => a.method === 'POST');
      expect(posted).toHaveLength(1);
      expect(JSON.stringify(posted[0].body).length * 2).toBeLessThan(80 * 1024);
    }
  });
});
