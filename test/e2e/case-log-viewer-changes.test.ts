import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, message, olle, personalOf, stina, ytterby } from '../support/teams';

/**
 * The case log shows a viewer's agency/role change (from the group log) next to the reveals of the
 * period it covers: a reveal to "polis" reads differently once the log also says the viewer was moved
 * from polis to fritid afterwards (or before).
 */
describe('case log with viewers’ agency and role changes, over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let now = new Date('2026-03-10T09:00:00Z');
  const c = () => ({ serviceUrl: connector.url });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, stina);
    bot = await startBot({ clock: { now: () => now }, env: { ALLOWED_TENANTS: '6f1c2a55-0000-4000-8000-000000000001' } });
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('lists the viewer’s move from polis to fritid under the log, in personal chat only', async () => {
    const groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    await bot.post(message(stina, ytterby, 'ärende ny', c()));
    // The form becomes the case's card: later invokes from it are bound to this case.
    const caseCard = connector.activities.at(-1)!.activityId;
    const created = await bot.post(execute(stina, ytterby, 'cases.create', { name: 'Elsa Exempelsdotter', birthYear: 2013, area: 'Skolan', concern: 'Oro' }, { ...c(), replyToId: caseCard }));
    expect(cardText(created.body.value)).toContain('K-2026-001');
    const consent = await bot.post(
      execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', scope: 'skola,polis,socialtjanst', signedAt: '2026-03-01', validUntil: '', archiveRef: 'Dnr SN 2026/14' }, { ...c(), replyToId: caseCard })
    );
    expect(cardText(consent.body.value)).toContain('är registrerat');
    now = new Date('2026-03-10T10:00:00Z');
    connector.clear();
    await bot.post(message(olle, personalOf(olle), 'ärende K-2026-001', c()));
    // The personal-chat card's refresh shows Olle the details (a reveal, audited).
    const refresh = execute(olle, personalOf(olle), 'cases.view', { groupId, caseId: 'K-2026-001' }, c());
    const shown = await bot.post({ ...refresh, value: { ...refresh.value, trigger: 'automatic' } });
    expect(JSON.stringify(shown.body)).toContain('Elsa Exempelsdotter');

    now = new Date('2026-03-11T08:00:00Z');
    await setMember(bot, connector, ytterby, anna, olle, 'fritid');

    now = new Date('2026-03-12T08:00:00Z');
    connector.clear();
    await bot.post(message(anna, personalOf(anna), 'logg K-2026-001', c()));
    const texts = connector.activities.map((a) => a.body.text ?? '').join('\n');
    expect(texts).toContain('Ändrade verksamheter och roller');
    expect(texts).toContain('2026-03-11 08:00 UTC · Olle Polis: Polis, Medlem → Fritid, Medlem (av Anna Samordnare)');

    // A change of someone who never saw details is not listed; nor is anything outside personal chat.
    now = new Date('2026-03-12T09:00:00Z');
    await setMember(bot, connector, ytterby, anna, stina, 'skola');
    connector.clear();
    await bot.post(message(anna, personalOf(anna), 'logg K-2026-001', c()));
    expect(connector.activities.map((a) => a.body.text ?? '').join('\n')).not.toContain('Stina');
    connector.clear();
    await bot.post(message(anna, ytterby, 'logg K-2026-001', c()));
    expect(connector.activities.map((a) => a.body.text ?? '').join('\n')).not.toContain('Ändrade verksamheter');
  });
});
