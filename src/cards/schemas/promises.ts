import { z } from 'zod';

/** The data `cards/promises.json` binds. */
export const promisesSchema = z.object({
  heading: z.string(),
  status: z.string(),
  empty: z.string(),
  promises: z.array(z.object({
    title: z.string(),
    parties: z.string(),
    period: z.string(),
    progress: z.string(),
    warning: z.string(),
    commitments: z.array(z.object({
      text: z.string()
    }))
  })),
  t: z.object({
    parties: z.string(),
    period: z.string(),
    progress: z.string()
  })
});

/** The model of `cards/promises.json`. */
export type PromisesData = z.infer<typeof promisesSchema>;
