import { randomUUID } from 'node:crypto';
import { Collection } from '../store/collection';
import type { Store } from '../store/store';

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
export class SecurityLog {
  private readonly events: Collection<SecurityEvent>;

  constructor(store: Store, private readonly newId: () => string = randomUUID) {
    this.events = new Collection<SecurityEvent>(store.container('security-log'), 'tenantId');
  }

  /** Stores one event; throws when it could not be stored. */
  async append(event: NewSecurityEvent): Promise<SecurityEvent> {
    const doc: SecurityEvent = { ...event, tenantId: event.tenantId || '-', id: this.newId() };
    const created = await this.events.create(doc);
    if (!created) throw new Error('security event id collision');
    return created.doc;
  }

  /** The latest events of a tenant, newest first. */
  async listForTenant(tenantId: string, limit = 100): Promise<SecurityEvent[]> {
    const rows = await this.events.query<SecurityEvent>('SELECT * FROM c WHERE c.tenantId = @pk ORDER BY c.at DESC', [], tenantId || '-');
    return rows.slice(0, limit);
  }
}
