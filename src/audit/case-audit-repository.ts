import type { AuditEntry, NewAuditEntry } from '../privacy/audit';
import { cosmosStatus } from '../store/errors';
import type { Store } from '../store/store';
import { AppendOnlyLog } from './append-only-log';

export type { AuditAction, AuditEntry, NewAuditEntry } from '../privacy/audit';

/**
 * The append-only audit log. The only write is `append`; the only delete is `deleteOlderThan`, used by
 * retention. There is deliberately no update path.
 */
export class AuditLog extends AppendOnlyLog<AuditEntry> {
  constructor(store: Store, newId?: () => string) {
    super(store, 'case-audit', 'groupId', 'audit entry', newId);
  }

  /** Stores one entry; throws when it could not be stored (callers then reveal nothing). */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.insert({ ...entry, groupId: entry.groupId || '-' });
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
