import { withheldCard } from '../../../src/features/cases/cards';
import { CaseViewService, type ViewResult } from '../../../src/features/cases/case-view-service';
import type { CaseDeps } from '../../../src/features/cases/case-deps';
import { GroupRepository } from '../../../src/features/groups/group-repository';
import type { Store } from '../../../src/store/store';
import { addCase, addGroup, addMember, caseDeps, consent, GROUP, who } from './case-services-support';

const text = (value: unknown) => JSON.stringify(value);
const NEXT_STEP = /Nästa steg|Next step/;

describe('CaseViewService: the view use case on plain inputs (embedded store)', () => {
  let deps: CaseDeps;
  let store: Store;
  let views: CaseViewService;
  beforeAll(async () => {
    ({ deps, store } = await caseDeps('case-view-service'));
    views = new CaseViewService(deps);
    await addGroup(deps);
    await addGroup(deps, 'team:other');
    await addMember(deps, 'olle', 'polis');
    await addMember(deps, 'filip', 'fritid');
    await addMember(deps, 'stina', 'socialtjanst');
    await addMember(deps, 'gus', 'skola', ['medlem'], { userRole: 'guest' });
    await addMember(deps, 'nils', 'polis', ['samordnare'], {}, GroupRepository.idFor('team:other'));
    await addCase(deps, 'K-2026-001');
    await addCase(deps, 'K-2026-002', { consents: [consent()] });
  });
  afterAll(async () => store.close());

  it('a member without a consent gets the withheld view and the next step; audited as a withhold', async () => {
    const result = await views.viewByButton(who('olle'), GROUP, 'K-2026-001', false);
    expect(result.kind).toBe('withheld');
    if (result.kind !== 'withheld') return;
    expect(result.nextStep).toEqual({ kind: 'askManager', agency: undefined });
    const entries = await deps.audit.listForCase(GROUP, 'K-2026-001');
    expect(entries.at(-1)).toMatchObject({ actorAadObjectId: 'olle', action: 'view', via: 'execute', decision: 'withhold', reason: 'noConsent', viewerAgency: 'polis' });
  });

  it('social services are told to register the consent themselves, in both languages', async () => {
    const result = await views.viewByButton(who('stina'), GROUP, 'K-2026-001', true);
    if (result.kind !== 'withheld') throw new Error(`expected withheld, got ${result.kind}`);
    expect(result.nextStep).toEqual({ kind: 'register', agency: undefined });
    const sv = text(withheldCard('sv', result.caseFile, deps.handbooks.forMunicipality('kungalv'), result.decision, [], result.nextStep));
    const en = text(withheldCard('en', result.caseFile, deps.handbooks.forMunicipality('kungalv'), result.decision, [], result.nextStep));
    expect(sv).toContain('Nästa steg: registrera vårdnadshavarnas samtycke med **samtycke K-2026-001**');
    expect(en).toContain("Next step: register the guardians' consent with **consent K-2026-001**");
    expect((await deps.audit.listForCase(GROUP, 'K-2026-001')).at(-1)?.via).toBe('refresh');
  });

  it('a consent that does not cover the agency names the agency in the next step', async () => {
    const result = await views.viewByButton(who('filip'), GROUP, 'K-2026-002', false);
    if (result.kind !== 'withheld') throw new Error(`expected withheld, got ${result.kind}`);
    expect(result.nextStep).toEqual({ kind: 'askManager', agency: 'fritid' });
    const sv = text(withheldCard('sv', result.caseFile, deps.handbooks.forMunicipality('kungalv'), result.decision, [], result.nextStep));
    expect(sv).toContain('som omfattar fritid');
  });

  it('attack: a member of another group, a stranger and an unregistered person never see the next step, and get the same answer for a real and a missing case', async () => {
    const attempts: ViewResult[] = [];
    for (const aad of ['nils', 'stranger']) {
      attempts.push(await views.viewByButton(who(aad), GROUP, 'K-2026-001', false));
      attempts.push(await views.viewByButton(who(aad), GROUP, 'K-2026-999', false));
      attempts.push(await views.viewInPersonalChat(who(aad), 'K-2026-001'));
      attempts.push(await views.viewInPersonalChat(who(aad), 'K-2026-999'));
    }
    for (const r of attempts) expect(r).toEqual({ kind: 'hidden' });
    const unregistered = await views.viewByButton(who(undefined), GROUP, 'K-2026-001', false);
    expect(unregistered.kind).toBe('notForYou');
    expect(text(unregistered)).not.toMatch(NEXT_STEP);
    expect(text(unregistered)).not.toContain('nextStep');
  });

  it('attack: a guest of the owning group keeps the uniform guest answer, no next step and no case', async () => {
    const result = await views.viewByButton(who('gus'), GROUP, 'K-2026-001', false);
    expect(result.kind).toBe('notForYou');
    expect(text(result)).not.toContain('nextStep');
    expect(text(result)).not.toContain('MARKER');
  });

  it('attack: a member of the owning group from another tenant is hidden', async () => {
    expect(await views.viewByButton(who('olle', undefined, 'tenant-evil'), GROUP, 'K-2026-001', false)).toEqual({ kind: 'hidden' });
  });

  it('a covered member gets details by button; by command in personal chat the reveal is recorded as the personal card', async () => {
    const byButton = await views.viewByButton(who('olle'), GROUP, 'K-2026-002', false);
    expect(byButton.kind).toBe('details');
    const byCommand = await views.viewInPersonalChat(who('olle'), 'K-2026-002');
    expect(byCommand.kind).toBe('details');
    const entries = await deps.audit.listForCase(GROUP, 'K-2026-002');
    expect(entries.map((e) => `${e.action}/${e.decision}/${e.reason}`).slice(-2)).toEqual(['view/reveal/consentCovers', 'summary/allowed/personalCard']);
  });

  it('in the group, ärende posts the summary for members and refuses others without telling whether the case exists', async () => {
    const shown = await views.showInGroup(who('olle', 'ytterby'), 'K-2026-001');
    expect(shown.ok).toBe(true);
    const stranger = await views.showInGroup(who('stranger', 'ytterby'), 'K-2026-001');
    const missing = await views.showInGroup(who('stranger', 'ytterby'), 'K-2026-999');
    expect(stranger).toMatchObject({ ok: false, reason: 'noAccess' });
    expect(missing).toMatchObject({ ok: false, reason: 'noAccess' });
    const hidden = await deps.security.listForTenant('tenant-kungalv', 50);
    expect(hidden.filter((e) => e.actorAadObjectId === 'stranger').map((e) => e.reason)).toEqual(expect.arrayContaining(['notMember', 'unknownCase']));
  });
});
