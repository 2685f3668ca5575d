import { z } from 'zod';

/** The data `cards/case-retention.json` binds. */
export const caseRetentionSchema = z.object({
  t: z.object({
    title: z.string()
  }),
  due: z.string(),
  last: z.string(),
  rules: z.string()
});

/** The model of `cards/case-retention.json`. */
export type CaseRetentionData = z.infer<typeof caseRetentionSchema>;
