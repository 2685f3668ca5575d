import { containsPersonalData, findPersonalData } from '../../src/privacy/pii-guard';

/* The edges of each pattern: what is just inside and just outside, so that a looser or stricter rule shows. */

const kinds = (text: string) => findPersonalData(text).map((f) => f.kind);

describe('identity numbers: only whole numbers', () => {
  it.each([
    ['5121212-1212', 'a digit before'],
    ['x-121212-1212', 'a hyphen before (part of a longer code)'],
    ['121212-12121', 'a fifth digit after'],
    ['1212121212121', 'thirteen digits'],
    ['121212--1212', 'two separators'],
    ['121212/1212', 'a separator that is not -, + or space']
  ])('leaves %j alone (%s)', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('finds one just after a letter or a parenthesis, and reports exactly its span', () => {
    expect(findPersonalData('(121212-1212)')).toEqual([{ kind: 'personnummer', index: 1, length: 11 }]);
    expect(findPersonalData('nr:201212121212')).toEqual([{ kind: 'personnummer', index: 3, length: 12 }]);
  });
});

describe('phone numbers: 8 to 11 digits nationally, 8 to 15 internationally', () => {
  it('counts the digits of a national number', () => {
    expect(kinds('ring 012 34 56')).toEqual([]); // 7 digits
    expect(kinds('ring 012 34 567')).toEqual(['phone']); // 8
    expect(kinds('ring 0123 456 78 90')).toEqual(['phone']); // 11
    expect(kinds('ring 0123 456 78 901')).toEqual([]); // 12
  });

  it('counts the digits of an international number', () => {
    expect(kinds('ring +46 12 345')).toEqual([]); // 7 digits
    expect(kinds('ring +46 12 34 56')).toEqual(['phone']); // 8
    expect(kinds('ring +467012345678901')).toEqual(['phone']); // 15
    expect(kinds('ring +4670123456789012')).toEqual([]); // 16
  });

  it('reads +46 (0)70 … and 0046 70-123 45 67 as one number each, with their span', () => {
    expect(findPersonalData('tel +46 (0)70 123 45 67.')).toEqual([{ kind: 'phone', index: 4, length: 19 }]);
    expect(findPersonalData('tel 0046 70-123 45 67')).toEqual([{ kind: 'phone', index: 4, length: 17 }]);
  });

  it('does not take a number glued to a word or a plus sign', () => {
    expect(kinds('kod A0701234567')).toEqual([]);
    expect(kinds('kod 0701234567B')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it('needs a top-level domain of at least two letters', () => {
    expect(kinds('a@b.c')).toEqual([]);
    expect(kinds('a@b.se')).toEqual(['email']);
    expect(kinds('a@b.info')).toEqual(['email']);
  });

  it('reports the whole address, sub-domains and local-part symbols included', () => {
    expect(findPersonalData('till kalle.k+sspf@skola.kungalv.se idag')).toEqual([{ kind: 'email', index: 5, length: 29 }]);
    expect(findPersonalData('x_y%z-1@a-b.se')).toEqual([{ kind: 'email', index: 0, length: 14 }]);
  });
});

describe('several findings', () => {
  it('keeps each of two numbers next to each other and sorts by position', () => {
    expect(findPersonalData('0701234567 och 121212-1212 och 0702345678')).toEqual([
      { kind: 'phone', index: 0, length: 10 },
      { kind: 'personnummer', index: 15, length: 11 },
      { kind: 'phone', index: 31, length: 10 }
    ]);
  });

  it('an address glued to an identity number: both are found, each with its own span', () => {
    expect(findPersonalData('a@b.se121212-1212')).toEqual([
      { kind: 'email', index: 0, length: 6 },
      { kind: 'personnummer', index: 6, length: 11 }
    ]);
    expect(containsPersonalData('a@b.se121212-1212')).toBe(true);
    expect(containsPersonalData('ring 0701234567')).toBe(true);
  });

  it('an identity number is not also reported as a phone number', () => {
    expect(findPersonalData('0212121214')).toEqual([{ kind: 'personnummer', index: 0, length: 10 }]);
  });
});
