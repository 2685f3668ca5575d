import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatSpan, isoWithOffset, isNonWorkingDay, shiftToWorkingDay, stockholmToUtc } from '../../../../src/features/meetings/time';

const utc = (date: string, time: string) => {
  const r = stockholmToUtc(date, time);
  if (!r.ok) throw new Error(r.problem);
  return r.utc.toISOString();
};

describe('Stockholm time', () => {
  it('stores winter times as UTC+1 and summer times as UTC+2 around the change on 29 March 2026', () => {
    expect(utc('2026-03-27', '14:00')).toBe('2026-03-27T13:00:00.000Z');
    expect(utc('2026-03-28', '23:30')).toBe('2026-03-28T22:30:00.000Z');
    expect(utc('2026-03-29', '03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(utc('2026-03-31', '14:00')).toBe('2026-03-31T12:00:00.000Z');
  });

  it('goes back to UTC+1 after the change on 25 October 2026', () => {
    expect(utc('2026-10-23', '14:00')).toBe('2026-10-23T12:00:00.000Z');
    expect(utc('2026-10-26', '14:00')).toBe('2026-10-26T13:00:00.000Z');
  });

  it('refuses a time skipped by the change to summer time, and malformed input', () => {
    expect(stockholmToUtc('2026-03-29', '02:30')).toEqual({ ok: false, problem: 'nonexistent' });
    expect(stockholmToUtc('2026-02-30', '10:00')).toEqual({ ok: false, problem: 'invalid' });
    expect(stockholmToUtc('2026-03-10', '25:00')).toEqual({ ok: false, problem: 'invalid' });
    expect(stockholmToUtc('10/3/2026', '10:00')).toEqual({ ok: false, problem: 'invalid' });
  });

  it('writes ISO 8601 with the offset valid at that date', () => {
    expect(isoWithOffset('2026-03-27T13:00:00.000Z')).toBe('2026-03-27T14:00:00+01:00');
    expect(isoWithOffset('2026-03-31T12:00:00.000Z')).toBe('2026-03-31T14:00:00+02:00');
    expect(isoWithOffset('2026-10-26T13:00:00.000Z')).toBe('2026-10-26T14:00:00+01:00');
  });

  it('shows meetings in Swedish or English, in local time', () => {
    expect(formatSpan('2026-03-31T12:00:00.000Z', '2026-03-31T13:30:00.000Z', 'sv')).toBe('tisdag 31 mars 2026 14:00–15:30');
    expect(formatSpan('2026-03-31T12:00:00.000Z', '2026-03-31T13:30:00.000Z', 'en')).toBe('Tuesday 31 March 2026 14:00–15:30');
  });

  it('shows every span as formatted afresh, whichever spans were shown before (remembered spans never mix up)', () => {
    // The reference: the span formatted with luxon here, not through the code under test.
    const expected = (s: Date, e: Date, lang: 'sv' | 'en') => {
      const [a, b] = [s, e].map((d) => DateTime.fromJSDate(d, { zone: 'Europe/Stockholm' }).setLocale(lang === 'sv' ? 'sv-SE' : 'en-GB'));
      return `${a.toFormat('cccc d LLLL yyyy')} ${a.toFormat('HH:mm')}–${b.toISODate() === a.toISODate() ? b.toFormat('HH:mm') : b.toFormat('d LLL HH:mm')}`;
    };
    const minute = fc.integer({ min: 29_000_000, max: 30_000_000 }).map((m) => new Date(m * 60_000));
    const span = fc.tuple(minute, fc.integer({ min: 15, max: 3000 }), fc.constantFrom('sv' as const, 'en' as const), fc.boolean());
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 10 }), (spans) => {
        for (const [start, minutes, lang, asText] of [...spans, ...spans]) {
          const end = new Date(start.getTime() + minutes * 60_000);
          const shown = asText ? formatSpan(start.toISOString(), end.toISOString(), lang) : formatSpan(start, end, lang);
          expect(shown).toBe(expected(start, end, lang));
        }
      }),
      { numRuns: 200 }
    );
  });

  it('moves a recurring meeting keeping its local time across the change, and past holidays and weekends', () => {
    // Tuesday 24 March 14:00 (UTC+1), every second week → Tuesday 7 April 14:00 (UTC+2).
    const biweekly = shiftToWorkingDay(new Date('2026-03-24T13:00:00Z'), 60, 2);
    expect(biweekly.start.toISOString()).toBe('2026-04-07T12:00:00.000Z');
    expect(biweekly.end.toISOString()).toBe('2026-04-07T13:00:00.000Z');
    // Monday 30 March, weekly → Monday 6 April is annandag påsk → Tuesday 7 April.
    expect(shiftToWorkingDay(new Date('2026-03-30T08:00:00Z'), 60, 1).start.toISOString()).toBe('2026-04-07T08:00:00.000Z');
    // Thursday 18 June, weekly → 25 June is fine; Friday 12 June → 19 June midsommarafton → Monday 22 June.
    expect(shiftToWorkingDay(new Date('2026-06-12T08:00:00Z'), 60, 1).start.toISOString()).toBe('2026-06-22T08:00:00.000Z');
    expect(isNonWorkingDay('2026-04-04')).toBe(true);
    expect(isNonWorkingDay('2026-04-08')).toBe(false);
  });
});
