import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { admin, anna, cardText, execute, filip, message, olle, person, personalOf, sara, stina, styrgrupp, ytterby, type Person, type Place } from '../support/teams';
import { SecurityLog } from '../../src/audit/security-log-repository';
import { AuditLog } from '../../src/audit/case-audit-repository';
import { CaseRepository } from '../../src/features/cases/case-repository';

/** Each test is an attack from issue 12 ("Why"), tried over /api/messages against the real embedded store. */
const DETAILS = { name: 'Vera Verkligsdotter', birthYear: 2013, area: 'Ytterby ZONHEMLIG', concern: 'Oro HEMLIGMARK' };
const TENANT = '6f1c2a55-0000-4000-8000-000000000001';
const nils = person(9, 'Nils Utomstående');

describe('case access attacks over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let groupId = '';
  let otherGroupId = '';
  let repo: CaseRepository;
  const c = () => ({ serviceUrl: connector.url });
  const say = (who: Person, place: Place, text: string) => bot.post(message(who, place, text, c()));
  const lastText = () => connector.activities.at(-1)!.body.text;
  const cardFrom = async (who: Person, place: Place, text: string) => {
    await say(who, place, text);
    return connector.activities.at(-1)!.activityId!;
  };
  const view = (who: Person, place: Place, caseId: string, trigger: 'manual' | 'automatic' = 'automatic') => {
    const a = execute(who, place, 'cases.view', { groupId, caseId }, c());
    return bot.post({ ...a, value: { ...a.value, trigger } });
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina, nils, admin);
    bot = await startBot({ env: { ALLOWED_TENANTS: TENANT, ADMIN_AAD_IDS: admin.aadObjectId } });
    repo = new CaseRepository(bot.store);
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    // A second registered team where Nils is the coordinator: his own valid group.
    await registerGroup(bot, connector, styrgrupp, nils, { name: 'SSPF Kareby', agency: 'polis' });
    otherGroupId = (await bot.bot.repos.groups.getByKey('team:19:team-trygg-kungalv@thread.tacv2'))!.id;
    const form = await cardFrom(stina, ytterby, 'ärende ny');
    await bot.post(execute(stina, ytterby, 'cases.create', { ...DETAILS }, { ...c(), replyToId: form }));
    const consentForm = await cardFrom(stina, ytterby, 'samtycke K-2026-001');
    const ok = await bot.post(execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '2', scope: 'skola,polis,socialtjanst', signedAt: new Date().toISOString().slice(0, 10), archiveRef: 'Dnr 1' }, { ...c(), replyToId: consentForm }));
    expect(cardText(ok.body.value)).toContain('registrerat');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('logg typed in a channel or group chat posts one neutral line, the same for an existing and a missing case', async () => {
    for (const place of [ytterby, { kind: 'groupChat', chatId: '19:chat-ytterby@thread.v2' } as Place]) {
      await say(anna, place, 'logg K-2026-001');
      const existing = lastText();
      await say(anna, place, 'logg K-2026-999');
      expect(existing).toBe('Loggen visas bara i personlig chatt med Trygg.');
      expect(lastText()).toBe(existing);
    }
    const channelPosts = JSON.stringify(connector.sentTo('19:general-ytterby@thread.tacv2'));
    expect(channelPosts).not.toContain('Olle Polis');
    await say(anna, personalOf(anna), 'logg K-2026-001');
    expect(cardText(ConnectorStandIn.cards([connector.activities.at(-1)!])[0])).toContain('Logg för K-2026-001');
  });

  it('a forged invoke from another conversation (valid groupId, foreign replyToId) changes, records and updates nothing', async () => {
    // Nils's own team has a bot message; he replays the case's verbs with Ytterby's groupId against it.
    const foreignMessage = await cardFrom(nils, styrgrupp, 'hjälp');
    const before = await repo.get(groupId, 'K-2026-001');
    const puts = () => connector.activities.filter((a) => a.method === 'PUT').length;
    const putsBefore = puts();
    for (const [verb, data] of [
      ['cases.observe', { groupId, caseId: 'K-2026-001', date: '2026-03-09', text: 'Förfalskad' }],
      ['cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '1', guardiansSigned: '1', scope: 'polis', signedAt: '2026-03-01', archiveRef: 'x' }],
      ['cases.complete', { groupId, caseId: 'K-2026-001', step: 'oro' }]
    ] as const) {
      const res = await bot.post(execute(olle, styrgrupp, verb, data, { ...c(), replyToId: foreignMessage }));
      expect(res.body.value).toBe('Det här kortet hör inte till det ärendet i den här konversationen, så inget ändrades.');
    }
    // Even a member in the case's own channel cannot aim an invoke at a message that is not this case's card.
    const res = await bot.post(execute(olle, ytterby, 'cases.observe', { groupId, caseId: 'K-2026-001', date: '2026-03-09', text: 'Förfalskad' }, { ...c(), replyToId: 'm-not-a-case-card' }));
    expect(res.body.value).toContain('inget ändrades');
    expect(puts()).toBe(putsBefore);
    const after = await repo.get(groupId, 'K-2026-001');
    expect(after).toEqual(before);
    expect(after!.postedCards.some((p) => p.activityId === foreignMessage || p.activityId === 'm-not-a-case-card')).toBe(false);
    expect(otherGroupId).not.toBe(groupId);
  });

  it('no existence oracle: a non-member naming an existing case and anyone naming a missing one get the same text after the same store calls', async () => {
    const attempt = async (pseudonym: string) => {
      const before = bot.store.requestCounts!();
      await say(nils, personalOf(nils), `ärende ${pseudonym}`);
      const after = bot.store.requestCounts!();
      return { text: lastText(), reads: after.pointReads - before.pointReads, queries: after.queries - before.queries, writes: after.writes - before.writes };
    };
    await attempt('K-2026-001'); // warm-up: the personal conversation reference is stored on the first turn
    const existing = await attempt('K-2026-001');
    const missing = await attempt('K-2026-777');
    expect(existing.text).toBe('Jag hittar inget ärende K-2026-001 som du har tillgång till.');
    expect(missing.text).toBe('Jag hittar inget ärende K-2026-777 som du har tillgång till.');
    expect({ ...existing, text: '' }).toEqual({ ...missing, text: '' });
    const invokeExisting = await view(nils, personalOf(nils), 'K-2026-001', 'manual');
    const invokeMissing = await view(nils, personalOf(nils), 'K-2026-778', 'manual');
    expect(invokeExisting.body.value).toBe('Jag hittar inget ärende K-2026-001 som du har tillgång till.');
    expect(invokeMissing.body.value).toBe('Jag hittar inget ärende K-2026-778 som du har tillgång till.');

    // The attempts are in the tenant's security log with the precise reason; admins read it in personal chat only.
    const events = await new SecurityLog(bot.store).listForTenant(TENANT);
    expect(events.some((e) => e.actorAadObjectId === nils.aadObjectId && e.target === 'K-2026-001' && e.reason === 'notMember')).toBe(true);
    expect(events.some((e) => e.actorAadObjectId === nils.aadObjectId && e.target === 'K-2026-777' && e.reason === 'unknownCase')).toBe(true);
    await say(admin, personalOf(admin), 'säkerhetslogg');
    expect(lastText()).toContain('K-2026-777 · unknownCase');
    await say(anna, personalOf(anna), 'säkerhetslogg');
    expect(lastText()).toBe('Bara administratörer kan läsa säkerhetsloggen.');
    await say(admin, ytterby, 'säkerhetslogg');
    expect(lastText()).toBe('Loggen visas bara i personlig chatt med Trygg.');
  });

  it('revocation race: a 1:1 ärende answer in flight while the consent is revoked leaves no details behind, and the answer is true', async () => {
    let seen: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (seen = r));
    // Olle's personal-chat answer is held by the connector for a while, then times out (504: outcome unknown).
    connector.faults = (req) => {
      if (req.method === 'POST' && req.path.includes('a:personal-29:user-3')) {
        seen();
        return { timeoutMs: 400 };
      }
      return undefined;
    };
    try {
      const before = connector.activities.length;
      const olleAsks = bot.post(message(olle, personalOf(olle), 'ärende K-2026-001', c()));
      await inFlight;
      const revokeForm = await say(stina, ytterby, 'återkalla samtycke K-2026-001');
      expect(revokeForm.status).toBe(200);
      const answer = lastText();
      await olleAsks;
      // The revocation answer claims nothing about replacing messages it could not know of.
      expect(answer).toMatch(/^Samtycket för K-2026-001 är återkallat \(\d\)\./);
      // Whatever Teams may have posted to Olle carried no details: the stored body of a 1:1 case card never does.
      const toOlle = connector.activities.slice(before).filter((a) => a.conversationId === 'a:personal-29:user-3');
      expect(JSON.stringify(toOlle)).not.toContain(DETAILS.name);
      const refreshed = await view(olle, personalOf(olle), 'K-2026-001');
      expect(cardText(refreshed.body.value)).toContain('samtycket har återkallats');
      expect(JSON.stringify(refreshed.body)).not.toContain(DETAILS.name);
    } finally {
      connector.faults = () => undefined;
    }
    // A fresh consent for the next tests.
    const form = await cardFrom(stina, ytterby, 'samtycke K-2026-001');
    const again = await bot.post(execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '2', scope: 'skola,polis,socialtjanst', signedAt: new Date().toISOString().slice(0, 10), archiveRef: 'Dnr 1b' }, { ...c(), replyToId: form }));
    expect(cardText(again.body.value)).toContain('registrerat');
  });

  it('a narrower consent supersedes the wider one: the police officer no longer sees details, and the confirmation says what is in force', async () => {
    expect(cardText((await view(olle, ytterby, 'K-2026-001')).body.value)).toContain(DETAILS.name);
    const form = await cardFrom(stina, ytterby, 'samtycke K-2026-001');
    const formCard = ConnectorStandIn.cards([connector.activities.at(-1)!])[0];
    expect(cardText(formCard)).toContain('Gällande samtycke');
    expect(JSON.stringify(formCard)).toContain('"id":"replaces"');
    const res = await bot.post(
      execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '2', scope: 'skola,socialtjanst', signedAt: new Date().toISOString().slice(0, 10), archiveRef: 'Dnr 2' }, { ...c(), replyToId: form })
    );
    const confirmation = cardText(res.body.value);
    expect(confirmation).toContain('Det ersätter det tidigare samtycket');
    expect(confirmation).toMatch(/Gällande samtycke: giltigt till [\d-]+, omfattar skola, socialtjänst\./);
    const olleView = await view(olle, ytterby, 'K-2026-001');
    expect(cardText(olleView.body.value)).toContain('samtycket omfattar inte polis');
    expect(JSON.stringify(olleView.body)).not.toContain(DETAILS.name);
    const stored = await repo.get(groupId, 'K-2026-001');
    const [replaced, current] = stored!.consents.slice(-2);
    expect(replaced).toMatchObject({ revokedReason: 'ersatt', scope: ['skola', 'polis', 'socialtjanst'] });
    expect(current.revokedAt).toBeUndefined();
    expect(stored!.consents.filter((k) => !k.revokedAt)).toEqual([current]);
    const audit = await new AuditLog(bot.store).listForCase(groupId, 'K-2026-001');
    expect(audit.some((e) => e.action === 'revoke' && e.reason === 'ersatt' && e.consentId === replaced.id)).toBe(true);
  });

  it('removing a member takes effect at once: the posted case cards drop them from the refresh list and their refresh shows nothing', async () => {
    await say(sara, ytterby, 'ärende K-2026-001');
    const posted = connector.activities.at(-1)!;
    expect(cardText((await view(sara, ytterby, 'K-2026-001')).body.value)).toContain(DETAILS.name);
    const res = await bot.post(execute(anna, ytterby, 'groups.removeMember', { userId: sara.aadObjectId }, c()));
    expect(res.status).toBe(200);
    const update = connector.activities.filter((a) => a.method === 'PUT' && a.activityId === posted.activityId).at(-1);
    expect(update).toBeDefined();
    const userIds = (ConnectorStandIn.cards([update!])[0] as { refresh: { userIds: string[] } }).refresh.userIds;
    expect(userIds).not.toContain(sara.id);
    expect(userIds).toContain(olle.id);
    const after = await view(sara, ytterby, 'K-2026-001');
    expect(after.body.value).toBe('Jag hittar inget ärende K-2026-001 som du har tillgång till.');
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
  });

  it('the posted case card\'s refresh.userIds does not reveal who the consent covers: with and without consent it differs only in status fields', async () => {
    const form = await cardFrom(stina, ytterby, 'ärende ny');
    await bot.post(execute(stina, ytterby, 'cases.create', { ...DETAILS, name: 'Utan Samtycke' }, { ...c(), replyToId: form }));
    await say(sara, ytterby, 'ärende K-2026-002');
    const without = ConnectorStandIn.cards([connector.activities.at(-1)!])[0] as { refresh: { userIds: string[] } };
    await say(sara, ytterby, 'ärende K-2026-001');
    const withConsent = ConnectorStandIn.cards([connector.activities.at(-1)!])[0] as { refresh: { userIds: string[] } };
    expect(withConsent.refresh.userIds.sort()).toEqual(without.refresh.userIds.sort());
    expect(without.refresh.userIds.sort()).toEqual([anna.id, sara.id, olle.id, filip.id, stina.id].sort());
    const normalise = (card: unknown) => JSON.stringify(card).replace(/K-2026-00\d/g, 'K').replace(/"title":"[^"]*","value":"\d+"/g, '');
    expect(normalise(withConsent)).toBe(normalise(without));
  });
});
