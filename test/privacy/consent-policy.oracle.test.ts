import fc from 'fast-check';
import { consentState, decideDisclosure, visibleObservations, type PolicyAudience, type PolicyCase, type PolicyConsent, type PolicyRules, type PolicyViewer } from '../../src/privacy/consent-policy';
import { AGENCIES, consentProblem, expectedDisclosure, youthMustSign, type Expected } from './consent-oracle';

/*
 * The policy against an oracle written on its own (./consent-oracle.ts), over generated cases that are
 * realistic: mostly 2–3 complete consents with different scopes and validity, a young person of any
 * age from 4 to 22, guests, `annan`, viewers whose agency changes, and times on a day grid so that
 * "signed now", "expires now" and "revoked now" happen.
 */

const TENANT = 'tenant-a';
const GROUP = 'group-1';
const DAY = 86_400_000;

const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 6) => fc.oneof({ weight, arbitrary: usual }, { weight: 1, arbitrary: rare });

const rulesArb: fc.Arbitrary<PolicyRules> = fc.record({
  allowedTenants: often(fc.constant<string[]>([TENANT]), fc.constantFrom<string[]>([], ['tenant-b', TENANT], ['tenant-b']), 20),
  youthConsentAge: often(fc.constant(15), fc.integer({ min: 12, max: 18 }), 2)
});

/** An instant `days` after `now`, sometimes a little later within that day. */
const relative = (now: number, days: fc.Arbitrary<number>) =>
  fc.tuple(days, often(fc.constant(0), fc.integer({ min: 1, max: DAY - 1 }), 3)).map(([d, ms]) => new Date(now + d * DAY + ms).toISOString());

function consentArb(now: number): fc.Arbitrary<Omit<PolicyConsent, 'id'>> {
  return fc
    .record({
      scope: often(
        fc.subarray([...AGENCIES] as string[], { minLength: 1 }),
        fc.oneof(fc.constant<string[]>([]), fc.constant(['annan']), fc.subarray(['annan', ...AGENCIES, 'SKOLA'])),
        5
      ),
      signedAt: often(
        relative(now, fc.integer({ min: -400, max: -1 })),
        fc.oneof(relative(now, fc.constantFrom(0, 1, 2)), relative(now, fc.integer({ min: -400, max: 400 })), fc.constantFrom('not a date', '')),
        8
      ),
      validUntil: often(
        relative(now, fc.integer({ min: 1, max: 400 })),
        fc.oneof(relative(now, fc.constantFrom(0, -1)), relative(now, fc.integer({ min: -60, max: -1 })), relative(now, fc.integer({ min: -400, max: 400 })), fc.constant('2026-13-45')),
        8
      ),
      revokedAt: often(fc.constant(undefined), fc.oneof(relative(now, fc.integer({ min: -30, max: 30 })), relative(now, fc.constant(0)), fc.constant('garbled')), 6),
      guardiansWithCustody: often(fc.constantFrom(1, 2), fc.constantFrom(0, -1, 1.5, Number.NaN), 12),
      signedShortfall: often(fc.constant(0), fc.constantFrom(-1, 1, 2), 12),
      youthSigned: often(fc.constant(true), fc.constant(false), 2),
      youthRequired: fc.boolean()
    })
    .map(({ signedShortfall, ...c }) => ({ ...c, guardiansSigned: c.guardiansWithCustody - signedShortfall }));
}

interface Scenario {
  now: Date;
  rules: PolicyRules;
  viewer: PolicyViewer;
  audience: PolicyAudience;
  caseFile: PolicyCase | undefined;
  /** A second agency the viewer's membership is changed to. */
  otherAgency: string;
}

const agencyArb = fc.constantFrom(...AGENCIES, 'annan');

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
  .map((t) => Math.floor(t / DAY) * DAY) // on the day grid, so that relative instants can coincide with now
  .chain((now) => {
    const year = new Date(now).getUTCFullYear();
    const caseArb: fc.Arbitrary<PolicyCase> = fc.record({
      pseudonym: fc.constant('K-2026-014'),
      groupId: often(fc.constant(GROUP), fc.constant('group-2'), 20),
      tenantId: often(fc.constant<string | undefined>(TENANT), fc.constantFrom<string | undefined>(undefined, 'tenant-b'), 15),
      // Ages 4–22 this year: both sides of every youth age limit.
      birthYear: often(fc.integer({ min: year - 22, max: year - 4 }), fc.constantFrom<number | undefined>(undefined, 2010.5), 10),
      detailsDeleted: often(fc.constant(false), fc.constant(true), 20),
      consents: often(fc.array(consentArb(now), { minLength: 2, maxLength: 3 }), fc.array(consentArb(now), { maxLength: 1 }), 5).map((cs) =>
        cs.map((c, i) => ({ ...c, id: `c${i + 1}` }))
      )
    });
    const viewerArb: fc.Arbitrary<PolicyViewer> = fc.record({
      aadObjectId: often(fc.constant<string | undefined>('aad-1'), fc.constantFrom<string | undefined>('', undefined), 25),
      tenantId: often(fc.constant<string | undefined>(TENANT), fc.constantFrom<string | undefined>('tenant-b', undefined), 25),
      membership: often(
        fc.record({
          groupId: often(fc.constant(GROUP), fc.constant('group-2'), 25),
          aadObjectId: often(fc.constant('aad-1'), fc.constantFrom('AAD-1', 'aad-2'), 12),
          agency: agencyArb,
          userRole: often(fc.constant<string | undefined>('user'), fc.constantFrom<string | undefined>('guest', 'anonymous', 'User', undefined), 8)
        }),
        fc.constant(undefined),
        25
      )
    });
    return fc.record({
      now: fc.constant(new Date(now)),
      rules: rulesArb,
      viewer: viewerArb,
      audience: often(fc.constantFrom<PolicyAudience>({ kind: 'userSpecific' }, { kind: 'personal' }), fc.constant<PolicyAudience>({ kind: 'posted' }), 10),
      caseFile: often(caseArb, fc.constant(undefined), 30),
      otherAgency: agencyArb
    });
  });

const decide = (s: Scenario) => decideDisclosure({ viewer: s.viewer, audience: s.audience, caseFile: s.caseFile, rules: s.rules, now: s.now });
const oracle = (s: Scenario): Expected => expectedDisclosure(s.viewer, s.audience, s.caseFile, s.rules, s.now);
const withAgency = (s: Scenario, agency: string): Scenario =>
  s.viewer.membership ? { ...s, viewer: { ...s.viewer, membership: { ...s.viewer.membership, agency } } } : s;

describe('consent policy against an independent oracle', () => {
  it('decides exactly as the oracle: decision, reason, consent, agency and the agencies shown', () => {
    const seen = { reveal: 0, severalInForce: 0, youthDecides: 0, annan: 0, guest: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const expected = oracle(s);
        expect(decide(s)).toEqual(expected);
        // Count what the generators reach, so that a weakened generator shows up as a failure below.
        const c = s.caseFile;
        if (expected.decision === 'reveal') seen.reveal++;
        if (c && c.consents.filter((k) => consentProblem(k, c.birthYear, s.rules, s.now) === undefined).length >= 2) seen.severalInForce++;
        if (c?.birthYear !== undefined && c.consents.some((k) => !k.youthSigned && !k.youthRequired && youthMustSign(c.birthYear!, s.now, s.rules.youthConsentAge))) seen.youthDecides++;
        if (s.viewer.membership?.agency === 'annan') seen.annan++;
        if (expected.reason === 'guest') seen.guest++;
      }),
      { numRuns: 2000 }
    );
    // About 18 %, 21 %, 14 %, 19 % and 8 % of the runs; the bounds are half of that.
    expect(seen.reveal).toBeGreaterThan(180);
    expect(seen.severalInForce).toBeGreaterThan(200);
    expect(seen.youthDecides).toBeGreaterThan(140);
    expect(seen.annan).toBeGreaterThan(190);
    expect(seen.guest).toBeGreaterThan(80);
  });

  it('the state of every consent is what the oracle says', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const c of s.caseFile?.consents ?? []) {
          const problem = consentProblem(c, s.caseFile!.birthYear, s.rules, s.now);
          expect(consentState(c, s.caseFile!.birthYear, s.rules, s.now)).toBe(problem ?? 'active');
        }
      }),
      { numRuns: 1000 }
    );
  });

  it('a viewer whose agency changes is judged by the new agency only, and sees only what a consent in force lets that agency see', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const before = decide(s);
        const moved = withAgency(s, s.otherAgency);
        const after = decide(moved);
        expect(after).toEqual(oracle(moved));
        if (after.decision === 'reveal') {
          expect(after.agencies).toContain(s.otherAgency);
          const consent = s.caseFile!.consents.find((c) => c.id === after.consentId)!;
          expect(after.agencies).toEqual(AGENCIES.filter((a) => consent.scope.includes(a)));
        }
        // Moving to the same agency changes nothing.
        expect(decide(withAgency(s, s.viewer.membership?.agency ?? ''))).toEqual(before);
      }),
      { numRuns: 1000 }
    );
  });

  it('observations shown are exactly those of the revealing consent\'s scope, never another consent\'s', () => {
    const obsArb = fc.array(fc.record({ agency: fc.constantFrom(...AGENCIES, 'annan'), text: fc.string({ maxLength: 5 }) }), { maxLength: 8 });
    fc.assert(
      fc.property(scenarioArb, obsArb, (s, observations) => {
        const expected = oracle(s);
        const allowed: readonly string[] = expected.decision === 'reveal' ? expected.agencies : [];
        expect(visibleObservations(observations, decide(s))).toEqual(observations.filter((o) => allowed.includes(o.agency)));
      }),
      { numRuns: 1000 }
    );
  });

  it('revoking the consent that revealed never reveals more afterwards', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const first = decide(s);
        if (first.decision !== 'reveal' || !s.caseFile) return;
        const revoked: Scenario = {
          ...s,
          caseFile: { ...s.caseFile, consents: s.caseFile.consents.map((c) => (c.id === first.consentId ? { ...c, revokedAt: s.now.toISOString() } : c)) }
        };
        const after = decide(revoked);
        expect(after).toEqual(oracle(revoked));
        expect(after.consentId === first.consentId && after.decision === 'reveal').toBe(false);
      }),
      { numRuns: 1000 }
    );
  });
});

describe('the oracle\'s youth rule, stated by example', () => {
  it('asks for the young person\'s signature from the year they turn the age limit, and every year after', () => {
    const clock = new Date('2026-03-10T09:00:00Z');
    expect([2012, 2011, 2010, 2005, 1990].map((y) => youthMustSign(y, clock, 15))).toEqual([false, true, true, true, true]);
    expect(youthMustSign(2013, clock, 13)).toBe(true);
    expect(youthMustSign(2014, clock, 13)).toBe(false);
  });
});

describe('the two bugs that slipped through before, as attacks', () => {
  const now = new Date('2026-03-10T09:00:00Z');
  const rules: PolicyRules = { allowedTenants: [TENANT], youthConsentAge: 15 };
  const viewer = (agency: string): PolicyViewer => ({ aadObjectId: 'aad-1', tenantId: TENANT, membership: { groupId: GROUP, aadObjectId: 'aad-1', agency, userRole: 'user' } });
  const consent = (over: Partial<PolicyConsent>): PolicyConsent => ({
    id: 'c1', scope: ['skola', 'polis'], signedAt: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z',
    guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, youthRequired: false, ...over
  });
  const caseOf = (birthYear: number, consents: PolicyConsent[]): PolicyCase => ({ pseudonym: 'K-2026-014', groupId: GROUP, tenantId: TENANT, birthYear, detailsDeleted: false, consents });

  it('a 16- or 17-year-old who has not signed is not revealed, not only a 15-year-old', () => {
    for (const birthYear of [2011, 2010, 2009, 2004]) {
      expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'personal' }, caseFile: caseOf(birthYear, [consent({})]), rules, now })).toEqual({
        decision: 'withhold', reason: 'consentIncomplete', consentId: 'c1'
      });
    }
    expect(decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'personal' }, caseFile: caseOf(2012, [consent({})]), rules, now }).decision).toBe('reveal');
  });

  it('with two consents in force, the police officer sees one consent\'s scope, not the union of both', () => {
    const narrow = consent({ id: 'narrow', scope: ['skola', 'polis'], validUntil: '2027-06-01T00:00:00Z' });
    const other = consent({ id: 'other', scope: ['polis', 'fritid', 'socialtjanst'], validUntil: '2026-12-01T00:00:00Z' });
    const d = decideDisclosure({ viewer: viewer('polis'), audience: { kind: 'userSpecific' }, caseFile: caseOf(2014, [other, narrow]), rules, now });
    expect(d).toEqual({ decision: 'reveal', reason: 'consentCovers', consentId: 'narrow', agencies: ['skola', 'polis'] });
    expect(visibleObservations([{ agency: 'skola' }, { agency: 'fritid' }, { agency: 'socialtjanst' }, { agency: 'polis' }], d)).toEqual([{ agency: 'skola' }, { agency: 'polis' }]);
  });
});
