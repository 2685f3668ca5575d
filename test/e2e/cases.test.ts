import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { OTHER_TENANT, anna, cardText, execute, filip, gustav, message, olle, person, personalOf, sara, stina, ytterby } from '../support/teams';
import { AuditLog, type AuditEntry } from '../../src/audit/case-audit-repository';
import { CaseRepository } from '../../src/features/cases/case-repository';
import handbook from '../../handbook/sspf.json';

/** Fictional case details: markers that must never reach a posted message or a log line. */
const DETAILS = {
  name: 'Elsa Exempelsdotter',
  birthYear: 2013,
  area: 'Kastellskolan ZONMARK',
  concern: 'Oro OROMARK för frånvaro'
};
const OBS = { skola: 'Frånvaro SKOLMARK tre veckor', polis: 'Setts med äldre POLISMARK', fritid: 'Utåtagerande FRITIDMARK' };
const SECRETS = [DETAILS.name, 'Exempelsdotter', 'ZONMARK', 'OROMARK', 'SKOLMARK', 'POLISMARK', 'FRITIDMARK'];
const CHANNEL = '19:general-ytterby@thread.tacv2';
const nils = person(9, 'Nils Utomstående');

describe('individual cases over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let now = new Date('2026-03-10T09:00:00Z');
  let groupId = '';
  let auditLog: AuditLog;
  let repo: CaseRepository;
  const c = () => ({ serviceUrl: connector.url });
  const view = (who: typeof olle, caseId: string, trigger: 'manual' | 'automatic' = 'manual', place = ytterby) => {
    const a = execute(who, place, 'cases.view', { groupId, caseId }, c());
    return bot.post({ ...a, value: { ...a.value, trigger } });
  };
  const say = (who: typeof olle, place: typeof ytterby, text: string) => bot.post(message(who, place, text, c()));
  const entries = async (caseId: string): Promise<AuditEntry[]> => auditLog.listForCase(groupId, caseId);
  /** Types a command that posts a card in the channel; returns the posted card's message id (invokes are bound to it). */
  const cardFrom = async (who: typeof olle, text: string): Promise<string> => {
    await say(who, ytterby, text);
    return connector.activities.at(-1)!.activityId!;
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina, gustav, nils);
    bot = await startBot({ clock: { now: () => now }, env: { ALLOWED_TENANTS: '6f1c2a55-0000-4000-8000-000000000001' } });
    auditLog = new AuditLog(bot.store);
    repo = new CaseRepository(bot.store);
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
    await setMember(bot, connector, ytterby, anna, gustav, 'skola');
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('opens a case under a pseudonym from the form; the posted card shows no details', async () => {
    const refused = await say(sara, ytterby, 'ärende ny');
    expect(refused.status).toBe(200);
    expect(connector.activities.at(-1)!.body.text).toContain('Bara samordnare och socialtjänsten');

    await say(stina, ytterby, 'ärende ny');
    const form = ConnectorStandIn.cards([connector.activities.at(-1)!])[0];
    expect(JSON.stringify(form)).toContain('"verb":"cases.create"');

    const res = await bot.post(execute(stina, ytterby, 'cases.create', { ...DETAILS }, { ...c(), replyToId: connector.activities.at(-1)!.activityId }));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain('Ärendet K-2026-001 är skapat');
    const put = connector.activities.at(-1)!;
    expect(put.method).toBe('PUT');
    expect(cardText(put.body.attachments![0].content)).toContain('Individärende K-2026-001');
  });

  it('adds observations with the agency from each author role', async () => {
    for (const [who, text] of [[sara, OBS.skola], [olle, OBS.polis], [filip, OBS.fritid]] as const) {
      const replyToId = await cardFrom(who, 'observation K-2026-001');
      expect(JSON.stringify(connector.activities.at(-1)!.body)).toContain('cases.observe');
      const res = await bot.post(execute(who, ytterby, 'cases.observe', { groupId, caseId: 'K-2026-001', date: '2026-03-09', text }, { ...c(), replyToId }));
      expect(cardText(res.body.value)).toContain('Observationen är sparad');
    }
    const stored = await repo.get(groupId, 'K-2026-001');
    expect(stored?.observations.map((o) => o.agency)).toEqual(['skola', 'polis', 'fritid']);
    const posted = ConnectorStandIn.cards(connector.activities.filter((a) => a.method === 'PUT')).at(-1)!;
    expect(cardText(posted)).toMatch(/Skola\n1/);
  });

  it('withholds before consent, and rejects an incomplete consent with a clear message', async () => {
    const before = await view(olle, 'K-2026-001');
    expect(cardText(before.body.value)).toContain('samtycke saknas');
    expect(JSON.stringify(before.body)).not.toContain('POLISMARK');

    await say(olle, ytterby, 'samtycke K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toContain('Bara samordnare och socialtjänsten');

    const replyToId = await cardFrom(stina, 'samtycke K-2026-001');
    const incomplete = await bot.post(
      execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '1', scope: 'skola,polis,socialtjanst', signedAt: '2026-03-01', validUntil: '', archiveRef: '' }, { ...c(), replyToId })
    );
    expect(cardText(incomplete.body.value)).toContain('alla vårdnadshavare med vårdnad har inte skrivit under');
    expect(cardText(incomplete.body.value)).toContain('ange var samtycket är arkiverat');
    expect((await repo.get(groupId, 'K-2026-001'))?.consents).toHaveLength(0);

    const ok = await bot.post(
      execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '2', guardiansSigned: '2', youthSigned: 'false', scope: 'skola,polis,socialtjanst', signedAt: '2026-03-01', validUntil: '', archiveRef: 'Dnr SN 2026/14' }, { ...c(), replyToId })
    );
    expect(cardText(ok.body.value)).toContain('Samtycket för K-2026-001 är registrerat och gäller till 2027-03-01');
  });

  it('"Visa detaljer" reveals to a covered member only the observations inside the scope, and withholds from an uncovered one', async () => {
    const olleView = await view(olle, 'K-2026-001');
    const text = cardText(olleView.body.value);
    expect(text).toContain(DETAILS.name);
    expect(text).toContain('SKOLMARK');
    expect(text).toContain('POLISMARK');
    expect(text).not.toContain('FRITIDMARK');
    expect(text).toContain('Observationer från fritid visas inte');
    expect(olleView.body.value.refresh.userIds).toEqual([olle.id]);

    const filipView = await view(filip, 'K-2026-001');
    expect(cardText(filipView.body.value)).toContain('samtycket omfattar inte fritid');
    expect(JSON.stringify(filipView.body)).not.toContain(DETAILS.name);

    const refreshed = await view(sara, 'K-2026-001', 'automatic');
    expect(cardText(refreshed.body.value)).toContain(DETAILS.name);
  });

  it('reveals nothing when the audit entry cannot be stored', async () => {
    const items = bot.store.container('case-audit').items;
    const spy = jest.spyOn(items, 'create').mockRejectedValueOnce(Object.assign(new Error('service unavailable'), { code: 503 }));
    try {
      const res = await view(olle, 'K-2026-001');
      expect(spy).toHaveBeenCalled();
      expect(res.body.value).toContain('Åtkomsten kunde inte loggas');
      expect(JSON.stringify(res.body)).not.toContain(DETAILS.name);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives a guest, a non-member, an unregistered user and another tenant nothing', async () => {
    for (const who of [gustav, nils]) {
      const res = await view(who, 'K-2026-001');
      expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(JSON.stringify(res.body)).not.toMatch(/Elsa|SKOLMARK|POLISMARK/);
    }
    const anon = execute(nils, ytterby, 'cases.view', { groupId, caseId: 'K-2026-001' }, c());
    delete (anon.from as { aadObjectId?: string }).aadObjectId;
    const res = await bot.post(anon);
    expect(res.body.value).toContain('inte registrerad i Trygg');

    const foreign = await bot.post(execute(olle, ytterby, 'cases.view', { groupId, caseId: 'K-2026-001' }, { ...c(), tenant: OTHER_TENANT }));
    expect(foreign.status).toBe(403);

    await say(nils, personalOf(nils), 'ärende K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toBe('Jag hittar inget ärende K-2026-001 som du har tillgång till.');
    await say(gustav, personalOf(gustav), 'ärende K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toContain('gäster får inte se');
  });

  it('posts only the summary in the channel, with a refresh for every registered member (it does not tell who the consent covers)', async () => {
    await say(sara, ytterby, 'ärende K-2026-001');
    const card = ConnectorStandIn.cards([connector.activities.at(-1)!])[0] as { refresh: { userIds: string[] } };
    expect(cardText(card)).toContain('Individärende K-2026-001');
    expect(card.refresh.userIds.sort()).toEqual([anna.id, sara.id, olle.id, filip.id, stina.id, gustav.id].sort());
  });

  it('answers ärende in personal chat with a card whose stored body has no details; the details come only from the refresh', async () => {
    await say(olle, personalOf(olle), 'ärende K-2026-001');
    const sent = connector.activities.at(-1)!;
    expect(sent.conversationId).toBe('a:personal-29:user-3');
    const body = sent.body.attachments![0].content as { refresh: { userIds: string[] } };
    expect(JSON.stringify(body)).not.toContain(DETAILS.name);
    expect(body.refresh.userIds).toEqual([olle.id]);
    const refreshed = await view(olle, 'K-2026-001', 'automatic', personalOf(olle));
    expect(cardText(refreshed.body.value)).toContain(DETAILS.name);
  });

  it('revocation withholds everywhere: the personal-chat card refreshes to the withheld view', async () => {
    await say(sara, ytterby, 'återkalla samtycke K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toContain('Bara samordnare och socialtjänsten');

    await say(stina, ytterby, 'återkalla samtycke K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toContain('återkallat');
    const personal = await view(olle, 'K-2026-001', 'automatic', personalOf(olle));
    expect(cardText(personal.body.value)).toContain('samtycket har återkallats');
    expect(JSON.stringify(personal.body)).not.toContain(DETAILS.name);

    for (const who of [olle, sara, stina]) {
      const res = await view(who, 'K-2026-001', 'automatic');
      expect(cardText(res.body.value)).toContain('samtycket har återkallats');
      expect(JSON.stringify(res.body)).not.toContain(DETAILS.name);
    }
    await say(olle, personalOf(olle), 'ärende K-2026-001');
    expect(JSON.stringify(connector.activities.at(-1)!.body)).not.toContain(DETAILS.name);
    expect(cardText(connector.activities.at(-1)!.body.attachments![0].content)).toContain('samtycket har återkallats');
    expect((await repo.get(groupId, 'K-2026-001'))?.shownViews).toEqual([]);
  });

  it('writes every attempt to the audit log', async () => {
    const log = await entries('K-2026-001');
    const has = (who: string, decision: string, reason: string) => log.some((e) => e.actorAadObjectId === who && e.decision === decision && e.reason === reason);
    expect(has(olle.aadObjectId, 'withhold', 'noConsent')).toBe(true);
    expect(has(olle.aadObjectId, 'reveal', 'consentCovers')).toBe(true);
    expect(has(filip.aadObjectId, 'withhold', 'scopeExcludesAgency')).toBe(true);
    expect(has(sara.aadObjectId, 'reveal', 'consentCovers')).toBe(true);
    expect(has(gustav.aadObjectId, 'withhold', 'guest')).toBe(true);
    // A non-member's attempt goes to the tenant's security log (see the access tests), not the group's case log.
    expect(log.some((e) => e.actorAadObjectId === nils.aadObjectId)).toBe(false);
    expect(has(`teams:${nils.id}`, 'withhold', 'unregistered')).toBe(true);
    expect(has(olle.aadObjectId, 'withhold', 'consentRevoked')).toBe(true);
    expect(has(stina.aadObjectId, 'refused', 'incomplete:guardiansMissing+archiveRefMissing')).toBe(true);
    expect(has(stina.aadObjectId, 'allowed', 'revoked')).toBe(true);
    expect(log.filter((e) => e.via === 'refresh').length).toBeGreaterThanOrEqual(4);
    const reveals = log.filter((e) => e.decision === 'reveal');
    expect(reveals.every((e) => e.consentId && e.agencies?.join() === 'skola,socialtjanst,polis')).toBe(true);
  });

  it('refuses logg to non-coordinators and shows it, audited, to coordinators; the CSV link works once', async () => {
    await say(sara, personalOf(sara), 'logg K-2026-001');
    expect(connector.activities.at(-1)!.body.text).toContain('Bara samordnare i gruppen som äger ärendet');
    const sentBefore = connector.activities.length;
    await say(anna, personalOf(anna), 'logg K-2026-001');
    // The log card (a note on viewers' agency/role changes may follow it).
    const logText = cardText(ConnectorStandIn.cards(connector.activities.slice(sentBefore))[0]);
    expect(logText).toContain('Logg för K-2026-001');
    expect(logText).toContain('Olle Polis');
    const log = await entries('K-2026-001');
    expect(log.some((e) => e.action === 'log' && e.actorAadObjectId === sara.aadObjectId && e.decision === 'refused')).toBe(true);
    expect(log.some((e) => e.action === 'log' && e.actorAadObjectId === anna.aadObjectId && e.decision === 'allowed')).toBe(true);

    const refused = await bot.post(execute(olle, personalOf(olle), 'cases.exportLog', { groupId }, c()));
    expect(refused.body.value).toContain('Bara samordnare');
    const res = await bot.post(execute(anna, personalOf(anna), 'cases.exportLog', { groupId }, c()));
    const url = (res.body.value.actions[0].url as string).replace(/^http:\/\/localhost:\d+/, bot.url);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await download.arrayBuffer());
    // One UTF-8 BOM (Excel reads å, ä, ö right), then `;`-separated, quoted fields (Swedish Excel).
    expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x22]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('"at";"caseId";"actorAadObjectId";"actorName"');
    expect(csv).toContain('Olle Polis');
    expect(csv).not.toMatch(/SKOLMARK|Elsa/);
    expect((await fetch(url)).status).toBe(404);
    const group = await auditLog.listForGroup(groupId);
    expect(group.some((e) => e.action === 'export' && e.via === 'http' && e.reason === 'downloaded')).toBe(true);
  });

  it('refuses to complete a lifecycle step while a required checklist item is open', async () => {
    const replyToId = await cardFrom(stina, 'arbetsgång K-2026-001');
    const bound = { ...c(), replyToId };
    expect(cardText(ConnectorStandIn.cards([connector.activities.at(-1)!])[0])).toContain('Nuvarande steg: Oro väckt / orosanmälan');
    const refused = await bot.post(execute(stina, ytterby, 'cases.complete', { groupId, caseId: 'K-2026-001', step: 'oro', 'item_oro-beskriven': 'true', item_orosanmalan: 'false' }, bound));
    expect(cardText(refused.body.value)).toContain('obligatoriska punkter återstår');
    expect(cardText(refused.body.value)).toContain('Orosanmälan till socialtjänsten');
    const stored = await repo.get(groupId, 'K-2026-001');
    expect(stored?.lifecycle.step).toBe('oro');
    expect(stored?.lifecycle.checked.oro).toEqual(['oro-beskriven']);

    const byMember = await bot.post(execute(sara, ytterby, 'cases.complete', { groupId, caseId: 'K-2026-001', step: 'oro', 'item_oro-beskriven': 'true', item_orosanmalan: 'true' }, bound));
    expect(byMember.body.value).toContain('Bara samordnare och socialtjänsten kan slutföra steg');

    const done = await bot.post(execute(stina, ytterby, 'cases.complete', { groupId, caseId: 'K-2026-001', step: 'oro', 'item_oro-beskriven': 'true', item_orosanmalan: 'true' }, bound));
    expect(cardText(done.body.value)).toContain('Steget "Oro väckt / orosanmälan" är klart');
    expect((await repo.get(groupId, 'K-2026-001'))?.lifecycle.step).toBe('samtycke');
  });

  it('expiry takes effect on the personal-chat card: its refresh withholds once the consent has ended', async () => {
    const replyToId = await cardFrom(stina, 'samtycke K-2026-001');
    const res = await bot.post(
      execute(stina, ytterby, 'cases.consent', { groupId, caseId: 'K-2026-001', guardiansWithCustody: '1', guardiansSigned: '1', scope: 'skola,polis', signedAt: '2026-03-10', validUntil: '2026-03-20', archiveRef: 'Dnr SN 2026/15' }, { ...c(), replyToId })
    );
    expect(cardText(res.body.value)).toContain('gäller till 2026-03-20');
    await say(olle, personalOf(olle), 'ärende K-2026-001');
    const shown = connector.activities.at(-1)!;
    expect(JSON.stringify(shown.body)).not.toContain(DETAILS.name);
    expect(cardText((await view(olle, 'K-2026-001', 'automatic', personalOf(olle))).body.value)).toContain(DETAILS.name);

    now = new Date('2026-03-15T09:00:00Z');
    expect(cardText((await view(olle, 'K-2026-001', 'automatic', personalOf(olle))).body.value)).toContain(DETAILS.name);

    now = new Date('2026-03-21T09:00:00Z');
    const expired = await view(olle, 'K-2026-001', 'automatic', personalOf(olle));
    expect(cardText(expired.body.value)).toContain('samtycket har upphört');
    expect(JSON.stringify(expired.body)).not.toContain(DETAILS.name);
  });

  it('retention deletes what is due and nothing else, and coordinators see the counts', async () => {
    // A second case, walked through every step to closing on 2026-03-10.
    now = new Date('2026-03-10T10:00:00Z');
    await bot.post(execute(stina, ytterby, 'cases.create', { ...DETAILS, name: 'Ture Tvåsson' }, { ...c(), replyToId: await cardFrom(stina, 'ärende ny') }));
    await bot.post(execute(sara, ytterby, 'cases.observe', { groupId, caseId: 'K-2026-002', date: '2026-03-09', text: 'Andra SKOLMARK' }, { ...c(), replyToId: await cardFrom(sara, 'observation K-2026-002') }));
    const lifecycle = { ...c(), replyToId: await cardFrom(stina, 'arbetsgång K-2026-002') };
    for (const step of handbook.steps) {
      const items = Object.fromEntries(step.items.map((i) => [`item_${i.id}`, 'true']));
      const res = await bot.post(execute(stina, ytterby, 'cases.complete', { groupId, caseId: 'K-2026-002', step: step.id, ...items }, lifecycle));
      expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    }
    const closed = await repo.get(groupId, 'K-2026-002');
    expect(closed?.status).toBe('closed');
    const auditBefore = (await auditLog.listForGroup(groupId)).length;

    // Two months after closing: nothing is due yet.
    now = new Date('2026-05-10T09:00:00Z');
    await bot.bot.jobs.run('cases.retention', now);
    expect((await repo.get(groupId, 'K-2026-002'))?.details?.name).toBe('Ture Tvåsson');

    now = new Date('2026-06-11T09:00:00Z');
    await say(anna, ytterby, 'gallring');
    expect(cardText(ConnectorStandIn.cards([connector.activities.at(-1)!])[0])).toContain('Att gallra nu: 1 ärendens detaljer, 0 samtycken, 0 loggposter');
    await bot.bot.jobs.run('cases.retention', now);

    const raw = await bot.store.container('cases').item('K-2026-002', groupId).read();
    const rawText = JSON.stringify(raw.resource);
    expect(rawText).not.toContain('Ture');
    expect(rawText).not.toContain('Andra SKOLMARK');
    expect(raw.resource.details).toBeUndefined();
    expect(raw.resource.observations).toHaveLength(1);
    expect(raw.resource.id).toBe('K-2026-002');
    expect(raw.resource.detailsDeletedAt).toBe(now.toISOString());

    const open = await repo.get(groupId, 'K-2026-001');
    expect(open?.details?.name).toBe(DETAILS.name);
    expect(open?.observations.every((o) => o.text)).toBe(true);
    expect(open?.consents).toHaveLength(2);
    expect((await auditLog.listForGroup(groupId)).length).toBeGreaterThanOrEqual(auditBefore);

    await say(anna, ytterby, 'gallring');
    const report = cardText(ConnectorStandIn.cards([connector.activities.at(-1)!])[0]);
    expect(report).toContain('1 ärendens detaljer, 0 samtycken, 0 loggposter raderade');
    await say(sara, ytterby, 'gallring');
    expect(connector.activities.at(-1)!.body.text).toContain('Bara samordnare');

    // Audit entries past their period go; later ones stay. The consents (ended 2026-03-10 and 2026-03-20) reach theirs in 2029.
    const keptAt = now.toISOString();
    now = new Date('2028-04-01T00:00:00Z');
    await bot.bot.jobs.run('cases.retention', now);
    const remaining = await auditLog.listForGroup(groupId);
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.every((e) => e.at >= '2026-04-01T00:00:00.000Z')).toBe(true);
    expect(remaining.some((e) => e.at === keptAt)).toBe(true);
    expect((await repo.get(groupId, 'K-2026-001'))?.consents).toHaveLength(2);

    now = new Date('2029-03-15T00:00:00Z');
    await bot.bot.jobs.run('cases.retention', now);
    expect((await repo.get(groupId, 'K-2026-001'))?.consents.map((k) => k.validUntil.slice(0, 10))).toEqual(['2026-03-20']);
    now = new Date('2029-03-22T00:00:00Z');
    await bot.bot.jobs.run('cases.retention', now);
    expect((await repo.get(groupId, 'K-2026-001'))?.consents).toHaveLength(0);
  });

  it('never put case details in a posted channel message or a log line', () => {
    const posted = connector.activities.filter((a) => a.conversationId.split(';')[0] === CHANNEL);
    expect(posted.length).toBeGreaterThan(10);
    const all = JSON.stringify(posted);
    for (const s of SECRETS) expect(all).not.toContain(s);
    expect(all).not.toContain('Ture');
    const logs = JSON.stringify(bot.logs);
    for (const s of SECRETS) expect(logs).not.toContain(s);
  });
});
