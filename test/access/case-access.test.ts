import {
  decideCaseChange, decideCaseLog, decideCaseLogPlace, decideCaseView, identityAnswer, identityRefusal, isSecurityEvent,
  type CaseAccessInput, type CaseViewRequest
} from '../../src/access/case-access';
import type { PolicyCase, PolicyConsent } from '../../src/privacy/consent-policy';

const T = 'tenant-1';
const AAD = 'AAAA-1';
const member = (over: Partial<NonNullable<CaseAccessInput['membership']>> = {}) => ({ groupId: 'g1', aadObjectId: 'aaaa-1', agency: 'polis', userRole: 'user', roles: ['medlem'], ...over });
const input = (over: Partial<CaseAccessInput> = {}): CaseAccessInput => ({
  actor: { aadObjectId: AAD, tenantId: T, isAdmin: false },
  membership: member(),
  place: 'personal',
  caseFile: { groupId: 'g1', tenantId: T, status: 'open' },
  allowedTenants: [T],
  ...over
});

describe('identityRefusal: the checks every case act shares, in order', () => {
  it('passes a full member of the owning group in the case tenant', () => {
    expect(identityRefusal(input())).toBeUndefined();
    expect(identityRefusal(input({ allowedTenants: [] }))).toBeUndefined();
    expect(identityRefusal(input({ caseFile: { groupId: 'g1', status: 'open' } }))).toBeUndefined();
  });
  it('refuses the unregistered before anything else', () => {
    expect(identityRefusal(input({ actor: { tenantId: T, isAdmin: true }, caseFile: undefined }))).toBe('unregistered');
    expect(identityRefusal(input({ actor: { aadObjectId: '', tenantId: T, isAdmin: false } }))).toBe('unregistered');
    expect(identityRefusal(input({ actor: undefined as never }))).toBe('unregistered');
  });
  it('refuses a missing or not allowed tenant', () => {
    expect(identityRefusal(input({ actor: { aadObjectId: AAD, isAdmin: false } }))).toBe('otherTenant');
    expect(identityRefusal(input({ actor: { aadObjectId: AAD, tenantId: 'evil', isAdmin: false } }))).toBe('otherTenant');
  });
  it('gives one reason, noAccess, for a missing case, another tenant\'s case and a non-member', () => {
    expect(identityRefusal(input({ caseFile: undefined }))).toBe('noAccess');
    expect(identityRefusal(input({ caseFile: { groupId: 'g1', tenantId: 'other', status: 'open' }, allowedTenants: [] }))).toBe('noAccess');
    expect(identityRefusal(input({ membership: undefined }))).toBe('noAccess');
    expect(identityRefusal(input({ membership: member({ groupId: 'g2' }) }))).toBe('noAccess');
    expect(identityRefusal(input({ membership: member({ aadObjectId: 'someone-else' }) }))).toBe('noAccess');
  });
  it('refuses guests and unknown roles', () => {
    expect(identityRefusal(input({ membership: member({ userRole: 'guest' }) }))).toBe('guest');
    expect(identityRefusal(input({ membership: member({ userRole: undefined }) }))).toBe('guest');
  });
  it('answers identity refusals without telling whether the case exists, and logs the hidden ones as security events', () => {
    expect(identityAnswer('noAccess')).toBe('hidden');
    expect(identityAnswer('otherTenant')).toBe('hidden');
    expect(identityAnswer('unregistered')).toBe('unregistered');
    expect(identityAnswer('guest')).toBe('guest');
    expect(isSecurityEvent('noAccess')).toBe(true);
    expect(isSecurityEvent('otherTenant')).toBe(true);
    expect(isSecurityEvent('guest')).toBe(false);
    expect(isSecurityEvent('unregistered')).toBe(false);
    expect(isSecurityEvent(undefined)).toBe(false);
  });
});

const NOW = new Date('2026-03-10T09:00:00Z');
const consent = (over: Partial<PolicyConsent> = {}): PolicyConsent => ({
  id: 'k1', scope: ['skola', 'polis'], signedAt: '2026-03-01T00:00:00Z', validUntil: '2027-03-01T00:00:00Z', guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, youthRequired: false, ...over
});
const policyCase = (over: Partial<PolicyCase> = {}): PolicyCase => ({ pseudonym: 'K-2026-001', groupId: 'g1', tenantId: T, birthYear: 2014, detailsDeleted: false, consents: [consent()], ...over });
const view = (over: Partial<CaseViewRequest> = {}): CaseViewRequest => ({
  actor: { aadObjectId: AAD, tenantId: T, isAdmin: false },
  membership: member(),
  place: 'userSpecific',
  caseFile: policyCase(),
  rules: { allowedTenants: [T], youthConsentAge: 15 },
  now: NOW,
  ...over
});

describe('decideCaseView: membership, where the answer goes and the consent policy', () => {
  it('reveals to a covered member in a user-specific view and in personal chat', () => {
    expect(decideCaseView(view())).toEqual({ decision: 'reveal', reason: 'consentCovers', consentId: 'k1', agencies: ['skola', 'polis'], answer: 'details' });
    expect(decideCaseView(view({ place: 'personal' })).answer).toBe('details');
  });
  it('never reveals in a channel or group chat message, and says why (withheld view)', () => {
    for (const place of ['channel', 'groupChat'] as const) expect(decideCaseView(view({ place }))).toMatchObject({ decision: 'withhold', reason: 'postedMessage', answer: 'withheld' });
  });
  it('answers a missing case and a non-member with the same hidden answer', () => {
    const missing = decideCaseView(view({ caseFile: undefined }));
    const stranger = decideCaseView(view({ membership: undefined }));
    expect(missing).toMatchObject({ decision: 'withhold', reason: 'unknownCase', answer: 'hidden' });
    expect(stranger).toMatchObject({ decision: 'withhold', reason: 'notMember', answer: 'hidden' });
    expect(decideCaseView(view({ caseFile: policyCase({ tenantId: 'other' }), rules: { allowedTenants: [], youthConsentAge: 15 } }))).toMatchObject({ reason: 'otherTenant', answer: 'hidden' });
  });
  it('fails closed, hidden, on a broken clock or a throwing input', () => {
    expect(decideCaseView(view({ now: new Date('x') }))).toMatchObject({ decision: 'withhold', reason: 'error', answer: 'hidden' });
    const hostile = view();
    Object.defineProperty(hostile, 'membership', { get: () => { throw new Error('boom'); } });
    expect(decideCaseView(hostile)).toMatchObject({ decision: 'withhold', reason: 'error', answer: 'hidden' });
  });
  it('names unregistered and guest viewers with their own answers', () => {
    expect(decideCaseView(view({ actor: { tenantId: T, isAdmin: false } }))).toMatchObject({ reason: 'unregistered', answer: 'unregistered' });
    expect(decideCaseView(view({ membership: member({ userRole: 'guest' }) }))).toMatchObject({ reason: 'guest', answer: 'guest' });
  });
  it('withholds with the consent reason for members: none, outside the scope, revoked', () => {
    expect(decideCaseView(view({ caseFile: policyCase({ consents: [] }) }))).toMatchObject({ reason: 'noConsent', answer: 'withheld' });
    expect(decideCaseView(view({ membership: member({ agency: 'fritid' }) }))).toMatchObject({ reason: 'scopeExcludesAgency', agency: 'fritid', answer: 'withheld' });
    expect(decideCaseView(view({ caseFile: policyCase({ consents: [consent({ revokedAt: '2026-03-05T00:00:00Z' })] }) }))).toMatchObject({ reason: 'consentRevoked', answer: 'withheld' });
  });
});

describe('decideCaseLogPlace and decideCaseLog: coordinators, personal chat only', () => {
  it('allows only personal chat, before anything is read', () => {
    expect(decideCaseLogPlace('personal')).toEqual({ allowed: true });
    for (const place of ['channel', 'groupChat', 'userSpecific'] as const) expect(decideCaseLogPlace(place)).toEqual({ allowed: false, reason: 'personalChatOnly' });
  });
  it('refuses outside personal chat whatever else holds, even for a coordinator of an existing case', () => {
    expect(decideCaseLog(input({ place: 'channel', membership: member({ roles: ['samordnare'] }) }))).toEqual({ allowed: false, reason: 'personalChatOnly' });
    expect(decideCaseLog(input({ place: 'groupChat', caseFile: undefined }))).toEqual({ allowed: false, reason: 'personalChatOnly' });
  });
  it('allows a coordinator member, and an admin who is a member', () => {
    expect(decideCaseLog(input({ membership: member({ roles: ['medlem', 'samordnare'] }) }))).toEqual({ allowed: true, reason: 'coordinator' });
    expect(decideCaseLog(input({ actor: { aadObjectId: AAD, tenantId: T, isAdmin: true } }))).toEqual({ allowed: true, reason: 'admin' });
  });
  it('refuses a plain member, and passes identity refusals through', () => {
    expect(decideCaseLog(input())).toEqual({ allowed: false, reason: 'notCoordinator' });
    expect(decideCaseLog(input({ caseFile: undefined, actor: { aadObjectId: AAD, tenantId: T, isAdmin: true } }))).toEqual({ allowed: false, reason: 'noAccess' });
    expect(decideCaseLog(input({ membership: member({ roles: ['samordnare'], userRole: 'guest' }) }))).toEqual({ allowed: false, reason: 'guest' });
    expect(decideCaseLog(input({ actor: { isAdmin: true } as never }))).toEqual({ allowed: false, reason: 'unregistered' });
  });
});

describe('decideCaseChange: who may change a case', () => {
  it('lets every full member see the summary and tick checklist items', () => {
    expect(decideCaseChange(input(), 'summary')).toEqual({ allowed: true, reason: 'member' });
    expect(decideCaseChange(input(), 'lifecycleCheck')).toEqual({ allowed: true, reason: 'member' });
    // Unlike an observation, neither needs one of the four agencies nor an open case.
    for (const act of ['summary', 'lifecycleCheck'] as const) {
      expect(decideCaseChange(input({ membership: member({ agency: 'annan' }) }), act)).toEqual({ allowed: true, reason: 'member' });
      expect(decideCaseChange(input({ caseFile: { groupId: 'g1', tenantId: T, status: 'closed' } }), act)).toEqual({ allowed: true, reason: 'member' });
    }
  });
  it('observations: an open case and one of the four agencies', () => {
    expect(decideCaseChange(input(), 'observe')).toEqual({ allowed: true, reason: 'member' });
    expect(decideCaseChange(input({ caseFile: { groupId: 'g1', tenantId: T, status: 'closed' } }), 'observe')).toEqual({ allowed: false, reason: 'closedCase' });
    expect(decideCaseChange(input({ membership: member({ agency: 'annan' }) }), 'observe')).toEqual({ allowed: false, reason: 'noAgency' });
    expect(decideCaseChange(input({ membership: member({ agency: 'hacker' }) }), 'observe')).toEqual({ allowed: false, reason: 'noAgency' });
  });
  it('consent, revocation and completing a step: social services, coordinators or admins', () => {
    for (const act of ['consent', 'revoke', 'lifecycleComplete'] as const) {
      expect(decideCaseChange(input(), act)).toEqual({ allowed: false, reason: 'notManager' });
      expect(decideCaseChange(input({ membership: member({ agency: 'socialtjanst' }) }), act)).toEqual({ allowed: true, reason: 'manager' });
      expect(decideCaseChange(input({ membership: member({ roles: ['samordnare'] }) }), act)).toEqual({ allowed: true, reason: 'manager' });
      expect(decideCaseChange(input({ actor: { aadObjectId: AAD, tenantId: T, isAdmin: true } }), act)).toEqual({ allowed: true, reason: 'manager' });
    }
  });
  it('refuses identity first, and an unknown act', () => {
    expect(decideCaseChange(input({ membership: undefined, actor: { aadObjectId: AAD, tenantId: T, isAdmin: true } }), 'consent')).toEqual({ allowed: false, reason: 'noAccess' });
    expect(decideCaseChange(input({ membership: member({ userRole: 'guest', agency: 'socialtjanst' }) }), 'summary')).toEqual({ allowed: false, reason: 'guest' });
    expect(decideCaseChange(input(), 'delete' as never)).toEqual({ allowed: false, reason: 'notManager' });
  });
});
