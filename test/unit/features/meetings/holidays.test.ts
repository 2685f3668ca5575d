import { easterSunday, holidayOn, swedishHolidays } from '../../../../src/features/meetings/holidays';

describe('Swedish holidays', () => {
  it('computes Easter Sunday for known years, including the earliest and latest possible dates', () => {
    const known: Record<number, string> = {
      2000: '04-23', 2008: '03-23', 2011: '04-24', 2019: '04-21', 2024: '03-31', 2025: '04-20', 2026: '04-05', 2027: '03-28', 2038: '04-25', 2285: '03-22'
    };
    for (const [year, date] of Object.entries(known)) {
      const e = easterSunday(Number(year));
      expect(`${String(e.month).padStart(2, '0')}-${String(e.day).padStart(2, '0')}`).toBe(date);
    }
  });

  it('lists the holidays of 2026 with the Easter-based, midsummer and All Saints rules', () => {
    const dates = Object.fromEntries(swedishHolidays(2026).map((h) => [h.sv, h.date]));
    expect(dates).toEqual({
      'nyårsdagen': '2026-01-01',
      'trettondedag jul': '2026-01-06',
      'långfredagen': '2026-04-03',
      'påskdagen': '2026-04-05',
      'annandag påsk': '2026-04-06',
      'första maj': '2026-05-01',
      'Kristi himmelsfärdsdag': '2026-05-14',
      'pingstdagen': '2026-05-24',
      'Sveriges nationaldag': '2026-06-06',
      'midsommarafton': '2026-06-19',
      'midsommardagen': '2026-06-20',
      'alla helgons dag': '2026-10-31',
      'julafton': '2026-12-24',
      'juldagen': '2026-12-25',
      'annandag jul': '2026-12-26',
      'nyårsafton': '2026-12-31'
    });
  });

  it('puts midsommardagen on the Saturday 20–26 June and alla helgons dag on the Saturday 31 Oct–6 Nov', () => {
    expect(holidayOn('2025-06-21')?.sv).toBe('midsommardagen');
    expect(holidayOn('2025-06-20')?.sv).toBe('midsommarafton');
    expect(holidayOn('2025-11-01')?.sv).toBe('alla helgons dag');
    expect(holidayOn('2024-11-02')?.sv).toBe('alla helgons dag');
    expect(holidayOn('2027-06-26')?.sv).toBe('midsommardagen');
    expect(holidayOn('2027-11-06')?.sv).toBe('alla helgons dag');
    for (let year = 2020; year <= 2040; year++) {
      for (const h of swedishHolidays(year).filter((x) => x.sv === 'midsommardagen' || x.sv === 'alla helgons dag')) {
        expect(new Date(`${h.date}T12:00:00Z`).getUTCDay()).toBe(6);
      }
    }
  });

  it('marks the eves as eves and finds no holiday on an ordinary working day', () => {
    expect(holidayOn('2026-12-24')).toMatchObject({ kind: 'eve', en: 'Christmas Eve' });
    expect(holidayOn('2026-12-25')).toMatchObject({ kind: 'public' });
    expect(holidayOn('2026-03-31')).toBeUndefined();
    expect(holidayOn('2026-04-07')).toBeUndefined();
    expect(holidayOn('garbage')).toBeUndefined();
  });
});
