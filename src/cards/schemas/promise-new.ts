import { z } from 'zod';

/** The data `cards/promise-new.json` binds. */
export const promiseNewSchema = z.object({
  t: z.object({
    promiseNewTitle: z.string(),
    promiseNewIntro: z.string(),
    promiseTitle: z.string(),
    required: z.string(),
    municipality: z.string(),
    policeArea: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    commitments: z.string(),
    promiseSubmit: z.string()
  }),
  error: z.string(),
  values: z.object({
    title: z.string(),
    policeArea: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    commitments: z.string()
  }),
  municipality: z.string(),
  verb: z.string()
});

/** The model of `cards/promise-new.json`. */
export type PromiseNewData = z.infer<typeof promiseNewSchema>;
