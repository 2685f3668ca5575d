import { Collection } from '../store/collection';
import type { Store } from '../store/store';

/** A one-time download link for a group's access log over a period; stored by the hash of its token. */
export interface AccessLogLink {
  /** `ga:<sha256 of the token>`: the token itself is never stored. */
  id: string;
  groupId: string;
  requestedBy: string;
  /** The requester's tenant when the link was issued: the download is decided again for it. */
  tenantId?: string;
  from: string;
  to: string;
  expiresAt: string;
  usedAt?: string;
}

/**
 * One-time links of the access-log export, next to the case log's links in `case-meta` (small
 * single-writer documents read by id). A link is consumed by an ETag write, so it works once.
 */
export class AccessLogLinks {
  private readonly links: Collection<AccessLogLink>;

  constructor(store: Store) {
    this.links = new Collection<AccessLogLink>(store.container('case-meta'), 'id');
  }

  async create(link: AccessLogLink): Promise<void> {
    if (!link.id.startsWith('ga:')) throw new Error('access-log link ids start with ga:');
    if (!(await this.links.create(link))) throw new Error('access-log link id collision');
  }

  /** Marks the link used and returns it, once; undefined when unknown, used or expired. */
  async consume(id: string, now: Date): Promise<AccessLogLink | undefined> {
    if (!id.startsWith('ga:')) return undefined;
    let taken: AccessLogLink | undefined;
    await this.links.update(id, id, (link) => {
      if (!link || typeof link.expiresAt !== 'string' || link.usedAt || Date.parse(link.expiresAt) <= now.getTime()) return undefined;
      taken = { ...link, usedAt: now.toISOString() };
      return taken;
    });
    return taken;
  }
}
