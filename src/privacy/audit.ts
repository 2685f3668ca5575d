import { randomUUID } from 'node:crypto';
import { Collection } from '../store/collection';
import { cosmosStatus } from '../store/errors';
import type { Store } from '../store/store';
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

/**
 * The append-only audit log. The only write is `append`; the only delete is `deleteOlderThan`, used by
 * retention. There is deliberately no update path.
 */
export class AuditLog {
  private readonly entries: Collection<AuditEntry>;

  constructor(store: Store, private readonly newId: () => string = randomUUID) {
    this.entries = new Collection<AuditEntry>(store.container('case-audit'), 'groupId');
  }

  /** Stores one entry; throws when it could not be stored (callers then reveal nothing). */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const doc: AuditEntry = { ...entry, groupId: entry.groupId || '-', id: this.newId() };
    const created = await this.entries.create(doc);
    if (!created) throw new Error('audit entry id collision');
    return created.doc;
  }

  /** Entries of one case, oldest first. */
  async listForCase(groupId: string, caseId: string): Promise<AuditEntry[]> {
    return this.entries.query<AuditEntry>('SELECT * FROM c WHERE c.groupId = @pk AND c.caseId = @case ORDER BY c.at', [{ name: '@case', value: caseId }], groupId);
  }

  /** Every entry of a group, oldest first (CSV export). */
  async listForGroup(groupId: string): Promise<AuditEntry[]> {
    return this.entries.query<AuditEntry>('SELECT * FROM c WHERE c.groupId = @pk ORDER BY c.at', [], groupId);
  }

  /** How many entries of a group are older than `cutoff` (due for retention). */
  async countOlderThan(groupId: string, cutoff: Date): Promise<number> {
    const rows = await this.entries.query<{ id: string }>('SELECT c.id FROM c WHERE c.groupId = @pk AND c.at < @cutoff', [{ name: '@cutoff', value: cutoff.toISOString() }], groupId);
    return rows.length;
  }

  /**
   * Retention only: deletes a group's entries older than `cutoff`; returns how many were deleted. On
   * Azure the app may only create and read audit entries (infra/: a custom Cosmos role), so a delete is
   * refused (403) and the container's time-to-live, set to the same retention, removes them instead.
   */
  async deleteOlderThan(groupId: string, cutoff: Date): Promise<number> {
    const rows = await this.entries.query<{ id: string }>('SELECT c.id FROM c WHERE c.groupId = @pk AND c.at < @cutoff', [{ name: '@cutoff', value: cutoff.toISOString() }], groupId);
    let deleted = 0;
    for (const r of rows) {
      try {
        if (await this.entries.delete(r.id, groupId)) deleted++;
      } catch (err) {
        if (cosmosStatus(err) === 403) return deleted;
        throw err;
      }
    }
    return deleted;
  }
}

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
