import { DateTime } from 'luxon';

/** One ISO week (Monday to Sunday) in a time zone, with its bounds as UTC instants. */
export interface IsoWeek {
  /** `2026-W10`: part of claim keys and delivery records. */
  key: string;
  year: number;
  week: number;
  /** Monday 00:00 local time, as a UTC ISO string. */
  start: string;
  /** The next Monday 00:00 local time (exclusive), as a UTC ISO string. */
  end: string;
  timezone: string;
}

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

function fromLocal(dt: DateTime, timezone: string): IsoWeek {
  const start = dt.setZone(timezone).startOf('week');
  const end = start.plus({ weeks: 1 });
  return {
    key: `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`,
    year: start.weekYear,
    week: start.weekNumber,
    start: start.toUTC().toISO()!,
    end: end.toUTC().toISO()!,
    timezone
  };
}

/** The ISO week `now` falls in, in `timezone`. */
export function isoWeekOf(now: Date, timezone: string): IsoWeek {
  return fromLocal(DateTime.fromJSDate(now, { zone: timezone }), timezone);
}

/** The last completed ISO week before `now`: what Monday's summary reports. */
export function previousIsoWeek(now: Date, timezone: string): IsoWeek {
  return fromLocal(DateTime.fromJSDate(now, { zone: timezone }).minus({ weeks: 1 }), timezone);
}

/** Parses `2026-W10`; undefined for anything else or a week the year does not have. */
export function parseIsoWeek(key: string, timezone: string): IsoWeek | undefined {
  const m = WEEK_KEY.exec(key);
  if (!m) return undefined;
  const dt = DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: timezone });
  if (!dt.isValid || dt.weekNumber !== Number(m[2])) return undefined;
  return fromLocal(dt, timezone);
}

/** Whether an instant (UTC ISO string or Date) lies inside the week. */
export function inWeek(week: IsoWeek, instant: string | Date): boolean {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return t >= Date.parse(week.start) && t < Date.parse(week.end);
}
