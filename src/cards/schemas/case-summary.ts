import { z } from 'zod';
import { caseRefreshFields } from '../case-refresh';

/** The data `cards/case-summary.json` binds. */
export const caseSummarySchema = caseRefreshFields.extend({
  t: z.object({
    title: z.string(),
    status: z.string(),
    step: z.string(),
    observations: z.string(),
    noObservations: z.string(),
    showDetails: z.string()
  }),
  notice: z.string(),
  noticeColor: z.string(),
  status: z.string(),
  step: z.string(),
  counts: z.array(z.object({
    agency: z.string(),
    count: z.string()
  }))
});

/** The model of `cards/case-summary.json`. */
export type CaseSummaryData = z.infer<typeof caseSummarySchema>;
