import { parseLogArgs } from '../../../src/features/groups/group-log';
import { matchByName } from '../../../src/features/groups/links';
import type { Group } from '../../../src/features/groups/model';

describe('parseLogArgs (grupplogg)', () => {
  it('reads export, a period and a group name', () => {
    expect(parseLogArgs('')).toEqual({ exportPeriod: false, from: undefined, to: undefined, name: '', badPeriod: false });
    expect(parseLogArgs('SSPF Ytterby')).toMatchObject({ exportPeriod: false, name: 'SSPF Ytterby', badPeriod: false });
    expect(parseLogArgs('export 2026-01-01 2026-03-31 Ytterby')).toEqual({ exportPeriod: true, from: '2026-01-01', to: '2026-03-31', name: 'Ytterby', badPeriod: false });
    expect(parseLogArgs('Export')).toMatchObject({ exportPeriod: true, badPeriod: false });
  });

  it('refuses half a period, impossible dates, a reversed period and dates without export', () => {
    expect(parseLogArgs('export 2026-01-01').badPeriod).toBe(true);
    expect(parseLogArgs('export 2026-13-01 2026-12-31').badPeriod).toBe(true);
    expect(parseLogArgs('export 2026-02-30 2026-03-01').badPeriod).toBe(true);
    expect(parseLogArgs('export 2026-03-01 2026-02-01').badPeriod).toBe(true);
    expect(parseLogArgs('export 20260101 2026-02-01').badPeriod).toBe(true);
    expect(parseLogArgs('2026-01-01 2026-02-01').badPeriod).toBe(true);
    expect(parseLogArgs('export 2026-03-01 2026-03-01').badPeriod).toBe(false);
  });
});

describe('matchByName (koppla)', () => {
  const g = (name: string) => ({ id: name, name }) as Group;
  const groups = [g('Trygg i Kungälv'), g('Styrgrupp Kungälv'), g('Trygg i Ronneby')];
  it('an exact name (any case, any diacritics) wins; a unique part matches; nothing guessed', () => {
    expect(matchByName(groups, 'trygg i kungalv').map((x) => x.id)).toEqual(['Trygg i Kungälv']);
    expect(matchByName(groups, 'ronneby').map((x) => x.id)).toEqual(['Trygg i Ronneby']);
    expect(matchByName(groups, 'kungälv').map((x) => x.id)).toEqual(['Trygg i Kungälv', 'Styrgrupp Kungälv']);
    expect(matchByName(groups, '   ')).toEqual([]);
    expect(matchByName(groups, 'Malmö')).toEqual([]);
  });
});
