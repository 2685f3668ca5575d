import { Collection } from '../../store/collection';
import type { Store } from '../../store/store';

/** Which groups a steering group's summary rolls up: every SSPF group linked to it, or a chosen few of those. */
export interface SummarySettings {
  id: 'settings';
  groupId: string;
  type: 'settings';
  /** `all`: every SSPF group linked to the steering group, including groups linked later. */
  rollUp: 'all' | string[];
  updatedBy: string;
  updatedAt: string;
}

/**
 * How one group's summary of one week went, for coordinators (`sammanfattning status`) and for
 * telling a holder that died mid-send (`sending`) from one that died before sending.
 */
export type DeliveryState = 'sending' | 'sent' | 'uncertain' | 'failed' | 'botRemoved';

export interface Delivery {
  /** `week:<2026-W10>`. */
  id: string;
  groupId: string;
  type: 'delivery';
  week: string;
  state: DeliveryState;
  activityId?: string;
  /** Why it failed or is uncertain (a status such as `http 504`, never message content). */
  reason?: string;
  attempts: number;
  updatedAt: string;
}

type SummaryDoc = SummarySettings | Delivery;

/** Settings and delivery records of the weekly summary, partitioned by the receiving group. */
export class SummaryRepository {
  private readonly docs: Collection<SummaryDoc>;

  constructor(store: Store) {
    this.docs = new Collection<SummaryDoc>(store.container('summaries'), 'groupId');
  }

  async settings(groupId: string): Promise<SummarySettings> {
    const doc = (await this.docs.read('settings', groupId))?.doc;
    return doc?.type === 'settings' ? doc : { id: 'settings', groupId, type: 'settings', rollUp: 'all', updatedBy: '', updatedAt: '' };
  }

  async saveSettings(groupId: string, rollUp: SummarySettings['rollUp'], by: string, now: Date): Promise<SummarySettings> {
    const doc: SummarySettings = { id: 'settings', groupId, type: 'settings', rollUp, updatedBy: by, updatedAt: now.toISOString() };
    const { doc: saved } = await this.docs.update('settings', groupId, () => doc);
    return saved as SummarySettings;
  }

  async delivery(groupId: string, week: string): Promise<Delivery | undefined> {
    const doc = (await this.docs.read(`week:${week}`, groupId))?.doc;
    return doc?.type === 'delivery' ? doc : undefined;
  }

  /** Records the state of a delivery (read-modify-write with ETags; counts attempts at `sending`). */
  async record(groupId: string, week: string, state: DeliveryState, now: Date, extra: { activityId?: string; reason?: string } = {}): Promise<Delivery> {
    const id = `week:${week}`;
    const { doc } = await this.docs.update(id, groupId, (current) => {
      const prev = current?.type === 'delivery' ? current : undefined;
      return {
        id,
        groupId,
        type: 'delivery',
        week,
        state,
        activityId: extra.activityId ?? prev?.activityId,
        reason: extra.reason,
        attempts: (prev?.attempts ?? 0) + (state === 'sending' ? 1 : 0),
        updatedAt: now.toISOString()
      };
    });
    return doc as Delivery;
  }

  /** The group's delivery records, newest week first (one partition query). */
  async deliveries(groupId: string): Promise<Delivery[]> {
    const docs = await this.docs.query<Delivery>("SELECT * FROM c WHERE c.groupId = @pk AND c.type = 'delivery'", [], groupId);
    return docs.sort((a, b) => b.week.localeCompare(a.week));
  }
}
