import { z } from 'zod';

/** The data `cards/case-export.json` binds. */
export const caseExportSchema = z.object({
  t: z.object({
    title: z.string(),
    ready: z.string(),
    download: z.string()
  }),
  url: z.string()
});

/** The model of `cards/case-export.json`. */
export type CaseExportData = z.infer<typeof caseExportSchema>;
