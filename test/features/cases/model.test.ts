import { checkConsent, formatPseudonym, parsePseudonym, type ConsentForm } from '../../../src/features/cases/model';

const rules = { youthConsentAge: 15, defaultMonths: 12 };
const now = new Date('2026-03-10T09:00:00Z');
const form = (over: Partial<ConsentForm> = {}): ConsentForm => ({
  guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, matureEnough: false, scope: ['skola', 'polis'], signedAt: '2026-03-01', validUntil: '', archiveRef: 'Dnr 1', ...over
});

describe('pseudonyms', () => {
  it('formats year and a running number of at least three digits and finds them in text', () => {
    expect(formatPseudonym(2026, 14)).toBe('K-2026-014');
    expect(formatPseudonym(2026, 1234)).toBe('K-2026-1234');
    expect(parsePseudonym('k-2026-014 tack')).toBe('K-2026-014');
    expect(parsePseudonym('K-26-1')).toBeUndefined();
  });
});

describe('checkConsent', () => {
  it('accepts a complete consent and defaults validity to 12 months, never open-ended', () => {
    const r = checkConsent(form(), 2013, rules, now);
    expect(r.problems).toEqual([]);
    expect(r.youthRequired).toBe(false);
    expect(r.validUntil.slice(0, 10)).toBe('2027-03-01');
  });

  it('requires every guardian with custody', () => {
    expect(checkConsent(form({ guardiansSigned: 1 }), 2013, rules, now).problems).toContain('guardiansMissing');
  });

  it("requires the young person's own consent from 15 (current year − birth year) or when marked mature", () => {
    expect(checkConsent(form(), 2011, rules, now).problems).toContain('youthMissing');
    expect(checkConsent(form({ youthSigned: true }), 2011, rules, now).problems).toEqual([]);
    expect(checkConsent(form({ matureEnough: true }), 2013, rules, now).problems).toContain('youthMissing');
    expect(checkConsent(form(), 2012, { ...rules, youthConsentAge: 14 }, now).problems).toContain('youthMissing');
  });

  it('rejects an empty scope, future signing, bad or expired validity, too long validity and a missing archive reference', () => {
    expect(checkConsent(form({ scope: [] }), 2013, rules, now).problems).toContain('scopeEmpty');
    expect(checkConsent(form({ signedAt: '2026-04-01' }), 2013, rules, now).problems).toContain('signedInFuture');
    expect(checkConsent(form({ validUntil: '2026-02-01' }), 2013, rules, now).problems).toContain('validUntilBeforeSigned');
    expect(checkConsent(form({ signedAt: '2025-01-01', validUntil: '2026-03-01' }), 2013, rules, now).problems).toContain('alreadyExpired');
    expect(checkConsent(form({ validUntil: '2030-01-01' }), 2013, rules, now).problems).toContain('tooLong');
    expect(checkConsent(form({ archiveRef: '' }), 2013, rules, now).problems).toContain('archiveRefMissing');
  });
});
