import Personnummer from 'personnummer';

/** The kinds of direct identifiers the guard looks for. */
export type PiiKind = 'personnummer' | 'samordningsnummer' | 'phone' | 'email';

/** One direct identifier found in a text: what it is and where (never the matched text itself). */
export interface PiiFinding {
  kind: PiiKind;
  /** Index of the first character in the text. */
  index: number;
  length: number;
}

// 6 or 8 digits, an optional separator (-, +, space) and 4 digits, not inside a longer number.
const IDENTITY_NUMBER = /(?<![\d-])(\d{6}|\d{8})([-+ ]?)(\d{4})(?![\d])/g;
// Swedish numbers written nationally: 0 + area code, then subscriber digits in groups separated by
// spaces (070-123 45 67, 0701234567, 08-123 456 78). Hyphens inside the subscriber part are not
// allowed, so dates such as 01-03-2026 are not taken for phone numbers.
const NATIONAL_PHONE = /(?<![\w+])0\d{1,3}[- ]?\d{2,4}(?: ?\d{2,4}){0,3}(?![\w-])/g;
// International: +46 70 123 45 67, 0046 70-123 45 67, +47 123 45 678.
const INTERNATIONAL_PHONE = /(?<![\w+])(?:\+|00)\d{1,3}[ -]?(?:\(0\) ?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}(?![\w])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}

function identityNumbers(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(IDENTITY_NUMBER)) {
    // The package accepts "-" and "+" (and none); a space is written as "-" for its parser.
    const candidate = `${m[1]}${m[2] === ' ' ? '-' : m[2]}${m[3]}`;
    if (!Personnummer.valid(candidate, { allowCoordinationNumber: true, allowInterimNumber: false })) continue;
    const coordination = Personnummer.parse(candidate, { allowCoordinationNumber: true, allowInterimNumber: false }).isCoordinationNumber();
    out.push({ kind: coordination ? 'samordningsnummer' : 'personnummer', index: m.index!, length: m[0].length });
  }
  return out;
}

function phoneNumbers(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(NATIONAL_PHONE)) {
    const n = digitCount(m[0]);
    if (n >= 8 && n <= 11) out.push({ kind: 'phone', index: m.index!, length: m[0].length });
  }
  for (const m of text.matchAll(INTERNATIONAL_PHONE)) {
    const n = digitCount(m[0]);
    if (n >= 8 && n <= 15) out.push({ kind: 'phone', index: m.index!, length: m[0].length });
  }
  return out;
}

function emailAddresses(text: string): PiiFinding[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: 'email' as const, index: m.index!, length: m[0].length }));
}

function overlaps(a: PiiFinding, b: PiiFinding): boolean {
  return a.index < b.index + b.length && b.index < a.index + a.length;
}

/**
 * Finds direct identifiers in free text: Swedish personal identity and coordination numbers
 * (10 or 12 digits, with or without separator, checked with the `personnummer` package), phone
 * numbers and e-mail addresses. Pure; findings are sorted by position and never overlap (an identity
 * number wins over a phone number read from the same digits). Names cannot be detected this way:
 * the guard is a net for the obvious, not a proof that a text is anonymous.
 */
export function findPersonalData(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const f of [...identityNumbers(text), ...emailAddresses(text), ...phoneNumbers(text)]) {
    if (!found.some((g) => overlaps(f, g))) found.push(f);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** True when `text` contains any direct identifier `findPersonalData` recognises. */
export function containsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}

/** The distinct kinds found, in a stable order, for a refusal message. */
export function personalDataKinds(findings: readonly PiiFinding[]): PiiKind[] {
  const order: PiiKind[] = ['personnummer', 'samordningsnummer', 'phone', 'email'];
  return order.filter((k) => findings.some((f) => f.kind === k));
}
