import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { linkToSteering, postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, message, olle, styrgrupp, ytterby } from '../support/teams';

/** The weekly summary built from the real updates, actions and promises features, not seeded figures. */
describe('weekly summary from the features that feed it', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = () => ({ serviceUrl: connector.url });
  const now = new Date('2026-03-11T10:00:00Z'); // Wednesday of ISO week 11

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, filip);
    bot = await startBot({ clock: { now: () => now } });
    await registerGroup(bot, connector, styrgrupp, anna, { kind: 'styrgrupp', name: 'Trygg i Kungälv', areas: 'Kungälv' });
    await registerGroup(bot, connector, ytterby, anna, { name: 'SSPF Ytterby', areas: 'Ytterby, Kareby' });
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('shows this week\'s updates per area and category with trend, and action counts, and none of their text', async () => {
    const updates = [
      { area: 'Ytterby', category: 'narkotika', trend: 'okande', text: 'Langning vid busstorget på kvällarna' },
      { area: 'Ytterby', category: 'narkotika', trend: 'okande', text: 'Fler fynd av påsar i parken' },
      { area: 'Kareby', category: 'skolfranvaro', trend: 'minskande', text: 'Färre frånvarande på mellanstadiet' }
    ];
    for (const [i, u] of updates.entries()) {
      const res = await bot.post(
        execute(olle, ytterby, 'updates.submit', { draftId: `00000000-0000-4000-8000-00000000000${i}`, level: 'generell', observedOn: '2026-03-10', ...u }, { ...c(), replyToId: await postedForm(bot, connector, olle, ytterby, 'lägesbild ny') })
      );
      expect(res.status).toBe(200);
    }
    const proposal = await bot.post(
      execute(filip, ytterby, 'actions.propose', {
        formVersion: 1,
        title: 'Extra fältvandring vid busstorget',
        description: 'Två fältassistenter fredagar.',
        level: 'selektiv',
        area: 'Ytterby',
        casePseudonym: '',
        agency: 'fritid',
        ownerId: filip.aadObjectId,
        dueDate: '2026-03-31',
        promiseId: ''
      }, { ...c(), replyToId: await postedForm(bot, connector, filip, ytterby, 'insats ny') })
    );
    expect(proposal.status).toBe(200);

    connector.clear();
    await bot.post(message(anna, styrgrupp, 'sammanfattning', c()));
    const text = ConnectorStandIn.cards(connector.activities).map(cardText).find((t) => t.includes('Veckosammanfattning')) ?? '';
    expect(text).toContain('Veckosammanfattning vecka 11 2026');
    // Issue 16 item 3: in a steering group's roll-up, counts from 1 to 2 are shown as "färre än 3", never exactly.
    expect(text).toMatch(/Ytterby · Narkotika\nfärre än 3 ↑ ökande/);
    expect(text).toMatch(/Kareby · Skolfrånvaro\nfärre än 3 ↓ minskande/);
    expect(text).not.toMatch(/Narkotika\n2 /);
    expect(text).toMatch(/Föreslagna\n1/);
    for (const u of updates) expect(text).not.toContain(u.text);
    expect(text).not.toContain('Extra fältvandring');
  });
});
