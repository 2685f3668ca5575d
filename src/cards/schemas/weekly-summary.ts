import { z } from 'zod';

/** The data `cards/weekly-summary.json` binds. */
export const weeklySummarySchema = z.object({
  title: z.string(),
  period: z.string(),
  preview: z.string(),
  blocks: z.array(z.object({
    heading: z.string(),
    note: z.string(),
    facts: z.array(z.object({
      title: z.string(),
      value: z.string()
    }))
  })),
  empty: z.string(),
  notice: z.string(),
  footer: z.string()
});

/** The model of `cards/weekly-summary.json`. */
export type WeeklySummaryData = z.infer<typeof weeklySummarySchema>;
