import { CaseConsentService } from '../../../src/features/cases/case-consent-service';
import type { CaseDeps } from '../../../src/features/cases/case-deps';
import { CaseLifecycleService } from '../../../src/features/cases/case-lifecycle-service';
import { CaseLogService } from '../../../src/features/cases/case-log-service';
import { CaseWorkService } from '../../../src/features/cases/case-work-service';
import type { Store } from '../../../src/store/store';
import { addCase, addGroup, addMember, caseDeps, consent, GROUP, who } from './case-services-support';

const consentForm = {
  guardiansWithCustody: '2', guardiansSigned: '2', scope: 'skola,polis', signedAt: '2026-03-01', validUntil: '2027-01-01', archiveRef: 'Arkiv 7'
};

describe('case services on plain inputs (embedded store)', () => {
  let deps: CaseDeps;
  let store: Store;
  beforeAll(async () => {
    ({ deps, store } = await caseDeps('case-services'));
    await addGroup(deps);
    await addMember(deps, 'anna', 'skola', ['samordnare']);
    await addMember(deps, 'stina', 'socialtjanst');
    await addMember(deps, 'olle', 'polis');
    await addMember(deps, 'ada', 'annan');
    await addCase(deps, 'K-2026-001');
    await addCase(deps, 'K-2026-002', { status: 'closed' });
  });
  afterAll(async () => store.close());
  const last = async (caseId: string) => (await deps.audit.listForCase(GROUP, caseId)).at(-1);

  describe('consent', () => {
    it('refuses a member who is neither social services nor coordinator, audited; a non-member is hidden and goes to the security log', async () => {
      const consents = new CaseConsentService(deps);
      expect(await consents.register(who('olle'), GROUP, 'K-2026-001', consentForm)).toMatchObject({ ok: false, reason: 'notManager' });
      expect(await last('K-2026-001')).toMatchObject({ actorAadObjectId: 'olle', action: 'consent', decision: 'refused', reason: 'notManager' });
      expect(await consents.register(who('mallory'), GROUP, 'K-2026-001', consentForm)).toMatchObject({ ok: false, reason: 'noAccess' });
      expect((await deps.security.listForTenant('tenant-kungalv')).some((e) => e.actorAadObjectId === 'mallory' && e.action === 'case.consent')).toBe(true);
      expect((await deps.cases.get(GROUP, 'K-2026-001'))?.consents).toEqual([]);
    });

    it('rejects an incomplete consent with its problems and stores nothing', async () => {
      const result = await new CaseConsentService(deps).register(who('stina'), GROUP, 'K-2026-001', { ...consentForm, guardiansSigned: '1', archiveRef: '' });
      expect(result).toMatchObject({ ok: false, reason: 'incomplete', problems: ['guardiansMissing', 'archiveRefMissing'] });
      expect(await last('K-2026-001')).toMatchObject({ decision: 'refused', reason: 'incomplete:guardiansMissing+archiveRefMissing' });
      expect((await deps.cases.get(GROUP, 'K-2026-001'))?.consents).toEqual([]);
    });

    it('registers, supersedes the consent in force, then revokes everything in force', async () => {
      const consents = new CaseConsentService(deps);
      const first = await consents.register(who('stina'), GROUP, 'K-2026-001', consentForm);
      expect(first).toMatchObject({ ok: true, replaced: 0 });
      const second = await consents.register(who('anna'), GROUP, 'K-2026-001', { ...consentForm, scope: 'skola,polis,fritid' });
      expect(second).toMatchObject({ ok: true, replaced: 1 });
      const stored = await deps.cases.get(GROUP, 'K-2026-001');
      expect(stored?.consents.map((k) => k.revokedReason ?? 'active')).toEqual(['ersatt', 'active']);
      const revoked = await consents.revoke(who('stina'), 'K-2026-001');
      expect(revoked).toMatchObject({ ok: true, revoked: 1, notReplacedYet: 0 });
      expect(await consents.revoke(who('stina'), 'K-2026-001')).toMatchObject({ ok: false, reason: 'nothingToRevoke' });
      const entries = (await deps.audit.listForCase(GROUP, 'K-2026-001')).map((e) => `${e.action}/${e.decision}/${e.reason}`);
      expect(entries.slice(-5)).toEqual(['consent/allowed/registered', 'revoke/allowed/ersatt', 'consent/allowed/registered:replaces', 'revoke/allowed/revoked', 'revoke/refused/nothingToRevoke']);
    });
  });

  describe('observations and the lifecycle', () => {
    it('files an observation under the author’s agency; refuses "annan" and a closed case', async () => {
      const work = new CaseWorkService(deps);
      const ok = await work.observe(who('olle'), GROUP, 'K-2026-001', { date: '2026-03-09', text: 'Sett något', agency: 'skola' });
      expect(ok.ok && ok.caseFile.observations.map((o) => o.agency)).toEqual(['polis']);
      expect(await work.observe(who('ada'), GROUP, 'K-2026-001', { date: '2026-03-09', text: 'x' })).toMatchObject({ ok: false, reason: 'noAgency' });
      expect(await work.observe(who('olle'), GROUP, 'K-2026-002', { date: '2026-03-09', text: 'x' })).toMatchObject({ ok: false, reason: 'closedCase' });
      expect(await work.observe(who('olle'), GROUP, 'K-2026-001', { date: 'igår', text: '' })).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('completes a step only for managers and only with required items ticked; a stale step changes nothing', async () => {
      const lifecycles = new CaseLifecycleService(deps);
      const step = (await deps.cases.get(GROUP, 'K-2026-001'))?.lifecycle.step ?? '';
      expect(await lifecycles.change(who('olle'), GROUP, 'K-2026-001', step, [], true)).toMatchObject({ ok: false, reason: 'notManager' });
      const open = await lifecycles.change(who('stina'), GROUP, 'K-2026-001', step, [], true);
      expect(open.ok && open.outcome.kind).toBe('requiredOpen');
      const handbook = deps.handbooks.forMunicipality('kungalv');
      const required = handbook.steps.find((s) => s.id === step)?.items.filter((i) => i.required).map((i) => i.id) ?? [];
      const done = await lifecycles.change(who('stina'), GROUP, 'K-2026-001', step, required, true);
      expect(done.ok && done.outcome.kind).toBe('completed');
      const stale = await lifecycles.change(who('stina'), GROUP, 'K-2026-001', step, required, true);
      expect(stale.ok && stale.outcome.kind).toBe('stale');
      expect(await last('K-2026-001')).toMatchObject({ action: 'lifecycle', decision: 'allowed', reason: `completed:${step}` });
    });
  });

  describe('the log', () => {
    it('is refused outside personal chat before anything is read, to non-coordinators, and hidden from strangers', async () => {
      const logs = new CaseLogService(deps);
      expect(await logs.read(who('anna', 'ytterby'), 'K-2026-001')).toEqual({ ok: false, reason: 'personalChatOnly' });
      expect(await logs.read(who('olle'), 'K-2026-001')).toEqual({ ok: false, reason: 'notCoordinator' });
      expect(await logs.read(who('mallory'), 'K-2026-001')).toEqual({ ok: false, reason: 'noAccess' });
      expect(await logs.read(who('mallory'), 'K-2026-404')).toEqual({ ok: false, reason: 'noAccess' });
      const read = await logs.read(who('anna'), 'K-2026-001');
      expect(read.ok && read.entries.at(-1)).toMatchObject({ actorAadObjectId: 'anna', action: 'log', decision: 'allowed', reason: 'read' });
    });

    it('hands out a one-time export link to a coordinator in personal chat; the download works once', async () => {
      const logs = new CaseLogService(deps);
      expect(await logs.issueExportLink(who('olle'), GROUP)).toMatchObject({ ok: false, reason: 'notCoordinator' });
      const link = await logs.issueExportLink(who('anna'), GROUP);
      if (!link.ok) throw new Error(link.reason);
      const token = new URL(link.url).searchParams.get('token') ?? '';
      const csv = await logs.download(token);
      expect(csv.ok && csv.csv).toContain('K-2026-001');
      expect(await logs.download(token)).toEqual({ ok: false, status: 404 });
      expect(await logs.download('not-a-token')).toEqual({ ok: false, status: 404 });
      const groupEntries = await deps.audit.listForGroup(GROUP);
      expect(groupEntries.filter((e) => e.action === 'export').map((e) => `${e.actorAadObjectId}/${e.decision}/${e.reason}`)).toEqual(['olle/refused/notCoordinator', 'anna/allowed/linkIssued', 'anna/allowed/downloaded']);
    });
  });

  it('revokes a consent stored before, not registered through the service', async () => {
    await addCase(deps, 'K-2026-003', { consents: [consent()] });
    expect((await new CaseConsentService(deps).revoke(who('anna'), 'K-2026-003')).ok).toBe(true);
  });
});
