import { z } from 'zod';

/** The data `cards/case-new.json` binds. */
export const caseNewSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    name: z.string(),
    required: z.string(),
    birthYear: z.string(),
    area: z.string(),
    concern: z.string(),
    submit: z.string()
  }),
  error: z.string(),
  verb: z.string()
});

/** The model of `cards/case-new.json`. */
export type CaseNewData = z.infer<typeof caseNewSchema>;
