import { parse } from 'csv-parse/sync';
import { accessLogCsv, ACCESS_LOG_COLUMNS } from '../../src/audit/access-log-csv';
import type { GroupAuditEntry } from '../../src/audit/group-audit-repository';
import type { AuditEntry } from '../../src/privacy/audit';

const groupEntry = (over: Partial<GroupAuditEntry> = {}): GroupAuditEntry => ({
  id: 'g1', groupId: 'g', at: '2026-03-02T10:00:00.000Z', actorAadObjectId: 'aad-anna', actorName: 'Anna', actingAs: 'admin', action: 'memberSet',
  decision: 'allowed', reason: 'changed', conversationType: 'channel', via: 'execute', targetAadObjectId: 'aad-olle', targetName: 'Olle',
  from: { agency: 'fritid', roles: ['medlem'] }, to: { agency: 'polis', roles: ['samordnare'] }, ...over
});
const caseEntry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'c1', groupId: 'g', caseId: 'K-2026-001', at: '2026-03-01T09:00:00.000Z', actorAadObjectId: 'aad-olle', conversationId: 'conv', conversationType: 'personal',
  action: 'view', via: 'command', decision: 'reveal', reason: 'consentCovers', consentId: 'k1', agencies: ['polis', 'skola'], viewerAgency: 'polis', ...over
});

describe('accessLogCsv', () => {
  it('puts the group log and the case log in one file, oldest first, with every column', () => {
    const rows = parse(accessLogCsv([groupEntry()], [caseEntry()], new Map([['aad-olle', 'Olle Polis']])), { columns: true, bom: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual([...ACCESS_LOG_COLUMNS]);
    expect(rows.map((r) => r.log)).toEqual(['case', 'group']);
    expect(rows[0]).toMatchObject({ caseId: 'K-2026-001', actorName: 'Olle Polis', action: 'view', decision: 'reveal', consentId: 'k1', agencies: 'polis skola', viewerAgency: 'polis' });
    expect(rows[1]).toMatchObject({ actorName: 'Anna', actingAs: 'admin', targetName: 'Olle', from: 'fritid/medlem', to: 'polis/samordnare', conversationType: 'channel' });
  });

  it('falls back to the names map, then to empty, for names the entry lacks', () => {
    const rows = parse(accessLogCsv([groupEntry({ actorName: undefined, targetName: undefined, from: undefined })], [], new Map([['aad-anna', 'Anna L']])), { columns: true, bom: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ actorName: 'Anna L', targetName: '', from: '' });
  });

  it('neutralises a display name a spreadsheet would run as a formula', () => {
    const csv = accessLogCsv([groupEntry({ actorName: '=cmd|\' /C calc\'!A0' })], [], new Map());
    const rows = parse(csv, { columns: true, bom: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(rows[0].actorName.startsWith("'=")).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
  });
});
