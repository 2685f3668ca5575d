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

/**
 * All of one group's delivery records in one document (`deliveries`), keyed by week, so the preview's
 * notice, the status card and each delivery step are one point read and one ETag-guarded write.
 */
interface DeliveryLog {
  id: 'deliveries';
  groupId: string;
  type: 'deliveries';
  weeks: Record<string, Delivery>;
}

/** Weeks kept in a group's delivery log (two years): older records only fill the status card. */
export const DELIVERY_WEEKS_KEPT = 104;

type SummaryDoc = SummarySettings | Delivery | DeliveryLog;

/**
 * Settings and delivery records of the weekly summary, partitioned by the receiving group. Delivery
 * records live in one log document per group; records stored one per week by earlier versions
 * (`week:<key>`) are taken into the log the first time the group's log is written or read.
 */
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
    return (await this.log(groupId)).weeks[week];
  }

  /** Records the state of a delivery (read-modify-write with ETags; counts attempts at `sending`). */
  async record(groupId: string, week: string, state: DeliveryState, now: Date, extra: { activityId?: string; reason?: string } = {}): Promise<Delivery> {
    let saved: Delivery | undefined;
    await this.docs.update('deliveries', groupId, async (current) => {
      const log = current?.type === 'deliveries' ? current : await this.newLog(groupId);
      const prev = log.weeks[week];
      saved = {
        id: `week:${week}`,
        groupId,
        type: 'delivery',
        week,
        state,
        activityId: extra.activityId ?? prev?.activityId,
        reason: extra.reason,
        attempts: (prev?.attempts ?? 0) + (state === 'sending' ? 1 : 0),
        updatedAt: now.toISOString()
      };
      const weeks = Object.entries({ ...log.weeks, [week]: saved })
        .sort(([a], [b]) => b.localeCompare(a))
        .slice(0, DELIVERY_WEEKS_KEPT);
      return { ...log, weeks: Object.fromEntries(weeks) };
    });
    return saved!;
  }

  /** The group's delivery records, newest week first (one point read). */
  async deliveries(groupId: string): Promise<Delivery[]> {
    return Object.values((await this.log(groupId)).weeks).sort((a, b) => b.week.localeCompare(a.week));
  }

  /** The group's delivery log; a group without one gets it now (from older per-week records, if any). */
  private async log(groupId: string): Promise<DeliveryLog> {
    const found = (await this.docs.read('deliveries', groupId))?.doc;
    if (found?.type === 'deliveries') return found;
    const { doc } = await this.docs.update('deliveries', groupId, async (current) => (current?.type === 'deliveries' ? undefined : this.newLog(groupId)));
    return doc?.type === 'deliveries' ? doc : this.newLog(groupId);
  }

  /** A new log holding the per-week records earlier versions stored (one partition query, once per group). */
  private async newLog(groupId: string): Promise<DeliveryLog> {
    const legacy = await this.docs.query<Delivery>("SELECT * FROM c WHERE c.groupId = @pk AND c.type = 'delivery'", [], groupId);
    return { id: 'deliveries', groupId, type: 'deliveries', weeks: Object.fromEntries(legacy.map((d) => [d.week, d])) };
  }
}
