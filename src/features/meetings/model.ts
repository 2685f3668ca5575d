import { z } from 'zod';
import type { Lang } from '../../i18n';
import { holidayOn } from './holidays';
import { stockholmDate, stockholmToUtc } from './time';

export const MEETING_TYPES = ['sspf', 'styrgrupp', 'natverk'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

/** How often a group meets; `none` = a one-off meeting. */
export const CADENCES = ['none', 'weekly', 'biweekly', 'fourweekly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_WEEKS: Record<Cadence, number> = { none: 0, weekly: 1, biweekly: 2, fourweekly: 4 };

export const ANSWERS = ['ja', 'kanske', 'nej'] as const;
export type AnswerValue = (typeof ANSWERS)[number];

export const DURATIONS = [30, 45, 60, 90, 120, 180, 240] as const;
export const MAX_OPTIONS = 5;
export const MIN_OPTIONS = 2;

/** One proposed time, stored in UTC. */
export interface TimeOption {
  /** `o1` … `o5`, stable within the meeting. */
  id: string;
  start: string;
  end: string;
}

/** A proposed or confirmed meeting of one group. */
export interface Meeting {
  id: string;
  groupId: string;
  docType: 'meeting';
  type: MeetingType;
  title: string;
  /** A room or address; empty when the meeting is online only. */
  place: string;
  online: boolean;
  /** The proposer's own agenda points (staff text, shown in the group's cards). */
  agendaNotes: string;
  cadence: Cadence;
  options: TimeOption[];
  status: 'open' | 'confirmed';
  /** Confirmed time (UTC) and the option it came from. */
  chosenOptionId?: string;
  start?: string;
  end?: string;
  /** The agenda built at confirmation and refreshed for the reminder. */
  agenda?: AgendaSection[];
  /** The posted poll card, so every change can update it for everyone. */
  card?: { conversationId: string; activityId: string };
  /** Meetings created by a cadence share the id of the first one. */
  seriesId: string;
  seq: number;
  /** Set once the next meeting of the cadence was proposed. */
  nextProposedId?: string;
  /** An explanation shown above the poll (a meeting proposed by the cadence). */
  intro?: string;
  createdBy: string;
  /** Staff display names, for the cards only; never logged. */
  createdByName?: string;
  confirmedByName?: string;
  createdAt: string;
  confirmedBy?: string;
  confirmedAt?: string;
  updatedAt: string;
}

/** A confirmed meeting: its time is set. */
export type ConfirmedMeeting = Meeting & { status: 'confirmed'; start: string; end: string };

/** Narrows a meeting to a confirmed one (status confirmed and its time stored). */
export function isConfirmed(meeting: Meeting): meeting is ConfirmedMeeting {
  return meeting.status === 'confirmed' && typeof meeting.start === 'string' && typeof meeting.end === 'string';
}

/** One part of an agenda: a heading and its points. */
export interface AgendaSection {
  title: string;
  items: string[];
}

/**
 * One member's answers to one meeting's options. A document per member (not an array inside the
 * meeting) so members answering at the same moment never contend for the same ETag.
 */
export interface MeetingAnswer {
  id: string;
  groupId: string;
  docType: 'answer';
  meetingId: string;
  aadObjectId: string;
  /** Display name for the tally in the card; never logged. */
  name: string;
  answers: Record<string, AnswerValue>;
  updatedAt: string;
}

export type MeetingDoc = Meeting | MeetingAnswer;

export function answerId(meetingId: string, aadObjectId: string): string {
  return `answer:${meetingId}:${aadObjectId.toLowerCase()}`;
}

/** Names per answer per option: what the poll card shows. */
export type Tally = Record<string, Record<AnswerValue, string[]>>;

/** Counts answers per option; only answers to options the meeting has count. */
export function tallyAnswers(meeting: Meeting, answers: MeetingAnswer[]): Tally {
  const tally: Tally = {};
  for (const o of meeting.options) tally[o.id] = { ja: [], kanske: [], nej: [] };
  for (const a of [...answers].sort((x, y) => x.name.localeCompare(y.name, 'sv'))) {
    for (const [optionId, value] of Object.entries(a.answers)) tally[optionId]?.[value].push(a.name);
  }
  return tally;
}

/** The card's answer button data. */
export const answerSchema = z.object({
  meetingId: z.string().min(1).max(100),
  optionId: z.string().regex(/^o[1-5]$/),
  answer: z.enum(ANSWERS)
});

/** The confirm button's data: the meeting, and the time chosen in the card's choice input. */
export const confirmDataSchema = z.object({
  meetingId: z.string().min(1).max(100),
  chosenOptionId: z.string().regex(/^o[1-5]$/)
});

/** Why a proposal form was refused, field by field. */
export type ProposalProblem =
  | { kind: 'title' }
  | { kind: 'type' }
  | { kind: 'place' }
  | { kind: 'tooFewOptions' }
  | { kind: 'invalidOption'; n: number }
  | { kind: 'nonexistentTime'; n: number }
  | { kind: 'pastOption'; n: number }
  | { kind: 'holiday'; n: number; date: string; holiday: { sv: string; en: string } }
  | { kind: 'duplicateOption'; n: number };

export interface ParsedProposal {
  type: MeetingType;
  title: string;
  place: string;
  online: boolean;
  agendaNotes: string;
  cadence: Cadence;
  options: TimeOption[];
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/**
 * Validates the proposal card's fields: 2–5 options (date, start, duration) in Stockholm time, none in
 * the past or on a holiday. Pure: given the raw card data and the current time.
 */
export function parseProposal(raw: Record<string, unknown>, now: Date): { ok: true; proposal: ParsedProposal } | { ok: false; problems: ProposalProblem[] } {
  const problems: ProposalProblem[] = [];
  const type = MEETING_TYPES.find((t) => t === raw.type);
  if (!type) problems.push({ kind: 'type' });
  const title = text(raw.title, 120);
  if (title.length < 2) problems.push({ kind: 'title' });
  const place = text(raw.place, 200);
  const online = raw.online === true || raw.online === 'true';
  if (!place && !online) problems.push({ kind: 'place' });
  const agendaNotes = text(raw.agenda, 2000);
  const cadence = CADENCES.find((c) => c === raw.cadence) ?? 'none';
  const options: TimeOption[] = [];
  const seen = new Set<string>();
  for (let n = 1; n <= MAX_OPTIONS; n++) {
    const date = text(raw[`date${n}`], 10);
    const time = text(raw[`time${n}`], 5);
    const durationRaw = text(raw[`duration${n}`], 4);
    if (!date && !time) continue;
    const duration = Number(durationRaw || 60);
    if (!date || !time || !(DURATIONS as readonly number[]).includes(duration)) {
      problems.push({ kind: 'invalidOption', n });
      continue;
    }
    const converted = stockholmToUtc(date, time);
    if (!converted.ok) {
      problems.push({ kind: converted.problem === 'nonexistent' ? 'nonexistentTime' : 'invalidOption', n });
      continue;
    }
    if (converted.utc.getTime() <= now.getTime()) {
      problems.push({ kind: 'pastOption', n });
      continue;
    }
    const holiday = holidayOn(stockholmDate(converted.utc));
    if (holiday) {
      problems.push({ kind: 'holiday', n, date, holiday: { sv: holiday.sv, en: holiday.en } });
      continue;
    }
    const start = converted.utc.toISOString();
    if (seen.has(start)) {
      problems.push({ kind: 'duplicateOption', n });
      continue;
    }
    seen.add(start);
    options.push({ id: `o${options.length + 1}`, start, end: new Date(converted.utc.getTime() + duration * 60_000).toISOString() });
  }
  if (options.length + problems.filter((p) => 'n' in p).length < MIN_OPTIONS) problems.push({ kind: 'tooFewOptions' });
  if (problems.length > 0 || !type) return { ok: false, problems };
  options.sort((a, b) => a.start.localeCompare(b.start));
  options.forEach((o, i) => (o.id = `o${i + 1}`));
  return { ok: true, proposal: { type, title, place, online, agendaNotes, cadence, options } };
}

/** The language-independent label keys of a meeting type. */
export function typeLabel(type: MeetingType, lang: Lang): string {
  const labels: Record<MeetingType, [string, string]> = {
    sspf: ['SSPF-möte', 'SSPF meeting'],
    styrgrupp: ['Styrgruppsmöte', 'Steering group meeting'],
    natverk: ['Nätverksmöte', 'Network meeting']
  };
  return labels[type][lang === 'sv' ? 0 : 1];
}

/** The proposal form's raw data: any record (each field is checked by `parseProposal`). */
export const proposalFormSchema = z.record(z.unknown());
