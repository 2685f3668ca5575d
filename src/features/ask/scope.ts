import { normalizeText } from '../../i18n';
import type { Access } from '../groups/access';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { Group } from '../groups/model';
import type { AreaRef } from '../updates/picture';

/** What an asker may see: the groups whose updates count, and their areas. */
export interface Scope {
  groups: Group[];
  areas: AreaRef[];
}

/** The groups one group may see: a steering group its whole municipality, an SSPF group itself. */
export function visibleFrom(group: Group, municipalityGroups: readonly Group[]): Group[] {
  if (group.kind !== 'styrgrupp') return [group];
  return municipalityGroups.filter((g) => g.municipalityKey === group.municipalityKey);
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
 * Resolves what the asker may see here. In a registered group's conversation: what that group may
 * see (its answer is posted to everyone in it). In personal chat: the union of what the asker's groups
 * may see. Anywhere else nothing: `undefined`.
 */
export async function resolveScope(access: Access, groups: GroupRepository, members: MemberRepository): Promise<Scope | undefined> {
  let own: Group[];
  if (access.where.kind === 'personal') {
    if (!access.actor.aadObjectId) return undefined;
    const memberships = await members.membershipsOf(access.actor.aadObjectId);
    own = (await Promise.all(memberships.map((m) => groups.get(m.groupId)))).filter((g): g is Group => !!g);
  } else {
    if (!access.group) return undefined;
    own = [access.group];
  }
  const byMunicipality = new Map<string, Group[]>();
  const seen = new Map<string, Group>();
  for (const g of own) {
    let visible: Group[];
    if (g.kind === 'styrgrupp') {
      let all = byMunicipality.get(g.municipalityKey);
      if (!all) {
        all = await groups.listByMunicipality(g.municipality);
        byMunicipality.set(g.municipalityKey, all);
      }
      visible = visibleFrom(g, all);
    } else {
      visible = [g];
    }
    for (const v of visible) seen.set(v.id, v);
  }
  const list = [...seen.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'sspf' ? -1 : 1));
  return { groups: list, areas: areasOf(list) };
}
