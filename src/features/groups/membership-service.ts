import type { GroupAct, GroupDenyReason } from '../../access/group-access';
import type { MembershipState } from '../../audit/group-audit-repository';
import type { Actor, Where } from '../../bot/port';
import type { Clock } from '../../clock';
import { GroupRepository } from './group-repository';
import { auditRefusal, decideInScope, membershipOf, type GroupScope, type GroupServiceDeps, type RegisteredScope, type RosterLookup } from './group-service';
import type { Group, Member } from './model';
import { withRosterLock } from './roster-lock';

/** A change a coordinator asks for on the member card: set agency and role, or remove. */
export type MemberChangeRequest =
  | { kind: 'set'; userId: string; agency: Member['agency']; role: Member['roles'][number] }
  | { kind: 'remove'; userId: string };

/** The roster to show: the group's members, and whether the actor may edit them. */
export type MemberList =
  | { ok: true; group: Group; members: Member[]; canEdit: boolean }
  | { ok: false; reason: 'groupOnly' | 'notInGroup' | 'coordinatorOnly' };

/** What a membership change led to; refusals carry the roster so the card can be shown again. */
export type MemberChangeResult =
  | { ok: true; group: Group; members: Member[]; done: 'saved' | 'removed'; name: string }
  | { ok: false; reason: 'groupOnly' | 'notMember' | 'notInGroup' | 'busy' }
  | { ok: false; reason: 'memberNotFound'; group: Group; members: Member[] }
  | { ok: false; reason: 'refused'; denied: GroupDenyReason; group: Group; members: Member[] };

/** A change decided on the roster as read: refused with its answer, or allowed with what writing it needs. */
type Decided =
  | { allowed: false; result: MemberChangeResult }
  | { allowed: true; scope: RegisteredScope; as: string; current: Member | undefined; members: Member[] };

const stateOf = (m: Member | undefined): MembershipState | undefined => (m ? { agency: m.agency, roles: [...m.roles] } : undefined);

/**
 * Membership of a group: the roster, changes by coordinators (one change per group at a time, so the
 * last-coordinator rule holds under concurrency) and people leaving the team or chat. Every change and
 * refused attempt goes to the group log; every change is announced on the membership events.
 */
export class MembershipService {
  /** `clock` times the roster lock's lease only; what is stored is stamped with the use case's `now`. */
  constructor(private readonly deps: GroupServiceDeps & { clock: Clock }) {}

  /** `medlemmar` (read only) and `medlem` (with the change form, coordinators only). */
  async list(scope: GroupScope, withForm: boolean): Promise<MemberList> {
    if (scope.where.kind === 'personal') return { ok: false, reason: 'groupOnly' };
    if (!scope.group) return { ok: false, reason: 'notInGroup' };
    const coordinator = !!scope.member?.roles.includes('samordnare') || this.deps.isAdmin(scope.actor.aadObjectId);
    if (withForm && !coordinator) return { ok: false, reason: 'coordinatorOnly' };
    // For display: the roster's read model, one point read (docs/storage.md "Read models").
    return { ok: true, group: scope.group, members: await this.deps.repos.members.roster(scope.group.id), canEdit: withForm && coordinator };
  }

  /** Reads the group and the actor's membership as the store holds them now (two point reads). */
  async scopeOf(where: Where, actor: Actor): Promise<GroupScope> {
    const groupId = where.groupKey ? GroupRepository.idFor(where.groupKey) : undefined;
    const [group, member] = await Promise.all([
      groupId ? this.deps.repos.groups.get(groupId) : undefined,
      groupId && actor.aadObjectId ? this.deps.repos.members.get(groupId, actor.aadObjectId) : undefined
    ]);
    return { where, actor, group, member: group ? member : undefined };
  }

  /**
   * A change from the member card. It is decided on the roster as read now; a refusal is answered and
   * logged there, without the group's roster lease, so a refused click writes nothing but its log entry
   * and never holds up a coordinator. What that decision allows is decided again, and written, under the
   * lease: the last-coordinator rule holds under concurrency.
   */
  async change(where: Where, actor: Actor, request: MemberChangeRequest, lookup: RosterLookup, now: Date): Promise<MemberChangeResult> {
    const first = await this.decide(await this.scopeOf(where, actor), request, now);
    if (!first.allowed || !where.groupKey) return this.finish(first, request, lookup, now);
    const groupId = GroupRepository.idFor(where.groupKey);
    const clock = this.deps.clock;
    const result = await withRosterLock(this.deps.claims, groupId, () => clock.now(), async () =>
      this.finish(await this.decide(await this.scopeOf(where, actor), request, now), request, lookup, now)
    );
    return result ?? { ok: false, reason: 'busy' };
  }

  /** The decision on a change as the store holds the roster now; a refusal is logged here. */
  private async decide(scope: GroupScope, request: MemberChangeRequest, now: Date): Promise<Decided> {
    if (scope.where.kind === 'personal') return { allowed: false, result: { ok: false, reason: 'groupOnly' } };
    if (!scope.actor.aadObjectId) return { allowed: false, result: { ok: false, reason: 'notMember' } };
    if (!scope.group) return { allowed: false, result: { ok: false, reason: 'notInGroup' } };
    const group = scope.group;
    const members = await this.deps.repos.members.list(group.id);
    const current = members.find((m) => m.aadObjectId === request.userId);
    const coordinators = members.filter((m) => m.roles.includes('samordnare')).map((m) => m.aadObjectId);
    const target = { aadObjectId: request.userId, current };
    const act: GroupAct = request.kind === 'remove'
      ? { kind: 'removeMember', target, coordinators }
      : { kind: 'setMember', target, agency: request.agency, role: request.role, coordinators };
    const decision = decideInScope(this.deps, scope, act, 'userSpecific', now);
    if (!decision.allow) {
      const to = request.kind === 'set' ? { agency: request.agency, roles: [request.role] } : undefined;
      await auditRefusal(this.deps, scope, request.kind === 'remove' ? 'memberRemoved' : 'memberSet', decision.reason, 'execute', now, {
        targetAadObjectId: request.userId, targetName: current?.name, from: stateOf(current), to
      });
      return { allowed: false, result: { ok: false, reason: 'refused', denied: decision.reason, group, members } };
    }
    return { allowed: true, scope: { ...scope, group }, as: decision.as, current, members };
  }

  /** Writes an allowed change; a refusal's answer is passed on. */
  private finish(decided: Decided, request: MemberChangeRequest, lookup: RosterLookup, now: Date): Promise<MemberChangeResult> {
    if (!decided.allowed) return Promise.resolve(decided.result);
    const { scope, as, current, members } = decided;
    return request.kind === 'remove'
      ? this.remove(scope, as, current, request.userId, now)
      : this.save(scope, as, current, request, lookup, now, members);
  }

  private entry(scope: RegisteredScope, as: string, current: Member | undefined, userId: string, now: Date) {
    return {
      groupId: scope.group.id, at: now.toISOString(), actorAadObjectId: scope.actor.aadObjectId ?? '', actorName: scope.actor.name,
      actingAs: as as 'coordinator' | 'admin', decision: 'allowed' as const, conversationType: scope.where.kind, via: 'execute' as const,
      targetAadObjectId: userId, targetName: current?.name, from: stateOf(current)
    };
  }

  private async remove(scope: RegisteredScope, as: string, current: Member | undefined, userId: string, now: Date): Promise<MemberChangeResult> {
    const { repos, logger, membershipEvents } = this.deps;
    const group = scope.group;
    await repos.groupAudit.append({ ...this.entry(scope, as, current, userId, now), action: 'memberRemoved', reason: 'removed' });
    await repos.members.remove(group.id, userId);
    logger.info({ groupId: group.id, member: userId, by: scope.actor.aadObjectId, actingAs: as }, 'member removed');
    await membershipEvents.emit({ groupId: group.id, aadObjectId: userId, kind: 'removed' });
    return { ok: true, group, members: await repos.members.list(group.id), done: 'removed', name: current?.name ?? '' };
  }

  private async save(
    scope: RegisteredScope, as: string, current: Member | undefined, request: Extract<MemberChangeRequest, { kind: 'set' }>, lookup: RosterLookup, now: Date, members: Member[]
  ): Promise<MemberChangeResult> {
    const { repos, logger, membershipEvents } = this.deps;
    const group = scope.group;
    const account = await lookup(request.userId);
    // The picker's id must be the roster's: a person not in the team or chat is not added.
    if (!account || (account.aadObjectId && account.aadObjectId.toLowerCase() !== request.userId)) return { ok: false, reason: 'memberNotFound', group, members };
    const to = { agency: request.agency, roles: [request.role] };
    await repos.groupAudit.append({ ...this.entry(scope, as, current, request.userId, now), targetName: account.name ?? current?.name, action: 'memberSet', reason: current ? 'changed' : 'added', to });
    const by = scope.actor.aadObjectId ?? '';
    await repos.members.update(group.id, request.userId, () => membershipOf(group.id, account, request.userId, request.agency, request.role, by, now));
    logger.info({ groupId: group.id, member: request.userId, agency: request.agency, role: request.role, by, actingAs: as }, 'member saved');
    await membershipEvents.emit({ groupId: group.id, aadObjectId: request.userId, kind: 'saved' });
    return { ok: true, group, members: await repos.members.list(group.id), done: 'saved', name: account.name ?? '' };
  }
}
