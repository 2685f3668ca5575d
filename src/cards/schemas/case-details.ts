import { z } from 'zod';
import { caseRefreshFields } from '../case-refresh';

/** The data `cards/case-details.json` binds. */
export const caseDetailsSchema = caseRefreshFields.extend({
  t: z.object({
    title: z.string(),
    name: z.string(),
    birthYear: z.string(),
    area: z.string(),
    concern: z.string(),
    status: z.string(),
    step: z.string(),
    observations: z.string(),
    noObservations: z.string()
  }),
  details: z.object({
    name: z.string(),
    birthYear: z.string(),
    area: z.string(),
    concern: z.string()
  }),
  status: z.string(),
  step: z.string(),
  consentLine: z.string(),
  observations: z.array(z.object({
    heading: z.string(),
    text: z.string()
  })),
  hidden: z.string()
});

/** The model of `cards/case-details.json`. */
export type CaseDetailsData = z.infer<typeof caseDetailsSchema>;
