import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { postedForm, registerGroup } from '../support/flows';
import { anna, cardText, execute, ytterby } from '../support/teams';

/** Issue 16 item 6: the proposal form shows two time rows; rows 3–5 are optional and empty ones ignored. */
describe('the meeting proposal form over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  /** Every input of the form as Teams submits it: the hidden rows too, empty but for the default length. */
  const form = (rows: Record<string, string>) => ({
    type: 'sspf', title: 'Kartläggning Ytterby', place: 'Ytterby skola', online: 'false', agenda: '', cadence: 'none',
    ...Object.fromEntries([1, 2, 3, 4, 5].flatMap((n) => [[`date${n}`, ''], [`time${n}`, ''], [`duration${n}`, '60']])),
    ...rows
  });
  const meetingsOf = async () => {
    const { MeetingRepository } = await import('../../src/features/meetings/meeting-repository');
    const group = await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2');
    return new MeetingRepository(bot.store).list(group?.id ?? '');
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
    bot = await startBot({ clock: { now: () => new Date('2026-03-20T09:00:00Z') } });
    await registerGroup(bot, connector, ytterby, anna);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('posts two time rows with "Lägg till tid" revealing the next', async () => {
    await postedForm(bot, connector, anna, ytterby, 'möte');
    const card = JSON.stringify(ConnectorStandIn.cards(connector.activities)[0]);
    expect(card).toContain('"id":"slot3","isVisible":false');
    expect(card).toContain('{"type":"Action.ToggleVisibility","title":"Lägg till tid","targetElements":["slot3","add2"]}');
  });

  it('refuses a half-filled row with a clear error, storing nothing, and the form stays usable', async () => {
    const formId = await postedForm(bot, connector, anna, ytterby, 'möte');
    const rows = { date1: '2026-03-27', time1: '14:00', date2: '2026-03-31', time2: '14:00' };
    const half = await bot.post(execute(anna, ytterby, 'meetings.propose', form({ ...rows, date4: '2026-04-01' }), c(formId)));
    expect(cardText(half.body.value)).toContain('Tid 4: ange både datum och starttid.');
    expect(JSON.stringify(half.body.value)).toContain('"id":"slot4","isVisible":true');
    expect(await meetingsOf()).toEqual([]);

    const res = await bot.post(execute(anna, ytterby, 'meetings.propose', form(rows), c(formId)));
    const text = cardText(res.body.value);
    expect(text).toContain('fredag 27 mars 2026 14:00–15:00');
    expect(text).toContain('tisdag 31 mars 2026 14:00–15:00');
    const stored = await meetingsOf();
    expect(stored).toHaveLength(1);
    expect(stored[0].options.map((o) => o.id)).toEqual(['o1', 'o2']);
  });
});
