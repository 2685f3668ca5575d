/**
 * Who may do what with actions and citizen promises: THE place to change "who may approve an action".
 * Pure, like `src/privacy/consent-policy.ts` and `src/access/group-access.ts`: handed the actor's standing
 * in the group (as the store holds it now, never as a card says) and the act, it fetches nothing, names
 * every refusal and refuses whatever it does not recognise. The services ask before they change anything.
 */
import type { CommandType } from './status';

/** The acting person as the access layer sees them in the group the act happens in. */
export interface ActionActor {
  /** Entra object id; acts need one (it is what history and ownership record). */
  aadObjectId?: string;
  /** A registered member of the group. */
  member: boolean;
  /** A coordinator of the group, or a configured administrator. */
  coordinator: boolean;
}

/** Every act on actions and citizen promises the access layer decides. */
export type ActionAct =
  /** Propose a new action in the group. */
  | { kind: 'propose' }
  /** Decide on (approve, reject) or follow up (start, done, cancel) a stored action. */
  | { kind: 'command'; type: CommandType; ownerAad: string }
  /** Create a citizen promise; `groupKind` is the kind of the group the form was sent in. */
  | { kind: 'createPromise'; groupKind: string };

export type ActionDenyReason = 'unidentified' | 'notMember' | 'notCoordinator' | 'notOwnerOrCoordinator' | 'notSteeringGroup' | 'error';

export type ActionDecision = { allow: true } | { allow: false; reason: ActionDenyReason };

const deny = (reason: ActionDenyReason): ActionDecision => ({ allow: false, reason });
const ALLOW: ActionDecision = { allow: true };

/** Decisions (approve, reject) belong to the group's coordinators; the rest of the follow-up also to the owner. */
const COORDINATOR_ONLY: ReadonlySet<CommandType> = new Set<CommandType>(['approve', 'reject']);
const OWNER_OR_COORDINATOR: ReadonlySet<CommandType> = new Set<CommandType>(['start', 'done', 'cancel']);

/** Entra object ids compare case-insensitively. */
function sameId(a: string | undefined, b: string | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && a !== '' && a.toLowerCase() === b.toLowerCase();
}

/** Decides one act. Never throws: anything unexpected refuses with `error`. */
export function decideActionAct(actor: ActionActor, act: ActionAct): ActionDecision {
  try {
    if (!actor || typeof actor.aadObjectId !== 'string' || actor.aadObjectId === '') return deny('unidentified');
    switch (act.kind) {
      case 'propose':
        return actor.member || actor.coordinator ? ALLOW : deny('notMember');
      case 'command':
        if (COORDINATOR_ONLY.has(act.type)) return actor.coordinator ? ALLOW : deny('notCoordinator');
        if (!OWNER_OR_COORDINATOR.has(act.type)) return deny('error');
        return actor.coordinator || sameId(actor.aadObjectId, act.ownerAad) ? ALLOW : deny('notOwnerOrCoordinator');
      case 'createPromise':
        if (act.groupKind !== 'styrgrupp') return deny('notSteeringGroup');
        return actor.coordinator ? ALLOW : deny('notCoordinator');
      default:
        return deny('error');
    }
  } catch {
    return deny('error');
  }
}
