import type { CaseViewDecision } from '../../../src/access/case-access';
import { nextStepText } from '../../../src/features/cases/cards';
import type { CaseFile } from '../../../src/features/cases/model';
import { consentNextStep } from '../../../src/features/cases/next-step';
import type { Member } from '../../../src/features/groups/model';

const c = { id: 'K-2026-001', groupId: 'g1' } as CaseFile;
const member = (over: Partial<Member> = {}): Member => ({
  id: 'olle', groupId: 'g1', aadObjectId: 'olle', userRole: 'user', agency: 'polis', roles: ['medlem'], updatedBy: 'x', updatedAt: '', ...over
});
const withheld = (reason: string, agency?: string): CaseViewDecision => ({ decision: 'withhold', reason, agency, answer: 'withheld' }) as CaseViewDecision;

describe('consentNextStep: only members of the owning group get a next step', () => {
  it('names who can act, by role', () => {
    expect(consentNextStep(withheld('noConsent'), member(), c, false)).toEqual({ kind: 'askManager', agency: undefined });
    expect(consentNextStep(withheld('consentExpired'), member({ agency: 'socialtjanst' }), c, false)).toEqual({ kind: 'register', agency: undefined });
    expect(consentNextStep(withheld('consentRevoked'), member({ roles: ['samordnare'] }), c, false)).toEqual({ kind: 'register', agency: undefined });
    expect(consentNextStep(withheld('noConsent'), member(), c, true)?.kind).toBe('register');
    expect(consentNextStep(withheld('scopeExcludesAgency', 'polis'), member(), c, false)).toEqual({ kind: 'askManager', agency: 'polis' });
    expect(consentNextStep(withheld('consentNotYetValid'), member(), c, false)).toEqual({ kind: 'wait' });
  });

  it('attack: no next step for a member of another group, a guest, a missing membership or case, or a non-consent reason', () => {
    expect(consentNextStep(withheld('noConsent'), member({ groupId: 'g2' }), c, false)).toBeUndefined();
    expect(consentNextStep(withheld('noConsent'), member({ userRole: 'guest' }), c, false)).toBeUndefined();
    expect(consentNextStep(withheld('noConsent'), undefined, c, true)).toBeUndefined();
    expect(consentNextStep(withheld('noConsent'), member(), undefined, false)).toBeUndefined();
    expect(consentNextStep(withheld('postedMessage'), member(), c, false)).toBeUndefined();
    expect(consentNextStep(withheld('detailsDeleted'), member(), c, false)).toBeUndefined();
    // The access layer's uniform answers never carry one, even if the reason were a consent reason.
    for (const answer of ['hidden', 'unregistered', 'guest'] as const) {
      expect(consentNextStep({ decision: 'withhold', reason: 'noConsent', answer }, member(), c, false)).toBeUndefined();
    }
    expect(consentNextStep({ decision: 'reveal', reason: 'consentCovers', consentId: 'k', agencies: ['polis'], answer: 'details' }, member(), c, false)).toBeUndefined();
  });

  it('is worded in Swedish and English', () => {
    expect(nextStepText('sv', 'K-2026-001', { kind: 'askManager', agency: 'fritid' })).toBe(
      'Nästa steg: be socialtjänsten eller en samordnare i gruppen att registrera ett samtycke för K-2026-001 som omfattar fritid.'
    );
    expect(nextStepText('en', 'K-2026-001', { kind: 'askManager' })).toBe('Next step: ask social services or a coordinator of the group to register a consent for K-2026-001.');
    expect(nextStepText('sv', 'K-2026-001', { kind: 'register', agency: 'polis' })).toBe('Nästa steg: registrera ett nytt samtycke som omfattar polis med **samtycke K-2026-001**.');
    expect(nextStepText('en', 'K-2026-001', { kind: 'wait' })).toBe('Next step: the details are shown from the first day the consent is valid.');
  });
});
