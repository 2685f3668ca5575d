import { auditCsv, neutraliseCell, type AuditEntry } from '../../src/privacy/audit';

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
