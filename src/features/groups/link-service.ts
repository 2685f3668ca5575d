import type { GroupDenyReason } from '../../access/group-access';
import { normalizeText } from '../../i18n';
import { answerPlace, decideInScope, type GroupScope, type GroupServiceDeps, type RegisteredScope } from './group-service';
import type { GroupLink } from './link-repository';
import type { Group } from './model';

/** Groups whose name matches what the user typed: an exact name wins over partial matches. */
export function matchByName(groups: readonly Group[], typed: string): Group[] {
  const want = normalizeText(typed);
  if (!want) return [];
  const exact = groups.filter((g) => normalizeText(g.name) === want);
  return exact.length > 0 ? exact : groups.filter((g) => normalizeText(g.name).includes(want));
}

/** Why a link command is not answered at all in this conversation. */
export type NotHere = { ok: false; reason: 'groupOnly' | 'notInGroup' | 'notMember' };

export type LinkResult =
  | { ok: true; sspf: Group; steering: Group }
  | NotHere
  | { ok: false; reason: 'refused'; denied: GroupDenyReason | 'alreadyLinked' }
  | { ok: false; reason: 'choose'; names: string[] }
  | { ok: false; reason: 'ambiguous'; names: string[] };

export type EndLinkResult =
  | { ok: true; sspf: Group; steering: Group; side: 'declineLink' | 'unlink' }
  | NotHere
  | { ok: false; reason: 'whichLink' }
  | { ok: false; reason: 'noSuchLink' }
  | { ok: false; reason: 'refused'; denied: GroupDenyReason };

/** One row of `kopplingar`: the other group, and since when or until when. */
export interface LinkRow {
  otherName: string;
  linkedAt: string;
  endedAt?: string;
  endReason?: GroupLink['endReason'];
}

export type LinkList = { ok: true; group: Group; rows: LinkRow[] } | NotHere;

/**
 * Steering-group links: an SSPF group's coordinator (or an admin) links it to a registered steering
 * group, the steering group's coordinators may decline, the SSPF group may remove it, both list their
 * links. Every change is written to both groups' logs; the handler announces it in both groups.
 */
export class LinkService {
  constructor(private readonly deps: GroupServiceDeps) {}

  /** The common start of every link command: a registered group's conversation, an identified actor. */
  private registered(scope: GroupScope): RegisteredScope | NotHere {
    if (scope.where.kind === 'personal') return { ok: false, reason: 'groupOnly' };
    if (!scope.group) return { ok: false, reason: 'notInGroup' };
    if (!scope.actor.aadObjectId) return { ok: false, reason: 'notMember' };
    return { ...scope, group: scope.group };
  }

  private async steeringGroupsOf(tenantId: string | undefined): Promise<Group[]> {
    const all = await this.deps.repos.groups.listAll();
    return all.filter((g) => g.kind === 'styrgrupp' && g.tenantId === tenantId).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  /** Both groups' logs get an allowed entry; a refused one goes to the acting group's log only. */
  private async auditBoth(scope: RegisteredScope, as: string, action: 'link' | 'linkDeclined' | 'unlink', sspf: Group, steering: Group, decision: 'allowed' | 'refused', reason: string, now: Date) {
    const base = {
      at: now.toISOString(), actorAadObjectId: scope.actor.aadObjectId ?? '', actorName: scope.actor.name, actingAs: as as 'coordinator' | 'admin' | 'member' | 'none',
      action, decision, reason, conversationType: scope.where.kind, via: 'command' as const
    };
    await this.deps.repos.groupAudit.append({ ...base, groupId: sspf.id, linkedGroupId: steering.id });
    if (decision === 'allowed') await this.deps.repos.groupAudit.append({ ...base, groupId: steering.id, linkedGroupId: sspf.id });
  }

  /** `koppla <styrgrupp>`: links this SSPF group to a steering group of its tenant. */
  async link(input: GroupScope, typed: string, now: Date): Promise<LinkResult> {
    const scope = this.registered(input);
    if ('ok' in scope) return scope;
    const { repos, logger } = this.deps;
    const group = scope.group;
    const place = answerPlace(scope.where, 'command');
    // Asked first without a target: a member or a steering group hears why before seeing any list.
    const precheck = decideInScope(this.deps, scope, { kind: 'link', steeringGroup: undefined, existing: [] }, place, now);
    if (!precheck.allow && precheck.reason !== 'notSteeringGroup') {
      await repos.groupAudit.append({
        groupId: group.id, at: now.toISOString(), actorAadObjectId: scope.actor.aadObjectId ?? '', actorName: scope.actor.name,
        actingAs: scope.member ? 'member' : 'none', action: 'link', decision: 'refused', reason: precheck.reason, conversationType: scope.where.kind, via: 'command'
      });
      return { ok: false, reason: 'refused', denied: precheck.reason };
    }
    const steering = await this.steeringGroupsOf(group.tenantId);
    const matches = typed.trim() ? matchByName(steering, typed) : [];
    if (matches.length === 0) return { ok: false, reason: 'choose', names: steering.map((g) => g.name) };
    if (matches.length > 1) return { ok: false, reason: 'ambiguous', names: matches.map((g) => g.name) };
    const target = matches[0];
    const decision = decideInScope(this.deps, scope, { kind: 'link', steeringGroup: target, existing: await repos.links.ofSspfGroup(group.id) }, place, now);
    if (!decision.allow) {
      await this.auditBoth(scope, scope.member ? 'member' : 'none', 'link', group, target, 'refused', decision.reason, now);
      return { ok: false, reason: 'refused', denied: decision.reason };
    }
    await this.auditBoth(scope, decision.as, 'link', group, target, 'allowed', 'linked', now);
    const made = await repos.links.link(group.id, target.id, scope.actor.aadObjectId ?? '', now);
    if (!made) return { ok: false, reason: 'refused', denied: 'alreadyLinked' };
    logger.info({ groupId: group.id, steeringGroupId: target.id, actingAs: decision.as }, 'group linked to steering group');
    return { ok: true, sspf: group, steering: target };
  }

  /** Ends a link from either side: the steering group declines (`avböj`), the SSPF group removes (`koppla bort`). */
  async end(input: GroupScope, typed: string, side: 'declineLink' | 'unlink', now: Date): Promise<EndLinkResult> {
    const scope = this.registered(input);
    if ('ok' in scope) return scope;
    const { repos, logger } = this.deps;
    const group = scope.group;
    if (!typed.trim()) return { ok: false, reason: 'whichLink' };
    const otherId = (l: GroupLink) => (side === 'declineLink' ? l.sspfGroupId : l.steeringGroupId);
    const links = side === 'declineLink' ? await repos.links.toSteeringGroup(group.id) : await repos.links.ofSspfGroup(group.id);
    const active = links.filter((l) => !l.endedAt);
    const others = (await Promise.all(active.map((l) => repos.groups.get(otherId(l))))).filter((g): g is Group => !!g);
    const matches = matchByName(others, typed);
    const other = matches.length === 1 ? matches[0] : undefined;
    const link = other ? active.find((l) => otherId(l) === other.id) : undefined;
    const decision = decideInScope(this.deps, scope, { kind: side, link }, answerPlace(scope.where, 'command'), now);
    if (!decision.allow) return decision.reason === 'linkNotFound' ? { ok: false, reason: 'noSuchLink' } : { ok: false, reason: 'refused', denied: decision.reason };
    if (!other) return { ok: false, reason: 'noSuchLink' };
    const [sspf, steering] = side === 'declineLink' ? [other, group] : [group, other];
    const reason = side === 'declineLink' ? 'declined' : 'removed';
    await this.auditBoth(scope, decision.as, side === 'declineLink' ? 'linkDeclined' : 'unlink', sspf, steering, 'allowed', reason, now);
    await repos.links.end(sspf.id, steering.id, scope.actor.aadObjectId ?? '', reason, now);
    logger.info({ sspfGroupId: sspf.id, steeringGroupId: steering.id, actingAs: decision.as, side }, 'group link ended');
    return { ok: true, sspf, steering, side };
  }

  /** `kopplingar`: the group's links, ended ones included, oldest first. */
  async list(input: GroupScope): Promise<LinkList> {
    const scope = this.registered(input);
    if ('ok' in scope) return scope;
    const { repos } = this.deps;
    const group = scope.group;
    const steeringSide = group.kind === 'styrgrupp';
    const links = steeringSide ? await repos.links.toSteeringGroup(group.id) : await repos.links.ofSspfGroup(group.id);
    const sorted = [...links].sort((a, b) => a.linkedAt.localeCompare(b.linkedAt));
    const rows = await Promise.all(sorted.map(async (l) => {
      const other = await repos.groups.get(steeringSide ? l.sspfGroupId : l.steeringGroupId);
      return { otherName: other?.name ?? '?', linkedAt: l.linkedAt, endedAt: l.endedAt, endReason: l.endReason };
    }));
    return { ok: true, group, rows };
  }
}
