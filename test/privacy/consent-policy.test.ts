import fc from 'fast-check';
import {
  SCOPE_AGENCIES, decideDisclosure, visibleObservations, type PolicyAudience, type PolicyCase, type PolicyConsent, type PolicyRules, type PolicyViewer
} from '../../src/privacy/consent-policy';

const TENANT = 'tenant-a';
const GROUP = 'group-1';
const rules: PolicyRules = { allowedTenants: [TENANT], youthConsentAge: 15 };
const ALL_AGENCIES = [...SCOPE_AGENCIES, 'annan'] as const;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const T1 = Date.parse('2030-01-01T00:00:00Z');

const isoIn = (from: number, to: number) => fc.integer({ min: from, max: to }).map((t) => new Date(t).toISOString());
/** Mostly the value that allows a reveal, sometimes the others: the properties must meet both. */
const mostly = <T>(good: T, ...others: T[]) => fc.oneof({ weight: 4, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: fc.constantFrom(good, ...others) });
const Y2025 = Date.parse('2025-01-01T00:00:00Z');
const Y2026 = Date.parse('2026-01-01T00:00:00Z');
const Y2027 = Date.parse('2027-01-01T00:00:00Z');
const Y2028 = Date.parse('2028-01-01T00:00:00Z');

const consentArb: fc.Arbitrary<PolicyConsent> = fc.record({
  id: fc.uuid(),
  scope: fc.subarray([...SCOPE_AGENCIES] as string[]),
  signedAt: fc.oneof({ weight: 4, arbitrary: isoIn(Y2025, Y2027) }, { weight: 1, arbitrary: isoIn(T0, T1) }),
  validUntil: fc.oneof({ weight: 4, arbitrary: isoIn(Y2026, Y2028) }, { weight: 1, arbitrary: isoIn(T0, T1) }),
  revokedAt: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: isoIn(T0, T1) }),
  guardiansWithCustody: fc.integer({ min: 0, max: 2 }),
  guardiansSigned: fc.integer({ min: 0, max: 2 }),
  youthSigned: fc.boolean(),
  youthRequired: fc.boolean()
});

const caseArb: fc.Arbitrary<PolicyCase> = fc.record({
  pseudonym: fc.constant('K-2026-014'),
  groupId: mostly(GROUP, 'group-2'),
  tenantId: mostly<string | undefined>(TENANT, undefined, 'tenant-b'),
  birthYear: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 2005, max: 2022 }) }, { weight: 1, arbitrary: fc.constant(undefined) }),
  detailsDeleted: mostly(false, true),
  consents: fc.array(consentArb, { maxLength: 4 })
});

const viewerArb: fc.Arbitrary<PolicyViewer> = fc.record({
  aadObjectId: mostly<string | undefined>('aad-1', '', undefined),
  tenantId: mostly<string | undefined>(TENANT, 'tenant-b', undefined),
  membership: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        groupId: mostly(GROUP, 'group-2'),
        aadObjectId: mostly('aad-1', 'aad-2'),
        agency: fc.constantFrom(...ALL_AGENCIES),
        userRole: mostly<string | undefined>('user', 'guest', 'anonymous', undefined)
      })
    },
    { weight: 1, arbitrary: fc.constant(undefined) }
  )
});

const audienceArb: fc.Arbitrary<PolicyAudience> = fc.constantFrom<PolicyAudience>({ kind: 'posted' as const }, { kind: 'userSpecific' as const }, { kind: 'personal' as const });
const nowArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: Y2026, max: Y2027 }) }, { weight: 1, arbitrary: fc.integer({ min: T0, max: T1 }) }).map((t) => new Date(t));

describe('decideDisclosure (property-based)', () => {
  it('never shows an observation from an agency outside the consent scope', () => {
    const obsArb = fc.array(fc.record({ agency: fc.constantFrom(...ALL_AGENCIES), text: fc.string() }), { maxLength: 8 });
    fc.assert(
      fc.property(viewerArb, audienceArb, caseArb, nowArb, obsArb, (viewer, audience, caseFile, now, observations) => {
        const d = decideDisclosure({ viewer, audience, caseFile, rules, now });
        const shown = visibleObservations(observations, d);
        if (d.decision !== 'reveal') return shown.length === 0;
        const consent = caseFile.consents.find((c) => c.id === d.consentId)!;
        return shown.every((o) => consent.scope.includes(o.agency)) && shown.length === observations.filter((o) => consent.scope.includes(o.agency)).length;
      }),
      { numRuns: 2000 }
    );
  });

  it('revoking or expiring every consent always flips reveal to withhold', () => {
    // Generate a revealing situation, then revoke (or let time pass beyond validUntil).
    const revealing = fc
      .record({
        agency: fc.constantFrom(...SCOPE_AGENCIES),
        extraScope: fc.subarray([...SCOPE_AGENCIES] as string[]),
        signed: fc.integer({ min: T0, max: T1 - 400 * 86400000 }),
        lengthDays: fc.integer({ min: 2, max: 365 }),
        offsetDays: fc.integer({ min: 0, max: 364 }),
        afterRevocationMs: fc.integer({ min: 0, max: 400 * 86400000 }),
        afterExpiryMs: fc.integer({ min: 0, max: 400 * 86400000 }),
        birthYear: fc.integer({ min: 2010, max: 2020 })
      })
      .filter((x) => x.offsetDays < x.lengthDays);
    fc.assert(
      fc.property(revealing, audienceArb.filter((a) => a.kind !== 'posted'), (x, audience) => {
        const now = new Date(x.signed + x.offsetDays * 86400000);
        const consent: PolicyConsent = {
          id: 'c1',
          scope: [...new Set([x.agency, ...x.extraScope])],
          signedAt: new Date(x.signed).toISOString(),
          validUntil: new Date(x.signed + x.lengthDays * 86400000).toISOString(),
          guardiansWithCustody: 2,
          guardiansSigned: 2,
          youthSigned: true,
          youthRequired: false
        };
        const caseFile: PolicyCase = { pseudonym: 'K-2026-014', groupId: GROUP, tenantId: TENANT, birthYear: x.birthYear, detailsDeleted: false, consents: [consent] };
        const viewer: PolicyViewer = { aadObjectId: 'aad-1', tenantId: TENANT, membership: { groupId: GROUP, aadObjectId: 'aad-1', agency: x.agency, userRole: 'user' } };
        const before = decideDisclosure({ viewer, audience, caseFile, rules, now });
        if (before.decision !== 'reveal') return false;
        const revoked = { ...caseFile, consents: [{ ...consent, revokedAt: now.toISOString() }] };
        const afterRevoke = decideDisclosure({ viewer, audience, caseFile: revoked, rules, now: new Date(now.getTime() + x.afterRevocationMs) });
        const expiredAt = new Date(Date.parse(consent.validUntil) + x.afterExpiryMs);
        const afterExpiry = decideDisclosure({ viewer, audience, caseFile, rules, now: expiredAt });
        return (
          afterRevoke.decision === 'withhold' && afterRevoke.reason === 'consentRevoked' &&
          afterExpiry.decision === 'withhold' && afterExpiry.reason === 'consentExpired'
        );
      }),
      { numRuns: 2000 }
    );
  });

  it('withholds anything malformed or unknown, and never throws', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (viewer, caseFile, audience) => {
        const d = decideDisclosure({ viewer: viewer as PolicyViewer, audience: audience as PolicyAudience, caseFile: caseFile as PolicyCase, rules, now: new Date('2026-03-10T00:00:00Z') });
        return d.decision === 'withhold';
      }),
      { numRuns: 2000 }
    );
  });
});

describe('decideDisclosure (examples)', () => {
  const now = new Date('2026-03-10T09:00:00Z');
  const consent: PolicyConsent = {
    id: 'c1', scope: ['skola', 'polis', 'socialtjanst'], signedAt: '2026-03-01T00:00:00Z', validUntil: '2027-03-01T00:00:00Z',
    guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, youthRequired: false
  };
  const caseFile: PolicyCase = { pseudonym: 'K-2026-014', groupId: GROUP, tenantId: TENANT, birthYear: 2013, detailsDeleted: false, consents: [consent] };
  const viewer = (agency: string, userRole = 'user'): PolicyViewer => ({ aadObjectId: 'aad-1', tenantId: TENANT, membership: { groupId: GROUP, aadObjectId: 'aad-1', agency, userRole } });

  it('reveals to the police officer the school and police observations (the worked example)', () => {
    const d = decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'userSpecific' }, caseFile, rules, now });
    expect(d).toEqual({ decision: 'reveal', reason: 'consentCovers', consentId: 'c1', agencies: ['skola', 'socialtjanst', 'polis'] });
    const obs = [{ agency: 'skola' }, { agency: 'polis' }, { agency: 'fritid' }];
    expect(visibleObservations(obs, d).map((o) => o.agency)).toEqual(['skola', 'polis']);
  });

  it('tells the youth worker that the consent does not cover fritid', () => {
    expect(decideDisclosure({ viewer: viewer('fritid'), audience: { kind: 'userSpecific' }, caseFile, rules, now })).toMatchObject({ decision: 'withhold', reason: 'scopeExcludesAgency', agency: 'fritid' });
  });

  it('never reveals in a posted message, to a guest, or when the young person is 15 and has not signed', () => {
    expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'posted' }, caseFile, rules, now }).reason).toBe('postedMessage');
    expect(decideDisclosure({ viewer: viewer('polis', 'guest'), audience: { kind: 'personal' }, caseFile, rules, now }).reason).toBe('guest');
    expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'personal' }, caseFile: { ...caseFile, birthYear: 2011 }, rules, now }).reason).toBe('consentIncomplete');
  });

  it('withholds for a foreign tenant, a missing consent and deleted details', () => {
    expect(decideDisclosure({ viewer: { ...viewer('polis'), tenantId: 'tenant-b' }, audience: { kind: 'personal' }, caseFile, rules, now }).reason).toBe('otherTenant');
    expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'personal' }, caseFile: { ...caseFile, consents: [] }, rules, now }).reason).toBe('noConsent');
    expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'personal' }, caseFile: { ...caseFile, detailsDeleted: true }, rules, now }).reason).toBe('detailsDeleted');
  });
});
