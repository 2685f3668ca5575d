import type { Clock } from '../../clock';
import type { Lang } from '../../i18n';
import { askTexts } from '../../i18n/ask';
import { commonTexts } from '../../i18n/common';
import type { Access } from '../groups/access';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { LinkRepository } from '../groups/link-repository';
import { buildPictureFromRows, type AreaRef, type SituationPicture } from '../updates/picture';
import type { UpdateRepository } from '../updates/update-repository';
import { periodRanges } from './period';
import type { PictureQuestion } from './question';
import { resolveScope } from './scope';

/** The outcome of a picture question, before it is rendered. */
export type PictureAnswer =
  | { kind: 'picture'; picture: SituationPicture; place: string; withText: boolean }
  | { kind: 'message'; text: string };

export interface PictureServiceDeps {
  groups: GroupRepository;
  members: MemberRepository;
  links: LinkRepository;
  /** The situation picture's month views, read by id. */
  updates: Pick<UpdateRepository, 'pictureRows'>;
  clock: Clock;
}

/**
 * The situation picture as an asker may see it, the one read every entry point (command, free text,
 * language-model tool) shares: point reads of each visible group's month views, no query. The scope always comes from the asker (their group here, or their groups
 * in personal chat, and what those reach); the question only picks places within it and the period.
 */
export class PictureService {
  constructor(private readonly deps: PictureServiceDeps) {}

  async answer(access: Access, lang: Lang, read: (visible: AreaRef[]) => PictureQuestion): Promise<PictureAnswer> {
    const t = askTexts(lang);
    const { groups, members, links } = this.deps;
    const scope = await resolveScope(access, groups, members, links);
    if (!scope) return { kind: 'message', text: access.where.kind === 'personal' ? t.nothingVisible : commonTexts(lang).notInGroup };
    if (scope.groups.length === 0) return { kind: 'message', text: t.nothingVisible };
    const q = read(scope.areas);
    if (q.place.kind === 'unknown') return { kind: 'message', text: t.unknownArea(q.place.text, scope.areas.map((a) => a.area).join(', ')) };
    const areas = q.place.kind === 'all' ? scope.areas : q.place.areas;
    const { current, previous } = periodRanges(this.deps.clock.now(), q.period);
    const found = await Promise.all(scope.groups.map((g) => this.deps.updates.pictureRows(g.id, { from: previous.from, to: current.to })));
    // Linked groups count, but their texts stay with them: a steering group sees counts and trends only.
    const latest = found.flatMap((f) => f.latest).map((u) => (scope.textGroupIds.has(u.groupId) ? u : { ...u, text: '' }));
    const picture = buildPictureFromRows(found.flatMap((f) => f.rows), latest, areas, current, previous);
    // One name per municipality (groups may spell it differently): the asker's own groups' spelling first.
    const names = new Map<string, string>();
    const ownFirst = [...scope.groups].sort((a, b) => Number(scope.textGroupIds.has(b.id)) - Number(scope.textGroupIds.has(a.id)));
    for (const g of ownFirst) if (!names.has(g.municipalityKey)) names.set(g.municipalityKey, g.municipality);
    const municipalities = [...names.values()].join(', ');
    const place = q.place.kind === 'all' ? t.allAreasIn(municipalities) : areas.map((a) => a.area).join(', ');
    return { kind: 'picture', picture, place, withText: access.where.kind === 'personal' };
  }
}
