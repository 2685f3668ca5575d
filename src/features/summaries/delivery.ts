import type { Group } from '../groups/model';

/** Claims of this kind hold one (group, week) summary. */
export const SUMMARY_CLAIM_KIND = 'summary';

/** How long a claim holder may take before another instance may take over (longer than any paced send with retries). */
export const SUMMARY_LEASE_MS = 15 * 60_000;

/** A certainly failed week is retried by the sweep this many times, and only this long after its end. */
export const SWEEP_MAX_ATTEMPTS = 5;
export const SWEEP_MAX_AGE_MS = 14 * 24 * 3600_000;

/** Groups summarised at the same time (their sends are paced by the outbound queue, not here). */
export const CONCURRENCY = 16;

/** The claim key of one group's summary of one week. */
export function summaryClaimKey(groupId: string, week: string): string {
  return `summary:${groupId}:${week}`;
}

/** What happened to one group's summary in one run. */
export type DeliveryResult =
  | 'sent'
  | 'alreadyClaimed'
  | 'uncertain'
  | 'failed'
  | 'botRemoved'
  | 'noReference'
  | 'notRecipient';

export interface RunReport {
  week: string;
  groups: number;
  results: Partial<Record<DeliveryResult, number>>;
}

/** Whether a group gets the weekly summary: steering groups unless turned off, SSPF groups when turned on. */
export function isRecipient(group: Group): boolean {
  return group.kind === 'styrgrupp' ? group.summaries !== false : group.summaries === true;
}
