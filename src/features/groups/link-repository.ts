import { Collection } from '../../store/collection';
import { KeyedProjection, Repairs, type KnownGroup, type ReadModel } from '../../store/read-models';
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

/** An active link as its steering group's read model holds it. */
type ActiveLink = Pick<GroupLink, 'sspfGroupId' | 'linkedBy' | 'linkedAt'>;

const reachId = (steeringGroupId: string) => `links-to:${steeringGroupId}`;

/**
 * Group links, partitioned by the steering group. What a steering group reaches (summary, lägesbild,
 * promises) is read from its read model `links-to:<steering group id>` (one point read): the active
 * links, kept by `link` and `end`. An SSPF group's own links are a cross-partition query, asked only
 * when someone lists or changes them.
 *
 * It fails closed: `end` removes the link from the read model *before* the link document is ended (and
 * refuses to go on if it cannot), `link` adds it only after the link document is written, and every
 * link the read model names is confirmed by the link document itself before it counts. A failure or
 * crash between the two writes can hide a link until the sweep, never let an ended one be reached.
 */
export class LinkRepository {
  private readonly links: Collection<GroupLink>;
  private readonly reach: KeyedProjection<ActiveLink>;

  constructor(store: Store) {
    this.links = new Collection<GroupLink>(store.container('group-links'), 'steeringGroupId');
    this.reach = new KeyedProjection<ActiveLink>(store, 'links-to');
  }

  /** The link as its read-model entry: only an active link has one. */
  private async activeEntry(id: string, steeringGroupId: string): Promise<ActiveLink | undefined> {
    const link = (await this.links.read(id, steeringGroupId))?.doc;
    return link && !link.endedAt ? { sspfGroupId: link.sspfGroupId, linkedBy: link.linkedBy, linkedAt: link.linkedAt } : undefined;
  }

  private async activeFromSource(steeringGroupId: string): Promise<Record<string, ActiveLink>> {
    const all = await this.toSteeringGroup(steeringGroupId);
    return Object.fromEntries(all.filter((l) => !l.endedAt).map((l) => [l.id, { sspfGroupId: l.sspfGroupId, linkedBy: l.linkedBy, linkedAt: l.linkedAt }]));
  }

  private async project(id: string, steeringGroupId: string): Promise<void> {
    await this.reach.project(reachId(steeringGroupId), id, () => this.activeEntry(id, steeringGroupId), () => this.activeFromSource(steeringGroupId));
  }

  /**
   * The active links to a steering group: one point read of its read model (built from the links with
   * one partition query the first time), each link in it confirmed by the link's own point read (from
   * the in-process cache on the embedded store). The read model only says where to look: a projection
   * that read a link just before it was ended and wrote after the end's own projection failed can leave
   * an ended link in it until the sweep, and that link is not reached.
   */
  async activeToSteeringGroup(steeringGroupId: string): Promise<GroupLink[]> {
    let doc = await this.reach.read(reachId(steeringGroupId));
    if (!doc) {
      await this.reach.reconcile(reachId(steeringGroupId), () => this.activeFromSource(steeringGroupId));
      doc = await this.reach.read(reachId(steeringGroupId));
    }
    const confirmed = await Promise.all(Object.keys(doc?.entries ?? {}).map(async (id) => (await this.links.read(id, steeringGroupId))?.doc));
    return confirmed
      .filter((l): l is GroupLink => !!l && !l.endedAt)
      // In the order they were linked, as the links' own query returned them.
      .sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a.id.localeCompare(b.id));
  }

  /** Brings every steering group's read model in line with the links; returns how many it rewrote. */
  async sweep(): Promise<number> {
    const all = await this.links.queryAcrossPartitions<GroupLink>('SELECT * FROM c', []);
    const steering = new Set([...all.map((l) => l.steeringGroupId), ...(await this.reach.listAll()).map((d) => d.id.slice('links-to:'.length))]);
    const repairs = new Repairs();
    await repairs.each(steering, (s) => this.reach.reconcile(reachId(s), () => this.activeFromSource(s)));
    return repairs.done();
  }

  /** Drops the links read models and builds them again from the links, for every known steering group too. */
  async rebuild(known: readonly KnownGroup[] = []): Promise<Record<string, number>> {
    const dropped = await this.reach.dropAll();
    let rebuilt = await this.sweep();
    for (const g of known.filter((k) => k.kind === 'styrgrupp')) if (await this.reach.reconcile(reachId(g.id), () => this.activeFromSource(g.id))) rebuilt++;
    return { dropped, rebuilt };
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
    await this.projectAfterWrite(id, steeringGroupId);
    return changed ? doc : undefined;
  }

  /** The link is written: a failed projection only hides it until the sweep (fails closed), so it does not fail the act. */
  private async projectAfterWrite(id: string, steeringGroupId: string): Promise<void> {
    try {
      await this.project(id, steeringGroupId);
    } catch {
      // Repaired by the next sweep (read-models.sweep, every 5 minutes).
    }
  }

  /** Ends an active link; returns it, or undefined when there was none. */
  async end(sspfGroupId: string, steeringGroupId: string, by: string, reason: 'declined' | 'removed', now: Date): Promise<GroupLink | undefined> {
    const id = LinkRepository.idFor(sspfGroupId, steeringGroupId);
    // Out of the read model first: if this fails, the act fails and nothing changed.
    await this.reach.project(reachId(steeringGroupId), id, async () => undefined, () => this.activeFromSource(steeringGroupId));
    const { doc, changed } = await this.links.update(id, steeringGroupId, (cur) =>
      cur && !cur.endedAt ? { ...cur, endedAt: now.toISOString(), endedBy: by, endReason: reason } : undefined
    );
    // Puts back a link that was not ended after all (the end lost a race with nothing to end, or failed above).
    await this.projectAfterWrite(id, steeringGroupId);
    return changed ? doc : undefined;
  }
}

/** The steering groups' links read models as one family of the registry. */
export function linksReadModel(links: LinkRepository): ReadModel {
  return { name: 'links', sweep: () => links.sweep(), rebuild: (_now, known) => links.rebuild(known) };
}
