import { consentState, decideDisclosure, type PolicyCase, type PolicyConsent, type PolicyRules, type PolicyViewer } from '../../src/privacy/consent-policy';

/*
 * Data the types promise but storage, a hand-edited document or a future migration may not keep: each
 * must withhold with the reason a reviewer can act on, never reveal and never throw.
 */

const TENANT = 'tenant-a';
const GROUP = 'group-1';
const now = new Date('2026-03-10T09:00:00Z');
const rules: PolicyRules = { allowedTenants: [TENANT], youthConsentAge: 15 };
const consent: PolicyConsent = {
  id: 'c1', scope: ['skola', 'polis'], signedAt: '2026-03-01T00:00:00Z', validUntil: '2027-03-01T00:00:00Z',
  guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, youthRequired: false
};
const caseFile: PolicyCase = { pseudonym: 'K-2026-014', groupId: GROUP, tenantId: TENANT, birthYear: 2014, detailsDeleted: false, consents: [consent] };
const viewer: PolicyViewer = { aadObjectId: 'aad-1', tenantId: TENANT, membership: { groupId: GROUP, aadObjectId: 'aad-1', agency: 'polis', userRole: 'user' } };
/** Lets a test hand the policy what the types forbid, as a corrupt document would. */
const loose = <T>(value: unknown): T => value as T;

describe('consent policy: malformed data withholds with a reason', () => {
  it('the well-formed case reveals (the baseline the others change one thing of)', () => {
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile, rules, now })).toMatchObject({ decision: 'reveal', consentId: 'c1' });
  });

  it('an invalid clock withholds as an error, even with a consent in force', () => {
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile, rules, now: new Date(Number.NaN) })).toEqual({ decision: 'withhold', reason: 'error' });
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile, rules, now: loose<Date>('2026-03-10') })).toEqual({ decision: 'withhold', reason: 'error' });
  });

  it('no viewer, no audience, no consents list: named reasons, not a crash', () => {
    expect(decideDisclosure({ viewer: loose<PolicyViewer>(undefined), audience: { kind: 'personal' }, caseFile, rules, now })).toEqual({ decision: 'withhold', reason: 'unregistered' });
    expect(decideDisclosure({ viewer, audience: loose(undefined), caseFile, rules, now })).toEqual({ decision: 'withhold', reason: 'postedMessage' });
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile: { ...caseFile, consents: loose(undefined) }, rules, now })).toEqual({ decision: 'withhold', reason: 'noConsent' });
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile: { ...caseFile, consents: loose({ 0: consent, length: 1 }) }, rules, now })).toEqual({ decision: 'withhold', reason: 'noConsent' });
  });

  it('a membership without an object id is not the viewer\'s', () => {
    const m = { groupId: GROUP, agency: 'polis', userRole: 'user' };
    expect(decideDisclosure({ viewer: { ...viewer, membership: loose(m) }, audience: { kind: 'personal' }, caseFile, rules, now })).toEqual({ decision: 'withhold', reason: 'notMember' });
  });

  it('a consent that is not an object makes the whole decision an error, never a reveal', () => {
    expect(decideDisclosure({ viewer, audience: { kind: 'personal' }, caseFile: { ...caseFile, consents: loose([consent, null]) }, rules, now })).toEqual({ decision: 'withhold', reason: 'error' });
  });

  it('a scope that is not a list, or lists no agency, makes the consent incomplete', () => {
    expect(consentState({ ...consent, scope: loose('skola polis') }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, scope: loose({ length: 1, 0: 'polis' }) }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, scope: ['annan', 'Polis'] }, 2014, rules, now)).toBe('incomplete');
  });

  it('guardian counts that are not whole numbers make the consent incomplete, whatever the other count says', () => {
    expect(consentState({ ...consent, guardiansWithCustody: 1.5, guardiansSigned: 2 }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, guardiansWithCustody: Number.NaN, guardiansSigned: 2 }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, guardiansWithCustody: loose('2'), guardiansSigned: 2 }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, guardiansWithCustody: 1, guardiansSigned: 1.5 }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, guardiansWithCustody: 1, guardiansSigned: loose('1') }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, guardiansWithCustody: 1, guardiansSigned: 1 }, 2014, rules, now)).toBe('active');
  });

  it('a birth year that is missing, not a number or not whole makes the consent incomplete', () => {
    expect(consentState(consent, undefined, rules, now)).toBe('incomplete');
    expect(consentState(consent, loose<number>('2014'), rules, now)).toBe('incomplete');
    expect(consentState(consent, 2014.5, rules, now)).toBe('incomplete');
  });

  it('youth flags that are not exactly true do not count as signed, and a non-boolean "required" does not require', () => {
    expect(consentState({ ...consent, youthRequired: true, youthSigned: loose('yes') }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, youthRequired: loose('yes'), youthSigned: false }, 2014, rules, now)).toBe('active');
  });

  it('a consent valid only until the instant it was signed (or earlier) is incomplete, not merely expired', () => {
    expect(consentState({ ...consent, validUntil: consent.signedAt }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, validUntil: '2026-02-01T00:00:00Z' }, 2014, rules, now)).toBe('incomplete');
  });

  it('dates that cannot be read: the consent is incomplete; a revocation date that cannot be read revokes', () => {
    expect(consentState({ ...consent, signedAt: loose(undefined) }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, validUntil: loose(20270301) }, 2014, rules, now)).toBe('incomplete');
    expect(consentState({ ...consent, revokedAt: loose(null) }, 2014, rules, now)).toBe('revoked');
    expect(consentState({ ...consent, revokedAt: 'snart' }, 2014, rules, now)).toBe('revoked');
  });
});
