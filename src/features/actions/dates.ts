import { DateTime } from 'luxon';
import { daysBetween, formatCalendarDate, isCalendarDate, todayIn } from '../../calendar';
import { ACTIVE_STATUSES, type Action } from './model';
import { STOCKHOLM } from '../../time-zone';

/** Due dates are Swedish calendar dates. */
export const ZONE = STOCKHOLM;

/** Today's calendar date in Sweden, `YYYY-MM-DD`. */
export function swedishToday(now: Date): string {
  return todayIn(now, ZONE);
}

/** Due dates are calendar dates: their checks and day counts are the calendar's (src/calendar.ts). */
export { daysBetween, isCalendarDate } from '../../calendar';

/** An approved or started action whose due date has passed. */
export function isOverdue(action: Pick<Action, 'status' | 'dueDate'>, today: string): boolean {
  return ACTIVE_STATUSES.includes(action.status) && action.dueDate < today;
}

/** How many days a due date may lie ahead. */
const MAX_DAYS_AHEAD = 3 * 366;

/** Checks a proposed due date: a real date, not in the past, at most about three years ahead. */
export function checkDueDate(dueDate: string, today: string): 'ok' | 'invalid' | 'past' | 'tooFar' {
  if (!isCalendarDate(dueDate)) return 'invalid';
  const days = daysBetween(today, dueDate);
  if (days < 0) return 'past';
  return days > MAX_DAYS_AHEAD ? 'tooFar' : 'ok';
}

/** Days before the due date when the owner is reminded. */
export const REMIND_DAYS_BEFORE = 2;

/**
 * Which reminder an action gets today, if any: `soon` two days before the due date, `overdue` on every
 * day after it while the action is approved or started. Only approved or started actions are reminded.
 * Once per action and day is enforced by a claim, not here.
 */
export function reminderFor(action: Pick<Action, 'status' | 'dueDate'>, today: string): 'soon' | 'overdue' | undefined {
  if (!ACTIVE_STATUSES.includes(action.status)) return undefined;
  const days = daysBetween(today, action.dueDate);
  if (days < 0) return 'overdue';
  return days === REMIND_DAYS_BEFORE ? 'soon' : undefined;
}

/** Formats a calendar date for a card: "31 mars 2026" / "31 March 2026". */
export function formatDate(date: string, lang: 'sv' | 'en'): string {
  return formatCalendarDate(date, lang === 'sv' ? 'sv-SE' : 'en-GB', 'd MMMM yyyy');
}

/**
 * One formatter per language, made once: luxon's `setZone` looked up Stockholm's offset through `Intl`
 * on every call (4 % of an approval's CPU, for the two or three stamps on its card).
 */
const INSTANT_FORMATS = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
};

/** Formats an instant as a Swedish-time date and time for a card: "30 nov. 2026 23:10" / "30 Nov 2026 23:10". */
export function formatInstant(iso: string, lang: 'sv' | 'en'): string {
  const at = DateTime.fromISO(iso, { zone: 'utc' });
  if (!at.isValid) return at.toFormat('d MMM yyyy HH:mm');
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of INSTANT_FORMATS[lang].formatToParts(at.toMillis())) part[type] = value;
  return `${part.day} ${part.month} ${part.year} ${part.hour}:${part.minute}`;
}
