import type { Logger } from 'pino';
import { decideGroupAct, type AnswerPlace, type GroupAct, type GroupDecision } from '../../access/group-access';
import type { GroupAuditAction, GroupAuditEntry, GroupAuditLog } from '../../audit/group-audit-repository';
import type { Actor, RosterMember, Where } from '../../bot/port';
import type { Claims } from '../../store/claims';
import type { MembershipEvents } from '../membership-events';
import type { GroupRepository, MemberRepository } from './group-repository';
import type { LinkRepository } from './link-repository';
import type { Member } from './model';
import type { Group } from './model';

/**
 * What the group use cases need: the repositories they read and write, exactly-once claims (the roster
 * lock), the membership events other features listen to, the admin list and tenant rules from
 * configuration. Nothing of Teams: the handlers turn a turn into these plain inputs.
 */
export interface GroupServiceDeps {
  repos: { groups: GroupRepository; members: MemberRepository; links: LinkRepository; groupAudit: GroupAuditLog };
  claims: Claims;
  membershipEvents: MembershipEvents;
  logger: Logger;
  /** Whether the person is a configured administrator (ADMIN_AAD_IDS), never read from a card. */
  isAdmin(aadObjectId: string | undefined): boolean;
  allowedTenants: readonly string[];
}

/** Who acts where, and what the store holds for them now: the resolved access of a turn. */
export interface GroupScope {
  where: Where;
  actor: Actor;
  /** The registered group of this conversation, if any. */
  group?: Group;
  /** The actor's membership in that group, if any. */
  member?: Member;
}

/** A scope known to belong to a registered group. */
export type RegisteredScope = GroupScope & { group: Group };

/** Looks a person up in the team's or chat's roster (the turn's `rosterMember`). */
export type RosterLookup = (userId: string) => Promise<RosterMember | undefined>;

/** How a use case was triggered: a card press (`execute`) or a typed command. */
export type Via = 'execute' | 'command';

/** Where the answer goes: an invoke's answer is the actor's own view; a typed command's is posted. */
export function answerPlace(where: Where, via: Via): AnswerPlace {
  if (where.kind === 'personal') return 'personal';
  return via === 'execute' ? 'userSpecific' : where.kind;
}

/** Asks the access layer about one act, with what the store holds now (never what a card says). */
export function decideInScope(deps: GroupServiceDeps, scope: GroupScope, act: GroupAct, place: AnswerPlace, now: Date, userRole?: string): GroupDecision {
  return decideGroupAct({
    actor: { aadObjectId: scope.actor.aadObjectId, tenantId: scope.where.tenantId, admin: deps.isAdmin(scope.actor.aadObjectId), userRole },
    membership: scope.member,
    group: scope.group,
    act,
    where: place,
    rules: { allowedTenants: deps.allowedTenants },
    now
  });
}

/** What a refused attempt tried (target, from → to), kept in the log for the log review. */
export type Attempt = Partial<Pick<GroupAuditEntry, 'targetAadObjectId' | 'targetName' | 'from' | 'to' | 'linkedGroupId'>>;

/** Writes a refused attempt to the group's log (when there is a group and an identified actor). */
export async function auditRefusal(deps: GroupServiceDeps, scope: GroupScope, action: GroupAuditAction, reason: string, via: Via, now: Date, attempt: Attempt = {}): Promise<void> {
  if (!scope.group || !scope.actor.aadObjectId) return;
  await deps.repos.groupAudit.append({
    groupId: scope.group.id, at: now.toISOString(), actorAadObjectId: scope.actor.aadObjectId, actorName: scope.actor.name,
    actingAs: scope.member ? 'member' : 'none', action, decision: 'refused', reason, conversationType: scope.where.kind, via, ...attempt
  });
  deps.logger.info({ groupId: scope.group.id, action, reason }, 'group act refused');
}

/** Teams' role as the stored membership keeps it: guest and anonymous stay what they are, anything else is a user. */
export function userRoleOf(account: RosterMember): Member['userRole'] {
  const role = account.userRole;
  return role === 'guest' || role === 'anonymous' ? role : 'user';
}

/** The membership document for a person from the roster, with their agency and one role. */
export function membershipOf(groupId: string, account: RosterMember, aadObjectId: string, agency: Member['agency'], role: Member['roles'][number], by: string, now: Date): Member {
  return {
    id: aadObjectId, groupId, aadObjectId, teamsUserId: account.id, name: account.name, userRole: userRoleOf(account),
    upn: account.userPrincipalName ?? account.email, agency, roles: [role], updatedBy: by, updatedAt: now.toISOString()
  };
}
