import type { Container } from '@azure/cosmos';
import { AuditLog } from '../../src/audit/case-audit-repository';
import { auditCsv, neutraliseCell, type AuditEntry } from '../../src/privacy/audit';
import type { Store } from '../../src/store/store';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: '1', groupId: 'g', caseId: 'K-2026-014', at: '2026-03-10T09:00:00.000Z', actorAadObjectId: 'aad-1', conversationId: '19:c', conversationType: 'channel',
  action: 'view', via: 'execute', decision: 'reveal', reason: 'consentCovers', consentId: 'c1', agencies: ['skola', 'polis'], viewerAgency: 'polis', ...over
});

describe('audit CSV', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("x")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    expect(neutraliseCell('Olle Polis')).toBe('Olle Polis');
  });

  it('writes a header and one row per entry, quoting where needed, with staff names and no formulas', () => {
    const names = new Map([['aad-1', '=cmd|"/c calc"'], ['aad-2', 'Filip, Fritid']]);
    const csv = auditCsv([entry({}), entry({ id: '2', actorAadObjectId: 'aad-2', decision: 'withhold', reason: 'scopeExcludesAgency', agencies: undefined })], names);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('at,caseId,actorAadObjectId,actorName,conversationType,conversationId,action,via,decision,reason,consentId,agencies,viewerAgency');
    expect(lines[1]).toBe('2026-03-10T09:00:00.000Z,K-2026-014,aad-1,"\'=cmd|""/c calc""",channel,19:c,view,execute,reveal,consentCovers,c1,skola polis,polis');
    expect(lines[2]).toContain(',"Filip, Fritid",');
    // No cell starts a formula, quoted or not.
    expect(csv).not.toMatch(/(^|,|,")[=+@-]/m);
  });
});

describe('audit retention under the create+read role', () => {
  /** A case-audit container as Azure serves it to Trygg's identity: queries work, deletes are 403 (or 500). */
  function storeRefusingDeletes(status: number): { store: Store; deleteCalls: () => number } {
    let calls = 0;
    const rows = [{ id: 'a' }, { id: 'b' }];
    const container = {
      items: { query: () => { let done = false; return { hasMoreResults: () => !done, fetchNext: async () => { done = true; return { resources: rows }; } }; } },
      item: () => ({ delete: async () => { calls++; throw Object.assign(new Error('refused'), { code: status }); } })
    } as unknown as Container;
    return { store: { container: () => container } as unknown as Store, deleteCalls: () => calls };
  }

  it('a refused delete (403: the container TTL deletes instead) stops quietly with what was deleted', async () => {
    const { store, deleteCalls } = storeRefusingDeletes(403);
    await expect(new AuditLog(store).deleteOlderThan('g', new Date('2026-01-01T00:00:00Z'))).resolves.toBe(0);
    expect(deleteCalls()).toBe(1);
  });

  it('any other failure still throws', async () => {
    const { store } = storeRefusingDeletes(500);
    await expect(new AuditLog(store).deleteOlderThan('g', new Date('2026-01-01T00:00:00Z'))).rejects.toThrow('refused');
  });
});
