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
    id: 'updates',
    partitionKey: '/groupId',
    why: "Situation updates per posting group: a group's picture is one partition query on observedOn; the municipal roll-up queries each group of the municipality (municipalityKey is stored for it)."
  },
  {
    id: 'actions',
    partitionKey: '/groupId',
    why: "Actions (insatser) per group: a card click is one point read and one ETag write; a group's list one partition query; roll-ups one query per group."
  },
  {
    id: 'promises',
    partitionKey: '/municipalityKey',
    why: "Citizen promises (medborgarlöften) per municipality: a municipality's promises are one partition query, a link check one point read."
  },
  {
    id: 'summaries',
    partitionKey: '/groupId',
    why: "Weekly-summary settings and delivery records per receiving group: point reads per (group, week), a group's status is one partition query."
  },
  {
    id: 'cases',
    partitionKey: '/groupId',
    why: 'One document per individual case (id = pseudonym) with its consents and observations, in the owning group\'s partition: a consent check is one point read of the case plus one of the membership; a group\'s cases one partition query.'
  },
  {
    id: 'case-audit',
    partitionKey: '/groupId',
    why: 'Append-only audit log of every reveal, refusal and change, in the owning group\'s partition: `logg` and the CSV export are one partition query; retention deletes by date within a partition.'
  },
  {
    id: 'security-log',
    partitionKey: '/tenantId',
    why: 'Append-only, tenant-level log of attempts to name a case one may not know of (missing, or owned by a group one is not in): a missing case has no group, so the tenant is the partition; admins read it with one partition query.'
  },
  {
    id: 'group-audit',
    partitionKey: '/groupId',
    why: 'Append-only log of every registration, settings change, membership/agency/role change, group link and admin act, in the group\'s partition: `grupplogg` and the access-log export are one partition query. Create and read only, like case-audit.'
  },
  {
    id: 'group-links',
    partitionKey: '/steeringGroupId',
    why: 'Links from SSPF groups to steering groups, in the steering group\'s partition: what a steering group reaches (summary, lägesbild, promises) is one partition query; an SSPF group lists its own links across partitions, rarely.'
  },
  {
    id: 'case-meta',
    partitionKey: '/id',
    why: 'Small single-writer documents read by id: pseudonym sequences per municipality and year, the pseudonym index (which groups own K-…), one-time log export links and retention reports.'
  },
  {
    id: 'meetings',
    partitionKey: '/groupId',
    why: "Meetings and one answer document per member and meeting, per group: a group's meetings and a poll's answers are single-partition queries; concurrent answers never share an ETag."
  },
  {
    id: 'read-models',
    partitionKey: '/id',
    why: "What read turns and the weekly summary show, kept by the writes and read by id (docs/storage.md \"Read models\"): per person their groups, agencies and roles; per group its roster, situation-picture month views (with day ledgers), open actions, meetings and consent validity; per steering group its active links; per municipality its promises. Source documents stay the truth; a sweep repairs any read model a failed write left stale."
  }
] as const satisfies readonly ContainerDefinition[];

export type ContainerId = (typeof CONTAINERS)[number]['id'];
