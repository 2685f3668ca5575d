/**
 * The case audit entry (what is recorded about every reveal, refusal and change) and its CSV rendering:
 * pure data and helpers. The repository that stores entries is `src/audit/case-audit-repository.ts`.
 */
import { toSafeCsv } from './csv';

/** What was attempted on a case. */
export type AuditAction =
  | 'view'
  | 'summary'
  | 'log'
  | 'export'
  | 'create'
  | 'observation'
  | 'consent'
  | 'revoke'
  | 'lifecycle'
  | 'retention';

/** One access or change: who, when, where, which case, the decision and why. Never case details. */
export interface AuditEntry {
  id: string;
  /** Partition key: the group that owns the case (`-` when no group could be determined). */
  groupId: string;
  /** The case pseudonym, or `*` for group-wide entries (log export). */
  caseId: string;
  at: string;
  actorAadObjectId: string;
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel' | 'system';
  action: AuditAction;
  /** How the request came: a button, an automatic refresh, a chat command, an HTTP download, a job. */
  via: 'execute' | 'refresh' | 'command' | 'http' | 'job';
  decision: 'reveal' | 'withhold' | 'allowed' | 'refused';
  reason: string;
  consentId?: string;
  /** On a reveal: the agencies whose observations were shown. */
  agencies?: string[];
  /** The viewer's agency in the owning group, when a membership was found. */
  viewerAgency?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** The CSV columns of a log export, in order. */
export const AUDIT_CSV_COLUMNS = ['at', 'caseId', 'actorAadObjectId', 'actorName', 'conversationType', 'conversationId', 'action', 'via', 'decision', 'reason', 'consentId', 'agencies', 'viewerAgency'] as const;

/**
 * Renders audit entries as a safe CSV file (see `toSafeCsv`: BOM, `;`, every field quoted and
 * neutralised, header row) for systematic log review. `names` maps Entra object ids to staff display
 * names where known; a display name is free text chosen by its owner, so it is never trusted.
 */
export function auditCsv(entries: readonly AuditEntry[], names: ReadonlyMap<string, string> = new Map()): string {
  const rows = entries.map((e) =>
    [
      e.at,
      e.caseId,
      e.actorAadObjectId,
      names.get(e.actorAadObjectId) ?? '',
      e.conversationType,
      e.conversationId,
      e.action,
      e.via,
      e.decision,
      e.reason,
      e.consentId ?? '',
      (e.agencies ?? []).join(' '),
      e.viewerAgency ?? ''
    ]
  );
  return toSafeCsv([[...AUDIT_CSV_COLUMNS], ...rows]);
}
