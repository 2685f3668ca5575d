import { casesAgendaSource } from '../../src/features/cases/agenda-source';
import { CaseRepository } from '../../src/features/cases/case-repository';
import type { FeatureContext } from '../../src/features/feature';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, stina, ytterby } from '../support/teams';

/** The agenda of a confirmed meeting, built from open actions, the situation picture and cases. */
describe('meeting agenda from the other features', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const now = new Date('2026-03-20T09:00:00Z');
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, filip, stina);
    bot = await startBot({ env: { ICS_SIGNING_SECRET: 'agenda-e2e-secret-0123456789abcdef' }, clock: { now: () => now } });
    await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst', 'samordnare');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('lists open actions due before the meeting and the situation since the last one, never update text', async () => {
    await bot.post(execute(olle, ytterby, 'updates.submit', { draftId: '00000000-0000-4000-8000-0000000000a1', area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn: '2026-03-18', text: 'HEMLIGTEXT vid stationen' }, c(await postedForm(bot, connector, olle, ytterby, 'lägesbild ny'))));
    await bot.post(
      execute(filip, ytterby, 'actions.propose', { formVersion: 1, title: 'Fältvandring vid stationen', description: 'Fredagar.', level: 'selektiv', area: 'Ytterby', casePseudonym: '', agency: 'fritid', ownerId: filip.aadObjectId, dueDate: '2026-03-25', promiseId: '' }, c(await postedForm(bot, connector, filip, ytterby, 'insats ny')))
    );
    const poll = await postedForm(bot, connector, anna, ytterby, 'möte');
    const proposed = await bot.post(
      execute(anna, ytterby, 'meetings.propose', { type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: 'Sommarlovet', cadence: 'none', date1: '2026-03-27', time1: '14:00', duration1: '60', date2: '2026-03-30', time2: '14:00', duration2: '60' }, c(poll))
    );
    const meetingId = JSON.stringify(proposed.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
    connector.clear();
    const confirmed = await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, c(poll)));
    expect(confirmed.status).toBe(200);
    // The card posted for everyone is updated in the background to the confirmed meeting with its agenda.
    const confirmedCard = (all: typeof connector.activities) =>
      ConnectorStandIn.cards(all.filter((a) => a.method === 'PUT')).map(cardText).find((t) => t.includes('Öppna insatser att följa upp'));
    await connector.waitFor((all) => !!confirmedCard(all));
    const posted = confirmedCard(connector.activities)!;
    expect(posted).toContain('Sommarlovet');
    expect(posted).toContain('Öppna insatser att följa upp');
    expect(posted).toContain('Fältvandring vid stationen (klar senast 2026-03-25)');
    expect(posted).toContain('Lägesbild sedan förra mötet');
    expect(posted).toContain('Ytterby · narkotika: 1 rapport, ökande');
    expect(posted).not.toContain('HEMLIGTEXT');
  });

  it('lists cases due for follow-up by pseudonym only', async () => {
    await bot.post(message(stina, ytterby, 'ärende ny', c()));
    const opened = await bot.post(
      execute(stina, ytterby, 'cases.create', { name: 'Elsa Exempelsdotter', birthYear: 2013, area: 'Ytterby', concern: 'Oro för frånvaro' }, c(connector.activities.at(-1)!.activityId))
    );
    const pseudonym = JSON.stringify(opened.body).match(/K-2026-\d{3}/)![0];
    const groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    const cases = new CaseRepository(bot.store);
    // The follow-up date is set when the action plan step is completed; set it directly here.
    await cases.update(groupId, pseudonym, (cur) => cur && { ...cur, followUpOn: '2026-03-25' });
    const source = casesAgendaSource({ store: bot.store } as FeatureContext);
    const items = await source.items(groupId, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-27T13:00:00Z'), 'sv');
    expect(items).toEqual([`${pseudonym} (uppföljning 2026-03-25)`]);
    expect(await source.items(groupId, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-24T13:00:00Z'), 'sv')).toEqual([]);
  });
});
