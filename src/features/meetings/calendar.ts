import { createHmac, timingSafeEqual } from 'node:crypto';
import ical from 'ical-generator';
import type { Lang } from '../../i18n';
import { typeLabel, type AgendaSection, type ConfirmedMeeting, type Meeting } from './model';
import { isoWithOffset } from './time';

/** How long after a meeting ends its calendar link keeps working. */
export const ICS_TOKEN_GRACE_MS = 30 * 24 * 3600 * 1000;

/** The text of an agenda for calendar bodies: headings with bullet points. */
export function agendaText(agenda: AgendaSection[] | undefined): string {
  return (agenda ?? [])
    .filter((s) => s.items.length > 0)
    .map((s) => `${s.title}\n${s.items.map((i) => `- ${i}`).join('\n')}`)
    .join('\n\n');
}

/** Where and how the meeting happens, for calendar and card texts. */
export function locationText(meeting: Pick<Meeting, 'place' | 'online'>, lang: Lang): string {
  const online = lang === 'sv' ? 'Teams-möte' : 'Teams meeting';
  if (meeting.place && meeting.online) return `${meeting.place} / ${online}`;
  return meeting.place || online;
}

/**
 * Teams' deep link to a prefilled new-meeting dialog. Times in ISO 8601 with the Stockholm offset,
 * attendees as comma-separated UPNs, every value URL-encoded. Whoever opens it becomes the organiser.
 */
export function teamsMeetingLink(input: { subject: string; start: string; end: string; content: string; attendees: string[] }): string {
  const params: Array<[string, string]> = [
    ['subject', input.subject],
    ['startTime', isoWithOffset(input.start)],
    ['endTime', isoWithOffset(input.end)],
    ['content', input.content],
    ['attendees', input.attendees.join(',')]
  ];
  return `https://teams.microsoft.com/l/meeting/new?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** An iCalendar file with one event in UTC times (every calendar converts them to local time). */
export function meetingIcs(meeting: Meeting, lang: Lang, now: Date): string {
  if (!meeting.start || !meeting.end) throw new Error('meeting is not confirmed');
  const cal = ical({ name: meeting.title, prodId: { company: 'trygg', product: 'trygg', language: lang.toUpperCase() } });
  cal.createEvent({
    id: `${meeting.id}@trygg`,
    start: new Date(meeting.start),
    end: new Date(meeting.end),
    stamp: now,
    summary: `${typeLabel(meeting.type, lang)}: ${meeting.title}`,
    location: locationText(meeting, lang),
    description: agendaText(meeting.agenda)
  });
  return cal.toString();
}

/** What an .ics link grants: one meeting of one group, until `exp` (epoch seconds). */
export interface IcsGrant {
  groupId: string;
  meetingId: string;
  exp: number;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`trygg-ics|${payload}`).digest('base64url');
}

/** A signed, expiring token for one meeting's .ics link: `<base64url payload>.<HMAC-SHA256>`. */
export function signIcsToken(secret: string, grant: IcsGrant): string {
  const payload = Buffer.from(JSON.stringify({ g: grant.groupId, m: grant.meetingId, e: grant.exp })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/**
 * Checks a token for `meetingId`: a valid signature (compared in constant time), the same meeting, not
 * expired. Returns the grant, or why it was refused.
 */
export function verifyIcsToken(secret: string, token: string, meetingId: string, now: Date): { ok: true; grant: IcsGrant } | { ok: false; reason: 'malformed' | 'signature' | 'meeting' | 'expired' } {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 2000) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  let parsed: { g?: unknown; m?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed.g !== 'string' || typeof parsed.m !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'malformed' };
  if (parsed.m !== meetingId) return { ok: false, reason: 'meeting' };
  if (parsed.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { groupId: parsed.g, meetingId: parsed.m, exp: parsed.e } };
}

/** The public .ics URL of a confirmed meeting, valid until 30 days after it ends. */
export function icsUrl(baseUrl: string, secret: string, meeting: Pick<ConfirmedMeeting, 'id' | 'groupId' | 'end'>): string {
  const exp = Math.floor((Date.parse(meeting.end) + ICS_TOKEN_GRACE_MS) / 1000);
  const token = signIcsToken(secret, { groupId: meeting.groupId, meetingId: meeting.id, exp });
  return `${baseUrl.replace(/\/+$/, '')}/api/meetings/${encodeURIComponent(meeting.id)}/ics?token=${token}`;
}
