import type { Store } from '../store/store';
import { AppendOnlyLog } from './append-only-log';

/** What happened to a group. */
export type GroupAuditAction =
  | 'register'
  | 'settings'
  | 'memberSet'
  | 'memberRemoved'
  | 'memberLeft'
  | 'link'
  | 'linkDeclined'
  | 'unlink'
  | 'log'
  | 'export';

/** A membership as it was before or after a change: agency and roles only. */
export interface MembershipState {
  agency: string;
  roles: string[];
}

/**
 * One change to, or refused attempt on, a group: who acted (as coordinator, admin or registrant),
 * on whom, from what to what, when. Staff display names are kept beside the ids as they were at the
 * time, so a log review can still name a person who has since left the group. Never young people's
 * data, and never in process logs (pino), which carry ids only.
 */
export interface GroupAuditEntry {
  id: string;
  /** Partition key: the group the entry belongs to (a link is written to both groups). */
  groupId: string;
  at: string;
  actorAadObjectId: string;
  /** The actor's display name at the time, when known. */
  actorName?: string;
  /** In what capacity: an admin act is marked so that a log review finds it. */
  actingAs: 'registrant' | 'coordinator' | 'admin' | 'member' | 'none' | 'system';
  action: GroupAuditAction;
  decision: 'allowed' | 'refused';
  /** Why it was refused (a reason of the access layer), or what was done. */
  reason: string;
  conversationType: 'personal' | 'groupChat' | 'channel' | 'system';
  via: 'execute' | 'command' | 'event' | 'http';
  targetAadObjectId?: string;
  /** The target's display name at the time, when known. */
  targetName?: string;
  from?: MembershipState;
  to?: MembershipState;
  /** The other group of a link. */
  linkedGroupId?: string;
  /** Names of the settings that changed (never their values' history beyond the group's own document). */
  changed?: string[];
}

export type NewGroupAuditEntry = Omit<GroupAuditEntry, 'id'>;

/**
 * The group audit log: append-only like the case audit. The only write is `append`; on Azure the
 * app's role on this container may only create and read (infra/), and the container's time-to-live
 * expires entries after the audit retention.
 */
export class GroupAuditLog extends AppendOnlyLog<GroupAuditEntry> {
  constructor(store: Store, newId?: () => string) {
    super(store, 'group-audit', 'groupId', 'group audit entry', newId);
  }

  /** Stores one entry; throws when it could not be stored (callers then change nothing). */
  async append(entry: NewGroupAuditEntry): Promise<GroupAuditEntry> {
    return this.insert(entry);
  }

  /** Entries of a group from `from` (inclusive) to `to` (exclusive), oldest first. */
  async listForGroup(groupId: string, from?: Date, to?: Date): Promise<GroupAuditEntry[]> {
    const rows = await this.entries.query<GroupAuditEntry>(
      'SELECT * FROM c WHERE c.groupId = @pk AND c.at >= @from AND c.at < @to',
      [
        { name: '@from', value: from ? from.toISOString() : '' },
        // ISO strings compare as text; no stored date sorts after this one.
        { name: '@to', value: to ? to.toISOString() : '9999-12-31T23:59:59.999Z' }
      ],
      groupId
    );
    return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  }
}
