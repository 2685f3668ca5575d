import type { Store } from '../store/store';
import { AppendOnlyLog } from './append-only-log';

/**
 * One attempt to reach a case one may not know of: a pseudonym that does not exist, or a case owned by
 * a group one is not a member of. Users get the same neutral answer for both; this log, read by admins,
 * keeps the difference. Never case details; the pseudonym is what the person typed or sent.
 */
export interface SecurityEvent {
  id: string;
  /** Partition key: the tenant the attempt came from (`-` when unknown). A missing case has no group. */
  tenantId: string;
  at: string;
  actorAadObjectId: string;
  conversationType: 'personal' | 'groupChat' | 'channel' | 'system';
  conversationId: string;
  /** What was tried, e.g. `case.view`, `case.log`. */
  action: string;
  via: 'execute' | 'refresh' | 'command' | 'http';
  /** The pseudonym named. */
  target: string;
  /** Why it was refused, precisely: `unknownCase`, `notMember`, `otherTenant`. */
  reason: string;
}

export type NewSecurityEvent = Omit<SecurityEvent, 'id'>;

/** The tenant's security log: append-only like the case audit (create and read only on Azure, TTL in infra/). */
export class SecurityLog extends AppendOnlyLog<SecurityEvent> {
  constructor(store: Store, newId?: () => string) {
    super(store, 'security-log', 'tenantId', 'security event', newId);
  }

  /** Stores one event; throws when it could not be stored. */
  async append(event: NewSecurityEvent): Promise<SecurityEvent> {
    return this.insert({ ...event, tenantId: event.tenantId || '-' });
  }

  /** The latest events of a tenant, newest first. */
  async listForTenant(tenantId: string, limit = 100): Promise<SecurityEvent[]> {
    const rows = await this.entries.query<SecurityEvent>('SELECT * FROM c WHERE c.tenantId = @pk ORDER BY c.at DESC', [], tenantId || '-');
    return rows.slice(0, limit);
  }
}
