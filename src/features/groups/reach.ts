import { decideReach } from '../../access/group-access';
import type { GroupRepository } from './group-repository';
import type { LinkRepository } from './link-repository';
import type { Group } from './model';

/** A group another group may see, and how much: in full (itself) or counts and trends only (linked). */
export interface Reached {
  group: Group;
  view: 'full' | 'countsAndTrends';
}

/**
 * What a group reaches: itself, and for a steering group the SSPF groups linked to it, each decided
 * by the access layer. Never derived from municipality names.
 */
export async function reachOf(group: Group, repos: { groups: GroupRepository; links: LinkRepository }): Promise<Reached[]> {
  const out: Reached[] = [{ group, view: 'full' }];
  if (group.kind !== 'styrgrupp') return out;
  // The active links from the steering group's read model (one point read; see LinkRepository).
  const links = await repos.links.activeToSteeringGroup(group.id);
  const active = links.filter((l) => !l.endedAt);
  const linked = await Promise.all(active.map((l) => repos.groups.get(l.sspfGroupId)));
  for (const g of linked) {
    if (!g) continue;
    const reach = decideReach(group, g, links);
    if (reach.allow) out.push({ group: g, view: reach.view });
  }
  return out;
}
