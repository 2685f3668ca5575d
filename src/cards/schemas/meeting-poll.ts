import { z } from 'zod';

/** The data `cards/meeting-poll.json` binds. */
export const meetingPollSchema = z.object({
  heading: z.string(),
  intro: z.string(),
  proposedBy: z.string(),
  facts: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  agenda: z.array(z.object({
    text: z.string()
  })),
  t: z.object({
    agendaTitle: z.string(),
    hint: z.string(),
    yes: z.string(),
    maybe: z.string(),
    no: z.string(),
    confirmTitle: z.string(),
    chooseTime: z.string(),
    confirm: z.string()
  }),
  options: z.array(z.object({
    label: z.string(),
    tally: z.string(),
    id: z.string()
  })),
  answerVerb: z.string(),
  meetingId: z.string(),
  firstOptionId: z.string(),
  confirmVerb: z.string()
});

/** The model of `cards/meeting-poll.json`. */
export type MeetingPollData = z.infer<typeof meetingPollSchema>;
