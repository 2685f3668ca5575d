import { normalizeText } from '../../i18n';
import type { MemberRepository } from '../groups/group-repository';
import type { SummarySource } from './sources';

/** The one section whose data exists already: how many SSPF groups, areas and members the summary covers. */
export function groupsSummarySource(members: MemberRepository): SummarySource<'groups'> {
  return {
    section: 'groups',
    async read(scope) {
      // Counts only: the rosters' read models, one point read per group.
      const rosters = await Promise.all(scope.groupIds.map((id) => members.roster(id)));
      const people = new Set(rosters.flat().map((m) => m.aadObjectId));
      const areas = new Set(scope.groups.filter((g) => g.kind === 'sspf').flatMap((g) => g.areas.map(normalizeText)));
      return { kind: 'groups', sspfGroups: scope.groups.filter((g) => g.kind === 'sspf').length, areas: areas.size, members: people.size };
    }
  };
}
