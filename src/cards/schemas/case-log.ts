import { z } from 'zod';

/** The data `cards/case-log.json` binds. */
export const caseLogSchema = z.object({
  t: z.object({
    title: z.string(),
    empty: z.string(),
    export: z.string()
  }),
  entries: z.array(z.object({
    when: z.string(),
    what: z.string()
  })),
  exportVerb: z.string(),
  groupId: z.string()
});

/** The model of `cards/case-log.json`. */
export type CaseLogData = z.infer<typeof caseLogSchema>;
