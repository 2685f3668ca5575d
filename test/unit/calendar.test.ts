import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, dateOfInstant, daysBetween, formatCalendarDate, isCalendarDate, isoWeekOf, isoWeeksOf, monthsOf, plusPeriod, todayIn } from '../../src/calendar';
import { STOCKHOLM } from '../../src/time-zone';

/** Stockholm time, as the calendar functions computed before they moved to UTC: the reference. */
const sthlm = (date: string) => DateTime.fromISO(date, { zone: STOCKHOLM });

/** Calendar dates from 2020 to 2031, so every DST change of those years (last Sunday of March and October) is met. */
const day = fc.integer({ min: 0, max: 12 * 366 }).map((n) => DateTime.fromISO('2020-01-01', { zone: 'utc' }).plus({ days: n }).toISODate()!);

describe('calendar dates (src/calendar.ts): the same answers as Stockholm time, across its DST changes', () => {
  it('counts days between two dates as Stockholm time does (a 23- or 25-hour day is one day)', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(daysBetween(a, b)).toBe(Math.round(sthlm(b).diff(sthlm(a), 'days').days));
      }),
      { numRuns: 500 }
    );
    // The spring-forward and fall-back days of 2026.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    // Leap days, and across a year end.
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
    expect(daysBetween('0050-01-01', '0051-01-01')).toBe(Math.round(sthlm('0051-01-01').diff(sthlm('0050-01-01'), 'days').days));
  });

  it('gives NaN, never a rolled-over count, when either side is no calendar date (as luxon did)', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-00-10', '2027-02-29', '2026-3-1', '', 'idag']) {
      expect(daysBetween(bad, '2026-03-10')).toBeNaN();
      expect(daysBetween('2026-03-10', bad)).toBeNaN();
      expect(Math.round(sthlm('2026-03-10').diff(sthlm(bad), 'days').days)).toBeNaN();
    }
  });

  it('moves a date by days, and gives its ISO week, as Stockholm time does', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(addDays(d, n)).toBe(sthlm(d).plus({ days: n }).toISODate());
        const s = sthlm(d);
        expect(isoWeekOf(d)).toEqual({ key: `${s.weekYear}-W${String(s.weekNumber).padStart(2, '0')}`, week: s.weekNumber });
      }),
      { numRuns: 500 }
    );
    // ISO week-years: 2026-12-31 is in week 53 of 2026; 2027-01-04 starts week 1 of 2027.
    expect(isoWeekOf('2027-01-03')).toEqual({ key: '2026-W53', week: 53 });
    expect(isoWeekOf('2027-01-04')).toEqual({ key: '2027-W01', week: 1 });
  });

  it('lists the weeks and months a period touches, oldest first, the same on every call', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 200 }), (from, length) => {
        const to = addDays(from, length);
        const weeks: string[] = [];
        for (let d = sthlm(from).startOf('week'); d <= sthlm(to); d = d.plus({ weeks: 1 })) weeks.push(`${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`);
        expect(isoWeeksOf(from, to).map((w) => w.key)).toEqual(weeks.slice(0, 60));
        expect(isoWeeksOf(from, to).map((w) => w.key)).toEqual(weeks.slice(0, 60));
        const months: string[] = [];
        for (let d = sthlm(from).startOf('month'); d.toFormat('yyyy-MM') <= to.slice(0, 7); d = d.plus({ months: 1 })) months.push(d.toFormat('yyyy-MM'));
        expect(monthsOf(from, to)).toEqual(months);
      }),
      { numRuns: 300 }
    );
  });

  it('formats a date in Swedish and English as Stockholm time does, again and again', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('sv-SE', 'en-GB'), fc.constantFrom('d MMMM yyyy', 'd MMM', 'd LLLL', 'EEEE d MMMM'), (d, locale, format) => {
        const expected = sthlm(d).setLocale(locale).toFormat(format);
        expect(formatCalendarDate(d, locale, format)).toBe(expected);
        expect(formatCalendarDate(d, locale, format)).toBe(expected);
      }),
      { numRuns: 300 }
    );
    expect(formatCalendarDate('2026-03-31', 'sv-SE', 'd MMMM yyyy')).toBe('31 mars 2026');
  });

  it('tells real calendar dates from others', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-01T00:00', '', '20260101']) expect(isCalendarDate(bad)).toBe(false);
  });

  it("gives today as Stockholm's clock does, to the second around its midnights and DST changes", () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2031-12-31T00:00:00Z') });
    fc.assert(
      fc.property(instant, (ms) => {
        expect(todayIn(new Date(ms))).toBe(DateTime.fromMillis(ms, { zone: STOCKHOLM }).toISODate());
      }),
      { numRuns: 1000 }
    );
    for (const [at, day] of [
      ['2026-03-28T22:59:59.999Z', '2026-03-28'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29'],
      ['2026-10-24T21:59:59.999Z', '2026-10-24'],
      ['2026-10-24T22:00:00.000Z', '2026-10-25']
    ]) expect(todayIn(new Date(at))).toBe(day);
  });

  it('moves dates by days, weeks and months as luxon does, clamping to the end of a month', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('days' as const, 'weeks' as const, 'months' as const), fc.integer({ min: -24, max: 24 }), (d, unit, n) => {
        expect(plusPeriod(d, unit, n)).toBe(sthlm(d).plus({ [unit]: n }).toISODate());
      }),
      { numRuns: 500 }
    );
    expect(plusPeriod('2026-03-31', 'months', -1)).toBe('2026-02-28');
    expect(plusPeriod('2028-03-31', 'months', -1)).toBe('2028-02-29');
  });

  it("takes today from Stockholm's clock: just after midnight there is already tomorrow in UTC terms", () => {
    // 2026-06-30 22:30 UTC is 00:30 on 1 July in Stockholm (summer time, UTC+2).
    expect(todayIn(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    // 2026-12-31 22:59 UTC is 23:59 on 31 December (winter time, UTC+1).
    expect(todayIn(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});

describe('the calendar date of an instant (dateOfInstant)', () => {
  // Instants from 2020 to 2031 by the millisecond, around every DST change included.
  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2031, 11, 31) }).map((ms) => new Date(ms).toISOString());

  it('is the Stockholm date luxon gives, asked in any order and again', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(instant, day), { minLength: 1, maxLength: 20 }), (texts) => {
        for (const text of [...texts, ...texts.reverse()]) expect(dateOfInstant(text)).toBe(sthlm(text).toISODate());
      }),
      { numRuns: 300 }
    );
  });

  it('is the date in the zone asked for, not the one asked before', () => {
    const endOfMay = '2027-05-31T22:30:00.000Z';
    expect(dateOfInstant(endOfMay)).toBe('2027-06-01');
    expect(dateOfInstant(endOfMay, 'UTC')).toBe('2027-05-31');
    expect(dateOfInstant(endOfMay)).toBe('2027-06-01');
  });

  it('returns a text that is no instant as it is', () => {
    expect(dateOfInstant('')).toBe('');
    expect(dateOfInstant('inte ett datum')).toBe('inte ett datum');
  });
});
