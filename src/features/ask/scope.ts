import { normalizeText } from '../../i18n';
import type { Access } from '../groups/access';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { Group } from '../groups/model';
import type { LinkRepository } from '../groups/link-repository';
import { reachOf } from '../groups/reach';
import type { AreaRef } from '../updates/picture';

/** What an asker may see: the groups whose updates count, and their areas. */
export interface Scope {
  groups: Group[];
  areas: AreaRef[];
  /**
   * The groups whose update texts may be shown: the asker's own. A steering group sees its linked SSPF
   * groups' counts and trends only, never their texts.
   */
  textGroupIds: ReadonlySet<string>;
}

/** The areas of a set of groups, one per area of a municipality, in the groups' own order. */
export function areasOf(groups: readonly Group[]): AreaRef[] {
  const out: AreaRef[] = [];
  for (const g of groups) {
    for (const area of g.areas) {
      const areaKey = normalizeText(area);
      if (!out.some((a) => a.municipalityKey === g.municipalityKey && a.areaKey === areaKey)) {
        out.push({ municipality: g.municipality, municipalityKey: g.municipalityKey, area, areaKey });
      }
    }
  }
  return out;
}

/**
 * Resolves what the asker may see here. In a registered group's conversation: what that group reaches
 * (its answer is posted to everyone in it). In personal chat: the union of what the asker's groups
 * reach. A steering group reaches only the SSPF groups linked to it (`reachOf`), never by municipality
 * name. Anywhere else nothing: `undefined`.
 */
export async function resolveScope(access: Access, groups: GroupRepository, members: MemberRepository, links: LinkRepository): Promise<Scope | undefined> {
  let own: Group[];
  if (access.where.kind === 'personal') {
    if (!access.actor.aadObjectId) return undefined;
    const memberships = await members.membershipsOf(access.actor.aadObjectId);
    own = (await Promise.all(memberships.map((m) => groups.get(m.groupId)))).filter((g): g is Group => !!g);
  } else {
    if (!access.group) return undefined;
    own = [access.group];
  }
  const seen = new Map<string, Group>();
  const textGroupIds = new Set<string>();
  for (const g of own) {
    for (const r of await reachOf(g, { groups, links })) {
      seen.set(r.group.id, r.group);
      if (r.view === 'full') textGroupIds.add(r.group.id);
    }
  }
  const list = [...seen.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'sspf' ? -1 : 1));
  return { groups: list, areas: areasOf(list), textGroupIds };
}
