import type { GroupServiceDeps } from './group-service';
import type { Group, Member } from './model';

/** A person the team's or chat's roster says has left. */
export interface LeavingAccount {
  teamsUserId: string;
  aadObjectId?: string;
}

/**
 * What Teams reports about a group's conversation: the bot added back (proactive messages resume),
 * the bot removed (they stop, once), members leaving (their roles go, logged as a system act).
 */
export class RosterEventsService {
  constructor(private readonly deps: GroupServiceDeps) {}

  /** The bot was added (back): a group that had lost it may be posted to again. */
  async botAdded(group: Group | undefined, now: Date): Promise<void> {
    if (!group?.botRemovedAt) return;
    await this.deps.repos.groups.update(group.id, (g) => g && { ...g, botRemovedAt: undefined, updatedAt: now.toISOString() });
  }

  /** The bot was removed: no proactive messages until it is back. */
  async botRemoved(group: Group, now: Date): Promise<void> {
    await this.deps.repos.groups.update(group.id, (g) => g && { ...g, botRemovedAt: now.toISOString() });
    this.deps.logger.warn({ groupId: group.id }, 'bot removed from group; proactive messages stop');
  }

  /** People left the team or chat: each loses their membership, written to the group log. */
  async membersLeft(group: Group, accounts: readonly LeavingAccount[], now: Date): Promise<string[]> {
    const { repos, logger, membershipEvents } = this.deps;
    let roster: Member[] | undefined;
    const removed: string[] = [];
    for (const account of accounts) {
      // Without an Entra id in the event, the stored Teams user id finds the member.
      roster ??= account.aadObjectId ? undefined : await repos.members.list(group.id);
      const aad = account.aadObjectId?.toLowerCase() ?? roster?.find((m) => m.teamsUserId === account.teamsUserId)?.aadObjectId;
      if (!aad) continue;
      const leaving = (roster ??= await repos.members.list(group.id)).find((m) => m.aadObjectId === aad);
      if (leaving) {
        await repos.groupAudit.append({
          groupId: group.id, at: now.toISOString(), actorAadObjectId: aad, actorName: leaving.name, actingAs: 'system', action: 'memberLeft', decision: 'allowed',
          reason: 'leftConversation', conversationType: 'system', via: 'event', targetAadObjectId: aad, targetName: leaving.name, from: { agency: leaving.agency, roles: [...leaving.roles] }
        });
      }
      if (await repos.members.remove(group.id, aad)) {
        logger.info({ groupId: group.id, member: aad }, 'member left the team; roles removed');
        await membershipEvents.emit({ groupId: group.id, aadObjectId: aad, kind: 'removed' });
        removed.push(aad);
      }
    }
    return removed;
  }
}
