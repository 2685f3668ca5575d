import { z } from 'zod';

/** The data `cards/case-details.json` binds. */
export const caseDetailsSchema = z.object({
  userIds: z.array(z.string()),
  viewVerb: z.string(),
  groupId: z.string(),
  caseId: z.string(),
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
