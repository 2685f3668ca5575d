import { z } from 'zod';

/** The data `cards/summary-status.json` binds. */
export const summaryStatusSchema = z.object({
  title: z.string(),
  status: z.string(),
  statusColor: z.string(),
  empty: z.string(),
  rows: z.array(z.object({
    label: z.string(),
    canResend: z.boolean(),
    resendTitle: z.string(),
    verb: z.string(),
    week: z.string()
  })),
  hint: z.string()
});

/** The model of `cards/summary-status.json`. */
export type SummaryStatusData = z.infer<typeof summaryStatusSchema>;
