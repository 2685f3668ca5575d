import type { Lang } from '../../i18n';
import type { Actor, Turn, Where } from '../../bot/port';
import { GroupRepository, type MemberRepository } from './group-repository';
import type { Group, Member } from './model';
import { isCoordinator } from './roles';

/** Everything a handler needs to know about who acts where, resolved with at most two point reads. */
export interface Access {
  where: Where;
  actor: Actor;
  /** The registered group of this conversation, if any. */
  group?: Group;
  /** The actor's membership in that group, if any. */
  member?: Member;
  /** Coordinator of the group, or a configured administrator. */
  coordinator: boolean;
  /** Language for texts posted to the group (the group's language, else Swedish). */
  groupLang: Lang;
  /** Language for answers to this user when the command does not decide it. */
  userLang: Lang;
}

/** Resolves the group and membership behind a turn. */
export class AccessResolver {
  constructor(
    private readonly groups: GroupRepository,
    private readonly members: MemberRepository,
    private readonly adminAadIds: readonly string[]
  ) {}

  /** The access of a turn: its group and the actor's membership, read at the same time. */
  resolve(turn: Turn): Promise<Access> {
    return this.resolveAt(turn.where, turn.actor, turn.lang);
  }

  private async resolveAt(where: Where, actor: Actor, userLang: Lang): Promise<Access> {
    // The group's id follows from its key, so the group and the membership are read at the same time.
    const groupId = where.groupKey ? GroupRepository.idFor(where.groupKey) : undefined;
    const [group, foundMember] = await Promise.all([
      groupId ? this.groups.get(groupId) : undefined,
      groupId && actor.aadObjectId ? this.members.get(groupId, actor.aadObjectId) : undefined
    ]);
    const member = group ? foundMember : undefined;
    return {
      where,
      actor,
      group,
      member,
      coordinator: !!group && isCoordinator(member, actor.aadObjectId, this.adminAadIds),
      groupLang: group?.language ?? 'sv',
      userLang
    };
  }

  /** Whether the person is a configured administrator. */
  isAdmin(aadObjectId: string | undefined): boolean {
    return !!aadObjectId && this.adminAadIds.includes(aadObjectId.toLowerCase());
  }
}
