import { addDays, plusPeriod, todayIn } from '../../calendar';
import type { DayRange } from '../updates/picture';
import { STOCKHOLM } from '../../time-zone';

export const ZONE = STOCKHOLM;

/** How far back a question looks: a number of days, weeks or months ending today. */
export interface PeriodSpec {
  unit: 'days' | 'weeks' | 'months';
  count: number;
}

/** Thirty days, when the question does not say. */
export const DEFAULT_PERIOD: PeriodSpec = { unit: 'days', count: 30 };

const MAX_DAYS = 366;

const UNIT_WORDS: Array<[RegExp, PeriodSpec['unit']]> = [
  [/^(dagar|dagarna|dag|dygn|d|days|day)$/, 'days'],
  [/^(veckor|veckorna|vecka|veckan|v|weeks|week|w)$/, 'weeks'],
  [/^(manader|manaderna|manad|manaden|months|month)$/, 'months']
];

function unitOf(word: string): PeriodSpec['unit'] | undefined {
  return UNIT_WORDS.find(([re]) => re.test(word))?.[1];
}

const NUMBER_WORDS: Record<string, number> = {
  en: 1, ett: 1, one: 1, a: 1, tva: 2, two: 2, tre: 3, three: 3, fyra: 4, four: 4, sex: 6, six: 6, tolv: 12, twelve: 12
};

/**
 * Finds a period in normalised text ("30 dagar", "senaste veckan", "last 30 days", "2 veckor", "past month")
 * and returns it with the text that is left. Pure; expects `normalizeText` output.
 */
export function parsePeriod(normalized: string): { period?: PeriodSpec; rest: string } {
  const words = normalized.split(' ').filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const n = /^\d{1,3}$/.test(words[i]) ? Number(words[i]) : NUMBER_WORDS[words[i]];
    const unit = n !== undefined && i + 1 < words.length ? unitOf(words[i + 1]) : undefined;
    if (n !== undefined && unit && n > 0) {
      let start = i;
      if (start > 0 && /^(senaste|sista|last|past|the)$/.test(words[start - 1])) start--;
      if (start > 0 && /^(de|the|under|over|for|i|in)$/.test(words[start - 1])) start--;
      const rest = [...words.slice(0, start), ...words.slice(i + 2)].join(' ');
      return { period: clamp({ unit, count: n }), rest };
    }
    const bare = unitOf(words[i]);
    const before = words[i - 1];
    if (bare && i > 0 && /^(senaste|sista|forra|last|past|this|denna|den|har)$/.test(before) && words[i].length > 2) {
      let start = i - 1;
      if (start > 0 && /^(the|under|over|for|i|in|den)$/.test(words[start - 1])) start--;
      const rest = [...words.slice(0, start), ...words.slice(i + 1)].join(' ');
      return { period: { unit: bare, count: 1 }, rest };
    }
  }
  return { rest: words.join(' ') };
}

function clamp(p: PeriodSpec): PeriodSpec {
  const days = p.unit === 'days' ? p.count : p.unit === 'weeks' ? p.count * 7 : p.count * 31;
  if (days <= MAX_DAYS) return p;
  return { unit: 'days', count: MAX_DAYS };
}

/**
 * The period ending today (Stockholm) and the equally long period before it, as inclusive day ranges.
 * "30 dagar" is today and the 29 days before; "1 månad" runs from the same day last month plus one.
 */
export function periodRanges(now: Date, spec: PeriodSpec): { current: DayRange; previous: DayRange } {
  // Today is Stockholm's; the rest is calendar arithmetic (src/calendar.ts).
  const today = todayIn(now, ZONE);
  const from = addDays(plusPeriod(today, spec.unit, -spec.count), 1);
  return {
    current: { from, to: today },
    previous: { from: plusPeriod(from, spec.unit, -spec.count), to: addDays(from, -1) }
  };
}

/** Today's date in Stockholm, `yyyy-MM-dd`. */
export function stockholmToday(now: Date): string {
  return todayIn(now, ZONE);
}
