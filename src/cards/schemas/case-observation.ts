import { z } from 'zod';

/** The data `cards/case-observation.json` binds. */
export const caseObservationSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    date: z.string(),
    required: z.string(),
    text: z.string(),
    save: z.string()
  }),
  error: z.string(),
  today: z.string(),
  verb: z.string(),
  groupId: z.string(),
  caseId: z.string()
});

/** The model of `cards/case-observation.json`. */
export type CaseObservationData = z.infer<typeof caseObservationSchema>;
