import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { meetingTexts } from '../../i18n/meetings';
import { locationText } from './calendar';
import { CADENCES, DURATIONS, MAX_OPTIONS, MEETING_TYPES, MIN_OPTIONS, typeLabel, type AnswerValue, type Cadence, type ConfirmedMeeting, type Meeting, type ProposalProblem, type Tally } from './model';
import { formatSpan } from './time';

/** Card verbs of this feature, shared by the card models and the handlers. */
export const MEETING_VERBS = {
  propose: 'meetings.propose',
  answer: 'meetings.answer',
  confirm: 'meetings.confirm'
} as const;

export function cadenceLabel(cadence: Cadence, lang: Lang): string {
  const t = meetingTexts(lang);
  return { none: t.cadenceNone, weekly: t.cadenceWeekly, biweekly: t.cadenceBiweekly, fourweekly: t.cadenceFourweekly }[cadence];
}

export function problemText(p: ProposalProblem, lang: Lang): string {
  const t = meetingTexts(lang);
  switch (p.kind) {
    case 'title':
      return t.problemTitle;
    case 'type':
      return t.problemType;
    case 'place':
      return t.problemPlace;
    case 'tooFewOptions':
      return t.problemTooFew;
    case 'invalidOption':
      return t.problemInvalid(p.n);
    case 'nonexistentTime':
      return t.problemNonexistent(p.n);
    case 'pastOption':
      return t.problemPast(p.n);
    case 'holiday':
      return t.problemHoliday(p.n, p.date, p.holiday[lang]);
    case 'duplicateOption':
      return t.problemDuplicate(p.n);
  }
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/**
 * The form's time rows: the first two always shown; a later row shown when it or a row after it holds a
 * value of the draft (so a refused draft keeps its rows in sight). "Lägg till tid" under the last shown
 * row reveals the next one (`Action.ToggleVisibility`), up to MAX_OPTIONS.
 */
export function timeSlots(lang: Lang, draft: Record<string, unknown>) {
  const t = meetingTexts(lang);
  const entered = (n: number) => str(draft[`date${n}`]).trim() !== '' || str(draft[`time${n}`]).trim() !== '';
  let shown = MIN_OPTIONS;
  for (let n = MAX_OPTIONS; n > MIN_OPTIONS; n--) {
    if (entered(n)) {
      shown = n;
      break;
    }
  }
  return Array.from({ length: MAX_OPTIONS }, (_, i) => {
    const n = i + 1;
    const row = { n: String(n), next: n < MAX_OPTIONS ? String(n + 1) : '', label: t.option(n) };
    const values = { date: str(draft[`date${n}`]), time: str(draft[`time${n}`]), duration: str(draft[`duration${n}`], '60') };
    return { ...row, ...values, visible: n <= shown, hasNext: n < MAX_OPTIONS, showAdd: n === shown && n < MAX_OPTIONS };
  });
}

/** The proposal form, empty or with the draft the coordinator sent and what was wrong with it. */
export function proposalCard(lang: Lang, draft: Record<string, unknown>, problems: ProposalProblem[], defaultType: Meeting['type']): AdaptiveCard {
  const t = meetingTexts(lang);
  return renderCard('meeting-propose', {
    t: {
      title: t.formTitle,
      intro: t.formIntro,
      problemsIntro: t.problemsIntro,
      type: t.type,
      titleLabel: t.title,
      place: t.place,
      placeHint: t.placeHint,
      online: t.online,
      agenda: t.agenda,
      agendaHint: t.agendaHint,
      cadence: t.cadence,
      date: t.date,
      time: t.time,
      duration: t.duration,
      submit: t.submit,
      required: t.required,
      addTime: t.addTime
    },
    problems: problems.map((p) => ({ text: problemText(p, lang) })),
    values: {
      type: str(draft.type, defaultType),
      title: str(draft.title),
      place: str(draft.place),
      online: draft.online === true || draft.online === 'true' ? 'true' : 'false',
      agenda: str(draft.agenda),
      cadence: str(draft.cadence, 'none')
    },
    types: MEETING_TYPES.map((value) => ({ value, title: typeLabel(value, lang) })),
    cadences: CADENCES.map((value) => ({ value, title: cadenceLabel(value, lang) })),
    durations: DURATIONS.map((d) => ({ value: String(d), title: t.minutes(d) })),
    slots: timeSlots(lang, draft),
    verb: MEETING_VERBS.propose
  }, lang);
}

function names(list: string[], lang: Lang): string {
  return list.length === 0 ? meetingTexts(lang).nobody : `${list.length} (${list.join(', ')})`;
}

function baseFacts(meeting: Meeting, lang: Lang): Array<{ title: string; value: string }> {
  const t = meetingTexts(lang);
  const facts = [{ title: t.where, value: locationText(meeting, lang) }];
  if (meeting.cadence !== 'none') facts.push({ title: t.recurring, value: cadenceLabel(meeting.cadence, lang) });
  return facts;
}

function agendaItems(meeting: Meeting): Array<{ text: string }> {
  return meeting.agendaNotes
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean)
    .map((text) => ({ text }));
}

/** The open poll: each time with the names per answer, answer buttons, and the coordinators' confirmation. */
export function pollCard(lang: Lang, meeting: Meeting, tally: Tally, proposerName: string, intro = ''): AdaptiveCard {
  const t = meetingTexts(lang);
  const answersOf = (id: string): Record<AnswerValue, string[]> => tally[id] ?? { ja: [], kanske: [], nej: [] };
  return renderCard('meeting-poll', {
    t: { agendaTitle: t.agendaTitle, hint: t.pollHint, yes: t.yes, maybe: t.maybe, no: t.no, confirmTitle: t.confirmTitle, chooseTime: t.chooseTime, confirm: t.confirm },
    heading: `${typeLabel(meeting.type, lang)}: ${meeting.title}`,
    intro,
    proposedBy: t.proposedBy(proposerName),
    facts: baseFacts(meeting, lang),
    agenda: agendaItems(meeting),
    options: meeting.options.map((o) => {
      const a = answersOf(o.id);
      return { id: o.id, label: formatSpan(o.start, o.end, lang), tally: t.tallyLine(names(a.ja, lang), names(a.kanske, lang), names(a.nej, lang)) };
    }),
    firstOptionId: meeting.options[0]?.id ?? '',
    meetingId: meeting.id,
    answerVerb: MEETING_VERBS.answer,
    confirmVerb: MEETING_VERBS.confirm
  }, lang);
}

/**
 * A confirmed meeting: time, place, agenda and the .ics link. `teamsLink` only in the confirming
 * coordinator's own invoke answer (whoever opens it becomes the organiser); '' everywhere else.
 */
export function confirmedCard(lang: Lang, meeting: ConfirmedMeeting, links: { ics: string; teams: string }, confirmerName: string, heading?: string): AdaptiveCard {
  const t = meetingTexts(lang);
  const type = typeLabel(meeting.type, lang);
  return renderCard('meeting-confirmed', {
    t: { agendaTitle: t.agendaTitle, teamsLink: t.teamsLink, teamsLinkHint: t.teamsLinkHint, icsLink: t.icsLink },
    heading: heading ?? t.confirmedTitle(type, meeting.title),
    facts: [{ title: t.when, value: formatSpan(meeting.start, meeting.end, lang) }, ...baseFacts(meeting, lang), { title: '', value: t.confirmedBy(confirmerName) }],
    agenda: (meeting.agenda ?? []).map((s) => ({ title: s.title, items: s.items.map((text) => ({ text })) })),
    teamsLink: links.teams,
    icsLink: links.ics
  }, lang);
}
