import { inWeek, isoWeekOf, parseIsoWeek, previousIsoWeek } from '../../../src/features/summaries/iso-week';

const TZ = 'Europe/Stockholm';

describe('ISO weeks in Europe/Stockholm', () => {
  it('reports the week that just ended when run on Monday 08:00', () => {
    const w = previousIsoWeek(new Date('2026-03-09T07:00:00Z'), TZ);
    expect(w).toMatchObject({ key: '2026-W10', year: 2026, week: 10, start: '2026-03-01T23:00:00.000Z', end: '2026-03-08T23:00:00.000Z' });
  });

  it('uses local time: Sunday 23:30 in Stockholm is still the same week, Monday 00:30 the next', () => {
    expect(isoWeekOf(new Date('2026-03-08T22:30:00Z'), TZ).key).toBe('2026-W10');
    expect(isoWeekOf(new Date('2026-03-08T23:30:00Z'), TZ).key).toBe('2026-W11');
  });

  it('handles the change to summer time and the ISO year boundary', () => {
    const dst = parseIsoWeek('2026-W13', TZ)!;
    expect(dst.start).toBe('2026-03-22T23:00:00.000Z');
    expect(dst.end).toBe('2026-03-29T22:00:00.000Z');
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), TZ).key).toBe('2026-W53');
    expect(previousIsoWeek(new Date('2026-01-05T07:00:00Z'), TZ).key).toBe('2026-W01');
  });

  it('parses only real weeks', () => {
    expect(parseIsoWeek('2026-W10', TZ)?.key).toBe('2026-W10');
    expect(parseIsoWeek('2025-W53', TZ)).toBeUndefined();
    expect(parseIsoWeek('2026-10', TZ)).toBeUndefined();
  });

  it('knows what lies inside a week', () => {
    const w = parseIsoWeek('2026-W10', TZ)!;
    expect(inWeek(w, '2026-03-01T23:00:00Z')).toBe(true);
    expect(inWeek(w, '2026-03-08T22:59:59Z')).toBe(true);
    expect(inWeek(w, '2026-03-08T23:00:00Z')).toBe(false);
  });
});
