import { DateTime } from 'luxon';
import type { CaseFile, Consent } from './model';

/** Retention periods in months (gallring). */
export interface RetentionRules {
  detailsRetentionMonths: number;
  consentRetentionMonths: number;
  auditRetentionMonths: number;
}

/** When a consent ended: its revocation, else its expiry. */
export function consentEnd(consent: Consent): string {
  return consent.revokedAt && consent.revokedAt < consent.validUntil ? consent.revokedAt : consent.validUntil;
}

function monthsBefore(now: Date, months: number): number {
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months }).toMillis();
}

/** What retention would delete from one case at `now`. Pure. */
export function retentionDue(c: CaseFile, rules: RetentionRules, now: Date): { details: boolean; consentIds: string[] } {
  const detailsCutoff = monthsBefore(now, rules.detailsRetentionMonths);
  const consentCutoff = monthsBefore(now, rules.consentRetentionMonths);
  const details =
    c.status === 'closed' && !!c.closedAt && Date.parse(c.closedAt) <= detailsCutoff && (!!c.details || c.observations.some((o) => o.text !== undefined));
  const consentIds = c.consents.filter((k) => {
    const end = Date.parse(consentEnd(k));
    return !Number.isNaN(end) && end <= now.getTime() && end <= consentCutoff;
  }).map((k) => k.id);
  return { details, consentIds };
}

/**
 * The case after retention: details and observation texts gone (the fields are removed from the
 * document, so the replace leaves nothing behind), pseudonym, dates and counts kept; due consents removed.
 */
export function applyRetention(c: CaseFile, due: { details: boolean; consentIds: string[] }, now: Date): CaseFile {
  const next: CaseFile = { ...c, consents: c.consents.filter((k) => !due.consentIds.includes(k.id)), updatedAt: now.toISOString() };
  if (due.details) {
    delete next.details;
    next.detailsDeletedAt = now.toISOString();
    next.observations = c.observations.map(({ text: _text, ...rest }) => rest);
  }
  return next;
}

/** The cut-off before which audit entries are deleted. */
export function auditCutoff(rules: RetentionRules, now: Date): Date {
  return new Date(monthsBefore(now, rules.auditRetentionMonths));
}
