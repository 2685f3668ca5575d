import { z } from 'zod';

/** The data `cards/action.json` binds. */
export const actionSchema = z.object({
  title: z.string(),
  description: z.string(),
  message: z.string(),
  facts: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  statusLine: z.string(),
  statusColor: z.string(),
  lines: z.array(z.object({
    line: z.string()
  })),
  t: z.object({
    note: z.string(),
    notePlaceholder: z.string()
  }),
  showNote: z.boolean(),
  buttons: z.array(z.object({
    title: z.string(),
    verb: z.string()
  })),
  actionId: z.string()
});

/** The model of `cards/action.json`. */
export type ActionData = z.infer<typeof actionSchema>;
