import { z } from 'zod';

/** The data `cards/update-posted.json` binds. */
export const updatePostedSchema = z.object({
  title: z.string(),
  facts: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  status: z.string(),
  note: z.string(),
  text: z.string(),
  showText: z.boolean(),
  t: z.object({
    show: z.string(),
    edit: z.string(),
    withdraw: z.string()
  }),
  verbs: z.object({
    show: z.string(),
    edit: z.string(),
    withdraw: z.string()
  }),
  updateId: z.string(),
  active: z.boolean()
});

/** The model of `cards/update-posted.json`. */
export type UpdatePostedData = z.infer<typeof updatePostedSchema>;
