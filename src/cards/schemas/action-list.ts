import { z } from 'zod';

/** The data `cards/action-list.json` binds. */
export const actionListSchema = z.object({
  heading: z.string(),
  empty: z.string(),
  /** How many of how many are shown, when the list was cut; empty otherwise. */
  more: z.string(),
  items: z.array(z.object({
    title: z.string(),
    detail: z.string(),
    warning: z.string()
  }))
});

/** The model of `cards/action-list.json`. */
export type ActionListData = z.infer<typeof actionListSchema>;
