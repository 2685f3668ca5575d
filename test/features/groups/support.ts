import { AccessLogLinks } from '../../../src/audit/access-log-links';
import { AuditLog } from '../../../src/audit/case-audit-repository';
import { GroupAuditLog } from '../../../src/audit/group-audit-repository';
import type { Actor, RosterMember, Where } from '../../../src/bot/port';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { GroupServiceDeps } from '../../../src/features/groups/group-service';
import { LinkRepository } from '../../../src/features/groups/link-repository';
import { MembershipEvents, type MembershipChange } from '../../../src/features/membership-events';
import { createLogger } from '../../../src/logger';
import { Claims } from '../../../src/store/claims';
import { openStore, type Store } from '../../../src/store/store';

export const TENANT = 'tenant-kungalv';
export const ADMIN = 'adadadad-0000-4000-8000-000000000000';

/** A person of the test tenant: an Entra id, a Teams id and a name, as the roster returns them. */
export function staff(n: number, name: string, userRole = 'user'): RosterMember & { aadObjectId: string } {
  return { id: `29:user-${n}`, aadObjectId: `a0a0a0a0-0000-4000-8000-${String(n).padStart(12, '0')}`, name, userRole };
}

export const actorOf = (p: RosterMember): Actor => ({ aadObjectId: p.aadObjectId, teamsUserId: p.id, name: p.name });

/** A team channel of the test tenant. */
export function channel(team: string): Where {
  return { kind: 'channel', conversationId: `19:${team}@thread.tacv2`, groupKey: `team:19:${team}@thread.tacv2`, teamId: `19:${team}@thread.tacv2`, tenantId: TENANT };
}

export const personal: Where = { kind: 'personal', conversationId: 'a:personal', tenantId: TENANT };

/** The group services' dependencies on a fresh embedded store, with the emitted membership events recorded. */
export async function groupDeps(database: string) {
  const store: Store = await openStore({ cosmos: { database }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
  const logger = createLogger('silent');
  const events: MembershipChange[] = [];
  const membershipEvents = new MembershipEvents(logger);
  membershipEvents.on(async (change) => void events.push(change));
  const deps: GroupServiceDeps = {
    repos: { groups: new GroupRepository(store), members: new MemberRepository(store), links: new LinkRepository(store), groupAudit: new GroupAuditLog(store) },
    claims: new Claims(store),
    membershipEvents,
    logger,
    isAdmin: (aad) => aad === ADMIN,
    allowedTenants: [TENANT]
  };
  return { store, deps, events, exportLinks: new AccessLogLinks(store), caseAudit: new AuditLog(store) };
}

/** A roster look-up over a fixed list of people (what `turn.rosterMember` answers). */
export function rosterOf(...people: RosterMember[]) {
  return async (userId: string) => people.find((p) => p.aadObjectId === userId || p.id === userId);
}
