import { DateTime } from 'luxon';

/** A Swedish holiday on one calendar date. */
export interface Holiday {
  /** `YYYY-MM-DD` (a calendar date, no time zone). */
  date: string;
  sv: string;
  en: string;
  /**
   * `public`: an allmän helgdag under lag (1989:253) om allmänna helgdagar;
   * `eve`: julafton, midsommarafton and nyårsafton, which are not public holidays in law but are
   * non-working days under most agreements, so no one books a meeting on them.
   */
  kind: 'public' | 'eve';
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** The Saturday in the inclusive range starting at month/day (the range spans exactly seven days). */
function saturdayFrom(year: number, month: number, day: number): DateTime {
  const first = DateTime.utc(year, month, day);
  // luxon weekday: 1 = Monday … 6 = Saturday, 7 = Sunday
  return first.plus({ days: (6 - first.weekday + 7) % 7 });
}

/**
 * Every Swedish holiday of a year that makes a day unsuitable for a meeting: the named public
 * holidays (not every Sunday, though the law counts them) and the three eves. Sorted by date.
 */
export function swedishHolidays(year: number): Holiday[] {
  const d = (dt: DateTime) => dt.toISODate() ?? '';
  const fixed = (month: number, day: number) => DateTime.utc(year, month, day);
  const e = easterSunday(year);
  const easter = DateTime.utc(year, e.month, e.day);
  const midsommardagen = saturdayFrom(year, 6, 20);
  const allaHelgon = saturdayFrom(year, 10, 31);
  const list: Holiday[] = [
    { date: d(fixed(1, 1)), sv: 'nyårsdagen', en: "New Year's Day", kind: 'public' },
    { date: d(fixed(1, 6)), sv: 'trettondedag jul', en: 'Epiphany', kind: 'public' },
    { date: d(easter.minus({ days: 2 })), sv: 'långfredagen', en: 'Good Friday', kind: 'public' },
    { date: d(easter), sv: 'påskdagen', en: 'Easter Sunday', kind: 'public' },
    { date: d(easter.plus({ days: 1 })), sv: 'annandag påsk', en: 'Easter Monday', kind: 'public' },
    { date: d(fixed(5, 1)), sv: 'första maj', en: 'May Day', kind: 'public' },
    { date: d(easter.plus({ days: 39 })), sv: 'Kristi himmelsfärdsdag', en: 'Ascension Day', kind: 'public' },
    { date: d(easter.plus({ days: 49 })), sv: 'pingstdagen', en: 'Whit Sunday', kind: 'public' },
    { date: d(fixed(6, 6)), sv: 'Sveriges nationaldag', en: 'National Day of Sweden', kind: 'public' },
    { date: d(midsommardagen.minus({ days: 1 })), sv: 'midsommarafton', en: 'Midsummer Eve', kind: 'eve' },
    { date: d(midsommardagen), sv: 'midsommardagen', en: 'Midsummer Day', kind: 'public' },
    { date: d(allaHelgon), sv: 'alla helgons dag', en: "All Saints' Day", kind: 'public' },
    { date: d(fixed(12, 24)), sv: 'julafton', en: 'Christmas Eve', kind: 'eve' },
    { date: d(fixed(12, 25)), sv: 'juldagen', en: 'Christmas Day', kind: 'public' },
    { date: d(fixed(12, 26)), sv: 'annandag jul', en: 'Boxing Day', kind: 'public' },
    { date: d(fixed(12, 31)), sv: 'nyårsafton', en: "New Year's Eve", kind: 'eve' }
  ];
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday on a calendar date (`YYYY-MM-DD`), if any. */
export function holidayOn(isoDate: string): Holiday | undefined {
  const year = Number(isoDate.slice(0, 4));
  if (!Number.isInteger(year)) return undefined;
  return swedishHolidays(year).find((h) => h.date === isoDate);
}
