import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelOutcome, GroupChannel } from '../../bot/port';
import type { AcquireResult, Claims } from '../../store/claims';
import type { Repositories } from '../feature';
import type { Group } from '../groups/model';
import { reachOf } from '../groups/reach';
import { buildWeeklySummary } from './build';
import { weeklySummaryCard } from './card';
import { isoWeekOf, parseIsoWeek, previousIsoWeek, type IsoWeek } from './iso-week';
import type { SummaryScope, WeeklySummary } from './model';
import type { SummaryRepository } from './repository';
import type { SummarySourceRegistry } from './sources';
import { mapPool } from './pool';
import { CONCURRENCY, SUMMARY_CLAIM_KIND, SUMMARY_LEASE_MS, SWEEP_MAX_AGE_MS, SWEEP_MAX_ATTEMPTS, isRecipient, summaryClaimKey, type DeliveryResult, type RunReport } from './delivery';

export {
  SUMMARY_CLAIM_KIND,
  SUMMARY_LEASE_MS,
  SWEEP_MAX_AGE_MS,
  SWEEP_MAX_ATTEMPTS,
  isRecipient,
  summaryClaimKey,
  type DeliveryResult,
  type RunReport
} from './delivery';

export interface SummaryServiceDeps {
  repos: Repositories;
  summaries: SummaryRepository;
  sources: SummarySourceRegistry;
  claims: Claims;
  /** Posts the summary card into the group (paced and retried; marks a group whose bot was removed). */
  channel: Pick<GroupChannel, 'post'>;
  logger: Logger;
  timezone: string;
  /** Small-number threshold of steering groups' roll-ups (config); SSPF groups' own cards keep exact counts. */
  smallNumberThreshold?: number;
  /** When a change is notable in the opening sentences (config). */
  notable?: { min: number; percent: number };
}

/**
 * Builds and delivers weekly summaries exactly once per group and ISO week: a claim in Cosmos is
 * taken before sending, the outcome is recorded, certain failures are retried by the sweep and
 * uncertain ones are left to the group's coordinators.
 */
export class SummaryService {
  /** This instance's identity as a claim owner. */
  readonly owner = `summaries-${randomUUID()}`;

  constructor(private readonly deps: SummaryServiceDeps) {}

  /**
   * The groups a recipient's summary rolls up: itself when SSPF; for a steering group the SSPF groups
   * linked to it (all, or those its settings choose). Never derived from municipality names.
   */
  async scopeOf(group: Group, week: IsoWeek, now: Date): Promise<SummaryScope> {
    let groups: Group[] = [group];
    if (group.kind === 'styrgrupp') {
      const settings = await this.deps.summaries.settings(group.id);
      const reached = await reachOf(group, this.deps.repos);
      const sspf = reached.filter((r) => r.group.id !== group.id && r.group.kind === 'sspf').map((r) => r.group);
      const chosen = settings.rollUp === 'all' ? sspf : sspf.filter((g) => (settings.rollUp as string[]).includes(g.id));
      groups = [group, ...chosen.sort((a, b) => a.name.localeCompare(b.name, 'sv'))];
    }
    return {
      recipientId: group.id,
      groupIds: groups.map((g) => g.id),
      groups: groups.map((g) => ({ id: g.id, kind: g.kind, areas: g.areas })),
      week,
      now
    };
  }

  /** Reads every registered source and builds the summary. Throws when a source cannot be read. */
  async compose(group: Group, week: IsoWeek, now: Date): Promise<WeeklySummary> {
    const scope = await this.scopeOf(group, week, now);
    const sections = await Promise.all(
      this.deps.sources.list().map(async (source) => ({ source: source.section, figures: await source.read(scope) }))
    );
    const rules = { notable: this.deps.notable, smallNumberThreshold: group.kind === 'styrgrupp' ? this.deps.smallNumberThreshold : undefined };
    const summary = buildWeeklySummary({ sections, allowedAreas: scope.groups.flatMap((g) => g.areas), ...rules }, week);
    for (const r of summary.rejected) {
      this.deps.logger.error({ groupId: group.id, week: week.key, source: r.source, problems: r.problems }, 'summary section refused');
    }
    return summary;
  }

  /** The week the scheduled run reports: the last completed ISO week. */
  reportWeek(now: Date): IsoWeek {
    return previousIsoWeek(now, this.deps.timezone);
  }

  currentWeek(now: Date): IsoWeek {
    return isoWeekOf(now, this.deps.timezone);
  }

  parseWeek(key: string): IsoWeek | undefined {
    return parseIsoWeek(key, this.deps.timezone);
  }

  /** Sends every recipient group its summary of `week` (default: the last completed week), concurrently. */
  async runWeek(now: Date, week: IsoWeek = this.reportWeek(now)): Promise<RunReport> {
    const recipients = (await this.deps.repos.groups.listAll()).filter(isRecipient);
    const results = await mapPool(recipients, CONCURRENCY, (g) => this.deliver(g, week, now));
    const report: RunReport = { week: week.key, groups: recipients.length, results: {} };
    for (const r of results) report.results[r] = (report.results[r] ?? 0) + 1;
    this.deps.logger.info(report, 'weekly summary run');
    return report;
  }

  /**
   * Retries what certainly failed (and takes over leases whose holder died), within limits.
   * Uncertain outcomes are never retried here.
   */
  async sweep(now: Date): Promise<RunReport> {
    const claims = await this.deps.claims.list(SUMMARY_CLAIM_KIND, ['failed', 'leased']);
    const due = claims.filter((c) => (c.state === 'failed' ? c.attempts < SWEEP_MAX_ATTEMPTS && c.detail !== 'botRemoved' : Date.parse(c.leaseUntil) <= now.getTime()));
    const results = await mapPool(due, CONCURRENCY, async (claim): Promise<DeliveryResult> => {
      const m = /^summary:(.+):(\d{4}-W\d{2})$/.exec(claim.key);
      const week = m ? this.parseWeek(m[2]) : undefined;
      if (!m || !week || now.getTime() - Date.parse(week.end) > SWEEP_MAX_AGE_MS) return 'notRecipient';
      const group = await this.deps.repos.groups.get(m[1]);
      if (!group || !isRecipient(group)) return 'notRecipient';
      return this.deliver(group, week, now);
    });
    const report: RunReport = { week: 'sweep', groups: due.length, results: {} };
    for (const r of results) report.results[r] = (report.results[r] ?? 0) + 1;
    if (due.length > 0) this.deps.logger.info(report, 'weekly summary sweep');
    return report;
  }

  /**
   * A coordinator's resend of an uncertain or failed week. The claim goes from `uncertain`/`failed` to
   * `leased` in one ETag-conditional step (`Claims.retake`), so concurrent presses post at most once:
   * every press but one finds the claim taken and answers `alreadyClaimed`.
   */
  async resend(group: Group, week: IsoWeek, now: Date): Promise<DeliveryResult> {
    const delivery = await this.deps.summaries.delivery(group.id, week.key);
    if (!delivery || (delivery.state !== 'uncertain' && delivery.state !== 'failed')) return 'alreadyClaimed';
    return this.deliverWith(group, week, now, (key) => this.deps.claims.retake(key, SUMMARY_CLAIM_KIND, this.owner, now, SUMMARY_LEASE_MS));
  }

  /** Delivers one group's summary of one week, at most once. */
  async deliver(group: Group, week: IsoWeek, now: Date): Promise<DeliveryResult> {
    return this.deliverWith(group, week, now, (key) => this.deps.claims.acquire(key, SUMMARY_CLAIM_KIND, this.owner, now, SUMMARY_LEASE_MS));
  }

  /** Delivers with the claim taken by `take` (a first claim, or a resend's retake); nothing is sent without it. */
  private async deliverWith(group: Group, week: IsoWeek, now: Date, take: (key: string) => Promise<AcquireResult>): Promise<DeliveryResult> {
    const { logger, claims, summaries, channel, repos } = this.deps;
    const log = { groupId: group.id, week: week.key };
    if (group.botRemovedAt) {
      logger.warn(log, 'weekly summary skipped: the bot was removed from the group');
      return 'botRemoved';
    }
    // Checked before the claim, so a group without a reference holds no claim.
    if (!(await repos.conversations.get(`conv:${group.postConversationId}`))) {
      logger.warn(log, 'weekly summary skipped: no conversation reference for the group');
      return 'noReference';
    }
    const key = summaryClaimKey(group.id, week.key);
    const claim = await take(key);
    if (!claim.acquired) return 'alreadyClaimed';

    const previous = await summaries.delivery(group.id, week.key);
    if (previous?.state === 'sending') {
      // A holder died after it started sending: the card may be in the channel. Never send twice.
      await claims.complete(key, this.owner, 'uncertain', now, 'holder lost while sending');
      await summaries.record(group.id, week.key, 'uncertain', now, { reason: 'holder lost while sending' });
      logger.warn(log, 'weekly summary outcome unknown (a previous holder stopped while sending); not resent');
      return 'uncertain';
    }

    let card;
    try {
      const summary = await this.compose(group, week, now);
      card = weeklySummaryCard(summary, group.language, group.name);
    } catch (err) {
      await claims.complete(key, this.owner, 'failed', now, 'could not build');
      await summaries.record(group.id, week.key, 'failed', now, { reason: 'could not build' });
      logger.error({ ...log, err: (err as Error).message }, 'weekly summary could not be built; the sweep retries');
      return 'failed';
    }

    await summaries.record(group.id, week.key, 'sending', now);
    return this.recordOutcome(group, week, now, await channel.post(group, card));
  }

  /** Records what the channel said about the post: the claim's end state and the delivery record. */
  private async recordOutcome(group: Group, week: IsoWeek, now: Date, outcome: ChannelOutcome): Promise<DeliveryResult> {
    const { logger, summaries } = this.deps;
    const key = summaryClaimKey(group.id, week.key);
    const log = { groupId: group.id, week: week.key };
    switch (outcome.status) {
      case 'sent':
        await this.finish(key, 'done', now, log, outcome.activityId || undefined);
        await summaries.record(group.id, week.key, 'sent', now, { activityId: outcome.activityId || undefined });
        logger.info(log, 'weekly summary sent');
        return 'sent';
      case 'uncertain':
        await this.finish(key, 'uncertain', now, log, outcome.reason);
        await summaries.record(group.id, week.key, 'uncertain', now, { reason: outcome.reason });
        logger.warn({ ...log, reason: outcome.reason }, 'weekly summary outcome unknown; not resent, shown to coordinators');
        return 'uncertain';
      case 'notPosted':
      case 'failed': {
        // The channel has marked the group (once) when the connector said the bot is no longer in it.
        const botRemoved = outcome.status === 'notPosted' ? outcome.reason === 'botRemoved' : outcome.botRemoved === true;
        if (botRemoved) {
          await this.finish(key, 'failed', now, log, 'botRemoved');
          await summaries.record(group.id, week.key, 'botRemoved', now, { reason: outcome.reason });
          logger.warn(log, 'weekly summary skipped: the bot is no longer in the conversation; group marked');
          return 'botRemoved';
        }
        await this.finish(key, 'failed', now, log, outcome.reason);
        await summaries.record(group.id, week.key, 'failed', now, { reason: outcome.reason });
        logger.warn({ ...log, reason: outcome.reason }, 'weekly summary failed; the sweep retries');
        return 'failed';
      }
    }
  }

  private async finish(key: string, state: 'done' | 'uncertain' | 'failed', now: Date, log: object, detail?: string): Promise<void> {
    if (!(await this.deps.claims.complete(key, this.owner, state, now, detail))) {
      this.deps.logger.error({ ...log, state }, 'weekly summary claim lost before its outcome was recorded');
    }
  }
}
