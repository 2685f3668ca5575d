import { applyRetention, retentionDue } from '../../../src/features/cases/retention';
import type { CaseFile, Consent } from '../../../src/features/cases/model';

const rules = { detailsRetentionMonths: 3, consentRetentionMonths: 12, auditRetentionMonths: 24 };
const consent = (over: Partial<Consent>): Consent => ({
  id: 'c1', scope: ['skola'], guardiansWithCustody: 1, guardiansSigned: 1, youthSigned: false, matureEnough: false, youthRequired: false,
  signedAt: '2025-01-01T00:00:00.000Z', validUntil: '2026-01-01T00:00:00.000Z', archiveRef: 'x', registeredBy: 'a', registeredAt: '2025-01-01T00:00:00.000Z', ...over
});
const base: CaseFile = {
  id: 'K-2026-001', groupId: 'g', municipalityKey: 'kungalv', status: 'closed', createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'a', updatedAt: '',
  closedAt: '2026-01-10T00:00:00.000Z', details: { name: 'N', birthYear: 2012, area: 'A', concern: 'C' },
  observations: [{ id: 'o', agency: 'skola', date: '2025-12-01', text: 'T', authorAadObjectId: 'a', createdAt: '' }],
  consents: [consent({}), consent({ id: 'c2', validUntil: '2027-01-01T00:00:00.000Z', revokedAt: '2025-02-01T00:00:00.000Z' })],
  lifecycle: { step: 'avslut', completed: [], checked: {} }, shownViews: [], postedCards: []
};

describe('retention', () => {
  it('deletes a closed case\'s details only after the period, keeping pseudonym, dates and counts', () => {
    expect(retentionDue(base, rules, new Date('2026-04-09T00:00:00Z')).details).toBe(false);
    const now = new Date('2026-04-11T00:00:00Z');
    const due = retentionDue(base, rules, now);
    expect(due.details).toBe(true);
    const after = applyRetention(base, due, now);
    expect('details' in after).toBe(false);
    expect(after.observations).toEqual([{ id: 'o', agency: 'skola', date: '2025-12-01', authorAadObjectId: 'a', createdAt: '' }]);
    expect(after.id).toBe('K-2026-001');
    expect(after.detailsDeletedAt).toBe(now.toISOString());
  });

  it('never deletes an open case\'s details', () => {
    expect(retentionDue({ ...base, status: 'open', closedAt: undefined }, rules, new Date('2030-01-01T00:00:00Z')).details).toBe(false);
  });

  it('deletes consents their own period after they ended (revocation or expiry)', () => {
    expect(retentionDue(base, rules, new Date('2026-01-31T00:00:00Z')).consentIds).toEqual([]);
    expect(retentionDue(base, rules, new Date('2026-02-02T00:00:00Z')).consentIds).toEqual(['c2']);
    expect(retentionDue(base, rules, new Date('2027-01-02T00:00:00Z')).consentIds).toEqual(['c1', 'c2']);
  });
});
