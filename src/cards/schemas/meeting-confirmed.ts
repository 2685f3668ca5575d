import { z } from 'zod';

/** The data `cards/meeting-confirmed.json` binds. */
export const meetingConfirmedSchema = z.object({
  heading: z.string(),
  facts: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  agenda: z.array(z.object({
    title: z.string(),
    items: z.array(z.object({
      text: z.string()
    }))
  })),
  t: z.object({
    agendaTitle: z.string(),
    teamsLinkHint: z.string(),
    teamsLink: z.string(),
    icsLink: z.string()
  }),
  teamsLink: z.string(),
  icsLink: z.string()
});

/** The model of `cards/meeting-confirmed.json`. */
export type MeetingConfirmedData = z.infer<typeof meetingConfirmedSchema>;
