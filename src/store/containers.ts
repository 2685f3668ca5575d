/**
 * Every Cosmos container the bot uses, with its partition key and the reason for it.
 * The store creates them (key auth, embedded) or checks they exist (Entra ID); infra/ declares the same list.
 */
export interface ContainerDefinition {
  id: string;
  partitionKey: string;
  /** Why this partition key: the queries it serves. Shown in README. */
  why: string;
}

export const CONTAINERS = [
  {
    id: 'groups',
    partitionKey: '/id',
    why: 'One document per registered team or group chat, read by point read on every group turn.'
  },
  {
    id: 'members',
    partitionKey: '/groupId',
    why: 'Membership, agency and roles per group: a role check is one point read (group, user), a roster one partition query.'
  },
  {
    id: 'conversations',
    partitionKey: '/id',
    why: 'Conversation references for proactive messages, one per channel, group chat or personal chat; point reads only.'
  },
  {
    id: 'claims',
    partitionKey: '/id',
    why: 'Once-only work (weekly summaries, reminders) claimed by conditional create across instances; point operations, sweeps list by kind.'
  },
  {
    id: 'state',
    partitionKey: '/id',
    why: 'Teams AI turn state (user and conversation scopes) by hashed storage key; point reads, written only when changed.'
  },
  {
    id: 'meetings',
    partitionKey: '/groupId',
    why: "Meetings and one answer document per member and meeting, per group: a group's meetings and a poll's answers are single-partition queries; concurrent answers never share an ETag."
  }
] as const satisfies readonly ContainerDefinition[];

export type ContainerId = (typeof CONTAINERS)[number]['id'];
