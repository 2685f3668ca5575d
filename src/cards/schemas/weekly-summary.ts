import { z } from 'zod';

/** The data `cards/weekly-summary.json` binds. */
export const weeklySummarySchema = z.object({
  title: z.string(),
  period: z.string(),
  preview: z.string(),
  sentencesHeading: z.string(),
  /** Three to five sentences by fixed rules (src/features/summaries/sentences.ts). */
  sentences: z.array(z.object({ line: z.string() })),
  /** The trend chart: `Chart.Line` (at most 4 lines) with its FactSet fallback and the key figures as text. */
  trend: z.object({
    show: z.boolean(),
    heading: z.string().optional(),
    keyFigures: z.string().optional(),
    chartTitle: z.string().optional(),
    xAxisTitle: z.string().optional(),
    yAxisTitle: z.string().optional(),
    lines: z.array(z.object({ legend: z.string(), values: z.array(z.object({ x: z.string(), y: z.number() })) })).max(4).optional(),
    table: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
    gapNote: z.string().optional()
  }),
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
