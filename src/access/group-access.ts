/**
 * Access decisions for acts on groups: registration, settings, membership, logs, steering-group links
 * and admin recovery. Pure functions of plain data and a clock, like the consent policy: they fetch
 * nothing, trust nothing they are not handed, and anything unknown, malformed or unexpected refuses
 * with a named reason. Handlers ask, then do exactly what the answer says.
 */

/** The agencies a membership may hold (`annan` is never inside a consent's scope). */
export const MEMBER_AGENCIES = ['skola', 'socialtjanst', 'polis', 'fritid', 'annan'] as const;
/** The roles a membership may hold. */
export const MEMBER_ROLES = ['samordnare', 'medlem'] as const;

/**
 * Where the answer goes. `channel` and `groupChat` are posted messages (everyone there, later members
 * included); `userSpecific` is an invoke answer or refresh for the actor only, inside a group's
 * conversation; `personal` is the actor's personal chat with the bot.
 */
export type AnswerPlace = 'channel' | 'groupChat' | 'personal' | 'userSpecific';

/** Who acts. `admin` comes from configuration (ADMIN_AAD_IDS), never from a card or the store. */
export interface AccessActor {
  aadObjectId?: string;
  tenantId?: string;
  admin: boolean;
  /** Teams' role of the actor from the roster (registration only): guests register nothing. */
  userRole?: string;
}

/** A membership as the access layer sees it: what the store holds now, never what a card says. */
export interface AccessMembership {
  groupId: string;
  aadObjectId: string;
  agency: string;
  roles: readonly string[];
  userRole?: string;
}

/** A registered group as the access layer sees it. */
export interface AccessGroup {
  id: string;
  kind: string;
  tenantId?: string;
}

/** A link from an SSPF group to a steering group, as stored. */
export interface AccessLink {
  sspfGroupId: string;
  steeringGroupId: string;
  /** Set when the steering group declined or either side removed the link. */
  endedAt?: string;
}

/** The person a membership act is about, and what the store holds for them now. */
export interface MemberTarget {
  aadObjectId: string;
  current?: AccessMembership;
}

/** Every act on a group the access layer decides. */
export type GroupAct =
  /** First registration of the conversation as a group; `agency` is the registrant's own. */
  | { kind: 'register'; agency: string }
  | { kind: 'changeSettings' }
  /** Add a member or change a member's agency and role; `coordinators` are the current coordinators' ids. */
  | { kind: 'setMember'; target: MemberTarget; agency: string; role: string; coordinators: readonly string[] }
  | { kind: 'removeMember'; target: MemberTarget; coordinators: readonly string[] }
  | { kind: 'readLog' }
  | { kind: 'exportLog' }
  /** Link the acting (SSPF) group to `steeringGroup`; `existing` are the SSPF group's links. */
  | { kind: 'link'; steeringGroup?: AccessGroup; existing: readonly AccessLink[] }
  /** The steering group (the request's group) declines a link from `sspfGroupId`. */
  | { kind: 'declineLink'; link?: AccessLink }
  /** The SSPF group (the request's group) removes its link to a steering group. */
  | { kind: 'unlink'; link?: AccessLink }
  /** An administrator appoints a coordinator in a group that has none left. */
  | { kind: 'adminRecovery'; coordinators: readonly string[] };

export interface GroupAccessRules {
  /** Tenants accepted; empty accepts any (local mode only). */
  allowedTenants: readonly string[];
}

export interface GroupAccessRequest {
  actor: AccessActor;
  /** The actor's current membership in `group`, as the store holds it now. */
  membership?: AccessMembership;
  /** The group acted on (for links: the group the act is typed in), or none when unregistered. */
  group?: AccessGroup;
  act: GroupAct;
  where: AnswerPlace;
  rules: GroupAccessRules;
  now: Date;
}

export type GroupDenyReason =
  | 'error'
  | 'unidentified'
  | 'otherTenant'
  | 'guest'
  | 'personalChatOnly'
  | 'groupConversationOnly'
  | 'alreadyRegistered'
  | 'notRegistered'
  | 'notCoordinator'
  | 'ownMembership'
  | 'lastCoordinator'
  | 'notMember'
  | 'invalidAgency'
  | 'invalidRole'
  | 'notSspfGroup'
  | 'notSteeringGroup'
  | 'alreadyLinked'
  | 'linkNotFound'
  | 'hasCoordinator'
  | 'notAdmin';

/**
 * In what capacity the act is allowed: `registrant` only for the first registration, `coordinator`
 * for a current coordinator, `admin` for a configured administrator acting without being a current
 * coordinator or on their own membership (written to the group log as an admin act).
 */
export type ActingAs = 'registrant' | 'coordinator' | 'admin';

export type GroupDecision = { allow: true; as: ActingAs } | { allow: false; reason: GroupDenyReason };

const deny = (reason: GroupDenyReason): GroupDecision => ({ allow: false, reason });
const allow = (as: ActingAs): GroupDecision => ({ allow: true, as });

/** Decides one act on a group. Never throws: an unexpected input refuses with `error`. */
export function decideGroupAct(request: GroupAccessRequest): GroupDecision {
  try {
    return decide(request);
  } catch {
    return deny('error');
  }
}

/** Entra object ids compare case-insensitively; `b` is always an id already checked to be a non-empty string. */
function same(a: string | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** Whether the membership is the actor's own, in this group, as a full (non-guest) user. */
function isCurrentCoordinator(actor: AccessActor, membership: AccessMembership | undefined, group: AccessGroup): boolean {
  if (!membership || membership.groupId !== group.id || !same(membership.aadObjectId, actor.aadObjectId as string)) return false;
  if (membership.userRole !== 'user') return false;
  return Array.isArray(membership.roles) && membership.roles.includes('samordnare');
}

function tenantRefusal(actor: AccessActor, rules: GroupAccessRules, group: AccessGroup | undefined): GroupDecision | undefined {
  if (!actor.tenantId) return deny('otherTenant');
  if (rules.allowedTenants.length > 0 && !rules.allowedTenants.includes(actor.tenantId)) return deny('otherTenant');
  if (group && group.tenantId !== undefined && group.tenantId !== actor.tenantId) return deny('otherTenant');
  return undefined;
}

function decide(request: GroupAccessRequest): GroupDecision {
  const { actor, membership, group, act, where, rules, now } = request;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return deny('error');
  if (!actor || typeof actor.aadObjectId !== 'string' || actor.aadObjectId === '') return deny('unidentified');
  const tenant = tenantRefusal(actor, rules, group);
  if (tenant) return tenant;

  // Logs name people: they are answered only in the actor's personal chat.
  if (act.kind === 'readLog' || act.kind === 'exportLog') {
    if (where !== 'personal') return deny('personalChatOnly');
  } else if (where === 'personal') {
    return deny('groupConversationOnly');
  }

  if (act.kind === 'register') {
    if (group) return deny('alreadyRegistered');
    if (actor.userRole !== 'user') return deny('guest');
    if (!(MEMBER_AGENCIES as readonly string[]).includes(act.agency)) return deny('invalidAgency');
    return allow('registrant');
  }

  if (!group) return deny('notRegistered');
  const coordinator = isCurrentCoordinator(actor, membership, group);
  if (act.kind === 'adminRecovery') {
    if (!actor.admin) return deny('notAdmin');
    if (act.coordinators.length > 0) return deny('hasCoordinator');
    return allow('admin');
  }
  if (!coordinator && !actor.admin) return deny('notCoordinator');
  const as: ActingAs = coordinator ? 'coordinator' : 'admin';

  switch (act.kind) {
    case 'changeSettings':
    case 'readLog':
    case 'exportLog':
      return allow(as);
    case 'setMember':
    case 'removeMember': {
      const target = act.target;
      if (!target || typeof target.aadObjectId !== 'string' || target.aadObjectId === '') return deny('notMember');
      const current = target.current && target.current.groupId === group.id && same(target.current.aadObjectId, target.aadObjectId) ? target.current : undefined;
      // Nobody changes their own agency or roles: another coordinator does, or an administrator as an admin act.
      const own = same(target.aadObjectId, actor.aadObjectId as string);
      if (own && !actor.admin) return deny('ownMembership');
      if (act.kind === 'setMember') {
        if (!(MEMBER_AGENCIES as readonly string[]).includes(act.agency)) return deny('invalidAgency');
        if (!(MEMBER_ROLES as readonly string[]).includes(act.role)) return deny('invalidRole');
      } else if (!current) {
        return deny('notMember');
      }
      // A removal always loses the role (it carries none); a change loses it unless it keeps `samordnare`.
      const losesCoordinator = !!current && current.roles.includes('samordnare') && (act.kind === 'removeMember' || act.role !== 'samordnare');
      if (losesCoordinator && !act.coordinators.some((id) => !same(id, target.aadObjectId))) return deny('lastCoordinator');
      return allow(own ? 'admin' : as);
    }
    case 'link': {
      if (group.kind !== 'sspf') return deny('notSspfGroup');
      const steering = act.steeringGroup;
      if (!steering || steering.kind !== 'styrgrupp' || steering.id === group.id) return deny('notSteeringGroup');
      if (steering.tenantId !== group.tenantId) return deny('otherTenant');
      if (act.existing.some((l) => l.sspfGroupId === group.id && l.steeringGroupId === steering.id && l.endedAt === undefined)) return deny('alreadyLinked');
      return allow(as);
    }
    case 'declineLink': {
      if (group.kind !== 'styrgrupp') return deny('notSteeringGroup');
      if (!act.link || act.link.steeringGroupId !== group.id || act.link.endedAt !== undefined) return deny('linkNotFound');
      return allow(as);
    }
    case 'unlink': {
      if (group.kind !== 'sspf') return deny('notSspfGroup');
      if (!act.link || act.link.sspfGroupId !== group.id || act.link.endedAt !== undefined) return deny('linkNotFound');
      return allow(as);
    }
    default:
      return deny('error');
  }
}

/** What a group may see of another group's situation updates, actions and promises. */
export type Reach = { allow: true; view: 'full' | 'countsAndTrends' } | { allow: false; reason: 'notLinked' | 'otherTenant' | 'error' };

/**
 * A group's reach into another group: itself in full; a steering group sees a linked SSPF group's
 * counts and trends (never update texts); nothing else, whatever the municipality names say.
 */
export function decideReach(viewer: AccessGroup, target: AccessGroup, links: readonly AccessLink[]): Reach {
  try {
    // A missing group throws on `.id` and lands in the catch below: also `error`.
    if (typeof viewer.id !== 'string' || typeof target.id !== 'string') return { allow: false, reason: 'error' };
    if (viewer.id === target.id) return { allow: true, view: 'full' };
    if (viewer.tenantId !== target.tenantId) return { allow: false, reason: 'otherTenant' };
    if (viewer.kind !== 'styrgrupp' || target.kind !== 'sspf') return { allow: false, reason: 'notLinked' };
    const linked = links.some((l) => l.steeringGroupId === viewer.id && l.sspfGroupId === target.id && l.endedAt === undefined);
    return linked ? { allow: true, view: 'countsAndTrends' } : { allow: false, reason: 'notLinked' };
  } catch {
    return { allow: false, reason: 'error' };
  }
}
