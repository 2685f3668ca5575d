import type { AuditEntry } from '../privacy/audit';
import { toSafeCsv } from '../privacy/csv';
import type { GroupAuditEntry } from './group-audit-repository';

/** The columns of a group's access-log export (group log and case log in one file), in order. */
export const ACCESS_LOG_COLUMNS = [
  'at', 'log', 'caseId', 'actorAadObjectId', 'actorName', 'actingAs', 'action', 'decision', 'reason',
  'targetAadObjectId', 'targetName', 'from', 'to', 'linkedGroupId', 'conversationType', 'via', 'consentId', 'agencies', 'viewerAgency'
] as const;

const membership = (m: { agency: string; roles: string[] } | undefined) => (m ? `${m.agency}/${m.roles.join('+')}` : '');

/**
 * Every access-log entry of a group for a period as one safe CSV file (`toSafeCsv`: BOM, `;`, every
 * field quoted and neutralised), oldest first, for the log review a DPO
 * asks for. `names` maps Entra object ids to staff display names where known.
 */
export function accessLogCsv(groupEntries: readonly GroupAuditEntry[], caseEntries: readonly AuditEntry[], names: ReadonlyMap<string, string>): string {
  const rows = [
    ...groupEntries.map((e) => ({
      at: e.at,
      cells: [
        e.at, 'group', '', e.actorAadObjectId, e.actorName ?? names.get(e.actorAadObjectId) ?? '', e.actingAs, e.action, e.decision, e.reason,
        e.targetAadObjectId ?? '', e.targetAadObjectId ? e.targetName ?? names.get(e.targetAadObjectId) ?? '' : '', membership(e.from), membership(e.to), e.linkedGroupId ?? '',
        e.conversationType, e.via, '', '', ''
      ]
    })),
    ...caseEntries.map((e) => ({
      at: e.at,
      cells: [
        e.at, 'case', e.caseId, e.actorAadObjectId, names.get(e.actorAadObjectId) ?? '', '', e.action, e.decision, e.reason,
        '', '', '', '', '', e.conversationType, e.via, e.consentId ?? '', (e.agencies ?? []).join(' '), e.viewerAgency ?? ''
      ]
    }))
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return toSafeCsv([[...ACCESS_LOG_COLUMNS], ...rows.map((r) => r.cells)]);
}
