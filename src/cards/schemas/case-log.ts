import { z } from 'zod';

/** The data `cards/case-log.json` binds. */
export const caseLogSchema = z.object({
  t: z.object({
    title: z.string(),
    empty: z.string(),
    export: z.string()
  }),
  /** One entry per audit record, three short lines for a phone: when and who, what happened where, why ('' hides it). */
  entries: z.array(z.object({
    head: z.string(),
    what: z.string(),
    why: z.string()
  })),
  exportVerb: z.string(),
  groupId: z.string()
});

/** The model of `cards/case-log.json`. */
export type CaseLogData = z.infer<typeof caseLogSchema>;
