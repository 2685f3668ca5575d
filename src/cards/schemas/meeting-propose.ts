import { z } from 'zod';

/** The data `cards/meeting-propose.json` binds. */
export const meetingProposeSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    problemsIntro: z.string(),
    type: z.string(),
    required: z.string(),
    titleLabel: z.string(),
    place: z.string(),
    placeHint: z.string(),
    online: z.string(),
    date: z.string(),
    time: z.string(),
    duration: z.string(),
    agenda: z.string(),
    agendaHint: z.string(),
    cadence: z.string(),
    submit: z.string(),
    addTime: z.string()
  }),
  problems: z.array(z.object({
    text: z.string()
  })),
  values: z.object({
    type: z.string(),
    title: z.string(),
    place: z.string(),
    online: z.string(),
    agenda: z.string(),
    cadence: z.string()
  }),
  types: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  slots: z.array(z.object({
    label: z.string(),
    n: z.string(),
    /** The next row's number ('' for the last): the "Lägg till tid" button reveals it. */
    next: z.string(),
    date: z.string(),
    time: z.string(),
    duration: z.string(),
    /** Rows 1–2 always; a later row when it or a row after it holds a draft value. */
    visible: z.boolean(),
    /** Whether a row follows (the last row has no button). */
    hasNext: z.boolean(),
    /** The button shows under the last visible row only. */
    showAdd: z.boolean()
  })),
  durations: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  cadences: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  verb: z.string()
});

/** The model of `cards/meeting-propose.json`. */
export type MeetingProposeData = z.infer<typeof meetingProposeSchema>;
