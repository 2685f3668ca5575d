import LRUCache from 'lru-cache';
import { DateTime } from 'luxon';
import type { Lang } from '../../i18n';
import { holidayOn } from './holidays';
import { STOCKHOLM } from '../../time-zone';

/** Meetings are entered and shown in Swedish time, summer time included; they are stored in UTC. */
export const MEETING_ZONE = STOCKHOLM;

export type LocalTimeProblem = 'invalid' | 'nonexistent';

/**
 * Converts a local Stockholm date (`YYYY-MM-DD`) and time (`HH:mm`) to a UTC instant. A time that does
 * not exist (skipped when summer time starts) is refused rather than silently moved.
 */
export function stockholmToUtc(date: string, time: string): { ok: true; utc: Date } | { ok: false; problem: LocalTimeProblem } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return { ok: false, problem: 'invalid' };
  const local = DateTime.fromISO(`${date}T${time}`, { zone: MEETING_ZONE });
  if (!local.isValid) return { ok: false, problem: 'invalid' };
  if (local.toISODate() !== date || local.toFormat('HH:mm') !== time) return { ok: false, problem: 'nonexistent' };
  return { ok: true, utc: local.toUTC().toJSDate() };
}

/** A UTC instant in Stockholm time. */
export function inStockholm(instant: Date | string): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : DateTime.fromJSDate(instant, { zone: 'utc' });
  return dt.setZone(MEETING_ZONE);
}

/** ISO 8601 with the Stockholm offset, seconds precision: `2026-03-31T14:00:00+02:00`. */
export function isoWithOffset(instant: Date | string): string {
  return inStockholm(instant).toISO({ suppressMilliseconds: true }) ?? '';
}

/**
 * Formatted spans, by instants and language. Formatting in a zone looks up the zone's offset through
 * `Intl` several times: 15 % of a `nästa möte` turn's CPU, for the same few meetings every time.
 */
const spans = new LRUCache<string, string>({ max: 2000 });
const instantKey = (instant: Date | string) => (typeof instant === 'string' ? instant : `#${instant.getTime()}`);

/** "tisdag 31 mars 2026 14:00–15:30" / "Tuesday 31 March 2026 14:00–15:30", in Stockholm time. */
export function formatSpan(start: Date | string, end: Date | string, lang: Lang): string {
  const key = `${instantKey(start)}|${instantKey(end)}|${lang}`;
  let text = spans.get(key);
  if (text === undefined) spans.set(key, (text = formatSpanOnce(start, end, lang)));
  return text;
}

function formatSpanOnce(start: Date | string, end: Date | string, lang: Lang): string {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const s = inStockholm(start).setLocale(locale);
  const e = inStockholm(end).setLocale(locale);
  const day = s.toFormat('cccc d LLLL yyyy');
  const endText = e.toISODate() === s.toISODate() ? e.toFormat('HH:mm') : e.toFormat('d LLL HH:mm');
  return `${day} ${s.toFormat('HH:mm')}–${endText}`;
}

/** The Stockholm calendar date of an instant. */
export function stockholmDate(instant: Date | string): string {
  return inStockholm(instant).toISODate() ?? '';
}

/** Whether a Stockholm date is a Saturday, a Sunday or a holiday: no working day for a meeting. */
export function isNonWorkingDay(isoDate: string): boolean {
  const weekday = DateTime.fromISO(isoDate).weekday;
  return weekday >= 6 || !!holidayOn(isoDate);
}

/**
 * Moves a meeting forward by `weeks`, keeping its local (Stockholm) start time across summer-time
 * changes, and then forward day by day past weekends and holidays.
 */
export function shiftToWorkingDay(start: Date, durationMinutes: number, weeks: number): { start: Date; end: Date } {
  let local = inStockholm(start).plus({ weeks });
  while (isNonWorkingDay(local.toISODate() ?? '')) local = local.plus({ days: 1 });
  return { start: local.toUTC().toJSDate(), end: local.plus({ minutes: durationMinutes }).toUTC().toJSDate() };
}
