import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatInstant } from '../../../src/features/actions/dates';

/** What the action card showed before: luxon's own formatting in Stockholm time. */
const byLuxon = (iso: string, lang: 'sv' | 'en') =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/Stockholm').setLocale(lang === 'sv' ? 'sv-SE' : 'en-GB').toFormat('d MMM yyyy HH:mm');

describe('the stamps on an action card (formatInstant)', () => {
  it('reads as luxon formats them in Stockholm time, in either language, summer time and its changes included', () => {
    // 2025-01-01 to 2029-12-31, by the second: every day of five years and the nights the clocks change.
    const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2029, 11, 31) }).map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString());
    fc.assert(
      fc.property(instant, fc.constantFrom('sv' as const, 'en' as const), (iso, lang) => {
        expect(formatInstant(iso, lang)).toBe(byLuxon(iso, lang));
      }),
      { numRuns: 2000 }
    );
  });

  it('shows the hour the clocks skip and repeat as Stockholm has it', () => {
    expect(formatInstant('2026-03-29T00:59:00.000Z', 'sv')).toBe('29 mars 2026 01:59');
    expect(formatInstant('2026-03-29T01:00:00.000Z', 'sv')).toBe('29 mars 2026 03:00');
    expect(formatInstant('2026-10-25T00:30:00.000Z', 'en')).toBe('25 Oct 2026 02:30');
    expect(formatInstant('2026-10-25T01:30:00.000Z', 'en')).toBe('25 Oct 2026 02:30');
    expect(formatInstant('2026-11-30T23:10:00.000Z', 'sv')).toBe('1 dec. 2026 00:10');
  });

  it('gives what it gave before for a text that is no instant', () => {
    expect(formatInstant('inte ett datum', 'sv')).toBe(byLuxon('inte ett datum', 'sv'));
  });
});
