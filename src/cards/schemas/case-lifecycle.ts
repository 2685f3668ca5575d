import { z } from 'zod';

/** The data `cards/case-lifecycle.json` binds. */
export const caseLifecycleSchema = z.object({
  t: z.object({
    title: z.string(),
    current: z.string(),
    save: z.string(),
    complete: z.string()
  }),
  status: z.string(),
  statusColor: z.string(),
  steps: z.array(z.object({
    title: z.string(),
    state: z.string()
  })),
  open: z.boolean(),
  items: z.array(z.object({
    inputId: z.string(),
    text: z.string(),
    value: z.string()
  })),
  checkVerb: z.string(),
  groupId: z.string(),
  caseId: z.string(),
  step: z.string(),
  completeVerb: z.string()
});

/** The model of `cards/case-lifecycle.json`. */
export type CaseLifecycleData = z.infer<typeof caseLifecycleSchema>;
