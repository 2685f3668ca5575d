import fc from 'fast-check';
import { containsPersonalData, findPersonalData, personalDataKinds } from '../../src/privacy/pii-guard';

/** Appends the Luhn check digit to the 9 digits YYMMDDNNN, as the Tax Agency does. */
function withCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return nine + ((10 - (sum % 10)) % 10);
}

describe('findPersonalData', () => {
  it.each([
    ['Pojken med nr 19121212-1212 syns ofta', 'personnummer'],
    ['121212-1212 syns ofta', 'personnummer'],
    ['201212121212', 'personnummer'],
    ['id 1212121212.', 'personnummer'],
    ['121212+1212 (över 100 år)', 'personnummer'],
    ['121212 1212', 'personnummer'],
    ['samordningsnummer 701063-2391', 'samordningsnummer'],
    ['ring 070-123 45 67 efter 18', 'phone'],
    ['ring 0701234567', 'phone'],
    ['08-123 456 78', 'phone'],
    ['031-12 34 56', 'phone'],
    ['+46 70 123 45 67', 'phone'],
    ['0046701234567', 'phone'],
    ['mejla kalle.k@skola.kungalv.se', 'email']
  ])('finds %j as %s', (text, kind) => {
    const found = findPersonalData(text);
    expect(found.map((f) => f.kind)).toEqual([kind]);
  });

  it.each([
    'Ökad narkotikaförsäljning vid centrum, 2026-03-10 kl 18',
    'Datum 01-03-2026, cirka 15 ungdomar',
    'Ärende K-2026-014 följs upp',
    '121212-1213 har fel kontrollsiffra',
    'Skadegörelse på 3 platser, 120 000 kr i skador',
    'Ungdomsgård Kallinge, fredag 20-23'
  ])('leaves %j alone', (text) => {
    expect(findPersonalData(text)).toEqual([]);
    expect(containsPersonalData(text)).toBe(false);
  });

  it('reports positions and several kinds in order, without the matched text', () => {
    const text = 'a@b.se och 19121212-1212';
    const found = findPersonalData(text);
    expect(found).toEqual([
      { kind: 'email', index: 0, length: 6 },
      { kind: 'personnummer', index: 11, length: 13 }
    ]);
    expect(personalDataKinds(found)).toEqual(['personnummer', 'email']);
  });

  it('finds every valid personal identity number in all four formats', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('-', '', ' '),
        fc.boolean(),
        (date, serial, sep, long) => {
          const yyyy = String(date.getUTCFullYear());
          const mmdd = String(date.getUTCMonth() + 1).padStart(2, '0') + String(date.getUTCDate()).padStart(2, '0');
          const ten = withCheckDigit(yyyy.slice(2) + mmdd + String(serial).padStart(3, '0'));
          const pnr = `${long ? yyyy.slice(0, 2) : ''}${ten.slice(0, 6)}${sep}${ten.slice(6)}`;
          const found = findPersonalData(`Sågs med ${pnr} i går`);
          return found.length === 1 && found[0].kind === 'personnummer';
        }
      )
    );
  });
});
