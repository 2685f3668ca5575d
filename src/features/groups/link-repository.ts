import { Collection } from '../../store/collection';
import type { Store } from '../../store/store';

/**
 * A link from an SSPF group to a steering group: the only way a steering group reaches an SSPF
 * group's counts and trends. Kept after it ends (declined or removed) so both groups' history reads true.
 */
export interface GroupLink {
  /** `<sspf group id>|<steering group id>`. */
  id: string;
  sspfGroupId: string;
  steeringGroupId: string;
  linkedBy: string;
  linkedAt: string;
  endedAt?: string;
  endedBy?: string;
  /** `declined` by the steering group, `removed` by the SSPF group (or an admin). */
  endReason?: 'declined' | 'removed';
}

/**
 * Group links, partitioned by the steering group: what a steering group reaches (summary, lägesbild,
 * promises) is one partition query; an SSPF group's own links are a cross-partition query, asked only
 * when someone lists or changes them.
 */
export class LinkRepository {
  private readonly links: Collection<GroupLink>;

  constructor(store: Store) {
    this.links = new Collection<GroupLink>(store.container('group-links'), 'steeringGroupId');
  }

  static idFor(sspfGroupId: string, steeringGroupId: string): string {
    return `${sspfGroupId}|${steeringGroupId}`;
  }

  async get(sspfGroupId: string, steeringGroupId: string): Promise<GroupLink | undefined> {
    return (await this.links.read(LinkRepository.idFor(sspfGroupId, steeringGroupId), steeringGroupId))?.doc;
  }

  /** Every link, ended ones included, that points at a steering group. */
  async toSteeringGroup(steeringGroupId: string): Promise<GroupLink[]> {
    return this.links.query<GroupLink>('SELECT * FROM c WHERE c.steeringGroupId = @pk', [], steeringGroupId);
  }

  /** Every link, ended ones included, of an SSPF group. */
  async ofSspfGroup(sspfGroupId: string): Promise<GroupLink[]> {
    return this.links.queryAcrossPartitions<GroupLink>('SELECT * FROM c WHERE c.sspfGroupId = @g', [{ name: '@g', value: sspfGroupId }]);
  }

  /** Creates or re-opens the link; returns it, or undefined when an active link already existed. */
  async link(sspfGroupId: string, steeringGroupId: string, by: string, now: Date): Promise<GroupLink | undefined> {
    const id = LinkRepository.idFor(sspfGroupId, steeringGroupId);
    const { doc, changed } = await this.links.update(id, steeringGroupId, (cur) =>
      cur && !cur.endedAt ? undefined : { id, sspfGroupId, steeringGroupId, linkedBy: by, linkedAt: now.toISOString() }
    );
    return changed ? doc : undefined;
  }

  /** Ends an active link; returns it, or undefined when there was none. */
  async end(sspfGroupId: string, steeringGroupId: string, by: string, reason: 'declined' | 'removed', now: Date): Promise<GroupLink | undefined> {
    const { doc, changed } = await this.links.update(LinkRepository.idFor(sspfGroupId, steeringGroupId), steeringGroupId, (cur) =>
      cur && !cur.endedAt ? { ...cur, endedAt: now.toISOString(), endedBy: by, endReason: reason } : undefined
    );
    return changed ? doc : undefined;
  }
}
