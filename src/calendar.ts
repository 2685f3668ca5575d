import { DateTime } from 'luxon';
import { STOCKHOLM } from './time-zone';

/**
 * Calendar dates, `yyyy-MM-dd`: a day with no time of day and no time zone (a due date, the day an
 * update was observed, a period's first and last day). Their arithmetic runs in UTC, where every day is
 * 24 hours long: it gives the same dates, weeks and day counts as Stockholm time, without luxon looking
 * up the zone's offset through `Intl` on every step. Those look-ups were most of the CPU a turn spent
 * listing dates (the `insatser` card: 45 % of its CPU in luxon; docs/benchmarks.md, "Profiles").
 * Only "today" depends on a zone: `todayIn`.
 */
const CALENDAR = { zone: 'utc' } as const;

/** The calendar date `date` as a luxon DateTime at its midnight in UTC (invalid when it is no date). */
export function calendarDay(date: string): DateTime {
  return DateTime.fromISO(date, CALENDAR);
}

/** Today's calendar date in `zone` (default Stockholm): the one calendar function that needs a zone. */
export function todayIn(now: Date, zone = STOCKHOLM): string {
  // Remembered per minute: a zone's offset is whole minutes, so the date cannot change within one.
  return todayByMinute(`${zone}\u0000${Math.floor(now.getTime() / 60_000)}`);
}

const datesOfInstants = remembered((key) => {
  const [zone, text] = key.split('\u0000');
  return DateTime.fromISO(text, { zone }).toISODate() ?? text;
});

/**
 * The calendar date in `zone` (default Stockholm) of an ISO instant such as a consent's end
 * (`2027-05-31T21:59:59.999Z` is 31 May 2027); a date alone is itself; a text that is neither is
 * returned as it is.
 */
export function dateOfInstant(text: string, zone = STOCKHOLM): string {
  return datesOfInstants(`${zone}\u0000${text}`);
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: string, days: number): string {
  return plusPeriod(date, 'days', days);
}

/** `date` moved by `count` days, weeks or months (negative: earlier; "31 March minus 1 month" is 28 or 29 February). */
export function plusPeriod(date: string, unit: 'days' | 'weeks' | 'months', count: number): string {
  return shifted(`${date}\u0000${unit}\u0000${count}`);
}

/** Whole days from `from` to `to`; negative when `to` is earlier; NaN when either is no calendar date. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of the calendar date `date`, or NaN when it is none ("2026-02-30"). Plain integer
 * arithmetic on `Date.UTC`: every list card counts overdue days for each line, and through luxon that was
 * a fifth of an `insatser` turn's CPU in a group with 500 actions.
 */
function epochDay(date: string): number {
  const m = YMD.exec(date);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = new Date(0);
  at.setUTCFullYear(y, mo, d); // unlike Date.UTC, keeps years 0–99 as written
  // A day or month out of range rolls over ("30 February" is 2 March): such input is no date.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo || at.getUTCDate() !== d) return NaN;
  return at.getTime() / DAY_MS;
}

/** Whether `text` is a real calendar date written `yyyy-MM-dd`. */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && calendarDay(text).isValid;
}

/**
 * What a pure calendar function computed, by its arguments: a turn meets the same few dates and periods
 * as the turns before it. At most 5 000 answers per function, then forgotten all at once.
 */
function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= 5_000) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}

export interface IsoWeek {
  /** `2026-W09` */
  key: string;
  week: number;
}

const weekOfDay = remembered((date): Readonly<IsoWeek> => {
  const d = calendarDay(date);
  return Object.freeze({ key: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`, week: d.weekNumber });
});

/** The ISO week of a calendar date. */
export function isoWeekOf(date: string): Readonly<IsoWeek> {
  return weekOfDay(date);
}

/** At most this many weeks from `isoWeeksOf`. */
const MAX_WEEKS = 60;

const weeksOfRange = remembered((range): readonly IsoWeek[] => {
  const [from, to] = range.split('/');
  const weeks: IsoWeek[] = [];
  const last = calendarDay(to);
  for (let d = calendarDay(from).startOf('week'); d <= last && weeks.length < MAX_WEEKS; d = d.plus({ weeks: 1 })) {
    weeks.push(weekOfDay(d.toISODate()!));
  }
  return Object.freeze(weeks);
});

/** The ISO weeks the days `from`–`to` touch, oldest first (at most 60). */
export function isoWeeksOf(from: string, to: string): readonly IsoWeek[] {
  return weeksOfRange(`${from}/${to}`);
}

const monthsOfRange = remembered((range): readonly string[] => {
  const [from, to] = range.split('/');
  const months: string[] = [];
  const last = to.slice(0, 7);
  for (let d = calendarDay(`${from.slice(0, 7)}-01`); months.length < 400; d = d.plus({ months: 1 })) {
    const month = d.toFormat('yyyy-MM');
    if (month > last) break;
    months.push(month);
  }
  return Object.freeze(months);
});

/** The months (`yyyy-MM`) the days `from`–`to` touch, oldest first (at most 400). */
export function monthsOf(from: string, to: string): readonly string[] {
  return monthsOfRange(`${from}/${to}`);
}

const todayByMinute = remembered((key) => {
  const [zone, minute] = key.split('\u0000');
  return DateTime.fromMillis(Number(minute) * 60_000, { zone }).toISODate()!;
});

const shifted = remembered((key) => {
  const [date, unit, count] = key.split('\u0000');
  return calendarDay(date).plus({ [unit]: Number(count) }).toISODate()!;
});

const formatted = remembered((key) => {
  const [locale, format, date] = key.split('\u0000');
  return calendarDay(date).setLocale(locale).toFormat(format);
});

/** A calendar date in a luxon `format` for `locale` ("d MMMM yyyy" in sv-SE: "31 mars 2026"). */
export function formatCalendarDate(date: string, locale: string, format: string): string {
  return formatted(`${locale}\u0000${format}\u0000${date}`);
}
