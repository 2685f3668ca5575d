import { createLogger } from '../../../src/logger';
import { openStore, type Store } from '../../../src/store/store';
import { CaseRepository } from '../../../src/features/cases/case-repository';
import type { CaseFile, Consent } from '../../../src/features/cases/model';

const now = new Date('2026-03-10T09:00:00Z');
const consent = (validUntil: string, over: Partial<Consent> = {}): Consent => ({
  id: validUntil, scope: ['skola'], guardiansWithCustody: 1, guardiansSigned: 1, youthSigned: false, matureEnough: false, youthRequired: false,
  signedAt: '2026-01-01T00:00:00.000Z', validUntil, archiveRef: 'x', registeredBy: 'a', registeredAt: '', ...over
});
const caseFile = (id: string, groupId: string, over: Partial<CaseFile> = {}): CaseFile => ({
  id, groupId, municipalityKey: 'kungalv', status: 'open', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'a', updatedAt: '',
  details: { name: 'N', birthYear: 2013, area: 'A', concern: 'C' }, observations: [], consents: [],
  lifecycle: { step: 'oro', completed: [], checked: {} }, shownViews: [], postedCards: [], ...over
});

describe('CaseRepository on the embedded store', () => {
  let store: Store;
  let repo: CaseRepository;
  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'cases-repo' }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
    repo = new CaseRepository(store);
  });
  afterAll(async () => store.close());

  it('hands out unique pseudonyms per municipality and year, even concurrently', async () => {
    const many = await Promise.all(Array.from({ length: 12 }, () => repo.nextPseudonym('kungalv', 2026)));
    expect(new Set(many).size).toBe(12);
    expect(many.sort()[0]).toBe('K-2026-001');
    expect(await repo.nextPseudonym('taby', 2026)).toBe('K-2026-001');
    expect(await repo.nextPseudonym('kungalv', 2027)).toBe('K-2027-001');
  });

  it('indexes the owning group and serves the queries other features need', async () => {
    await repo.create(caseFile('K-2026-101', 'g1', { followUpOn: '2026-03-12', consents: [consent('2026-03-20T00:00:00.000Z'), consent('2026-09-01T00:00:00.000Z')] }));
    await repo.create(caseFile('K-2026-102', 'g1', { followUpOn: '2026-04-30', consents: [consent('2026-03-15T00:00:00.000Z', { revokedAt: '2026-02-01T00:00:00.000Z' })] }));
    await repo.create(caseFile('K-2026-103', 'g1', { status: 'closed', followUpOn: '2026-03-01' }));
    await repo.create(caseFile('K-2026-104', 'g2', { consents: [consent('2026-04-01T00:00:00.000Z')] }));
    expect(await repo.ownersOf('K-2026-104')).toEqual([{ groupId: 'g2', municipalityKey: 'kungalv' }]);
    expect((await repo.get('g1', 'K-2026-101'))?.id).toBe('K-2026-101');
    expect(await repo.get('g2', 'K-2026-101')).toBeUndefined();
    expect((await repo.listOpen('g1')).map((c) => c.id)).toEqual(['K-2026-101', 'K-2026-102']);
    expect((await repo.dueForFollowUp('g1', '2026-03-31')).map((c) => c.id)).toEqual(['K-2026-101']);
    expect(await repo.countConsentsExpiringWithin(['g1', 'g2'], 30, now)).toBe(2);
    expect(await repo.countConsentsExpiringWithin(['g1'], 365, now)).toBe(2);
  });
});
