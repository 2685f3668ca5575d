import { z } from 'zod';

/** The data `cards/situation-picture.json` binds. */
export const situationPictureSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  /** The period's weekly points: `Chart.VerticalBar` with its FactSet fallback and the key figures as text. */
  chart: z.object({
    show: z.boolean(),
    keyFigures: z.string(),
    chartTitle: z.string(),
    xAxisTitle: z.string(),
    yAxisTitle: z.string(),
    bars: z.array(z.object({ x: z.string(), y: z.number() })),
    table: z.array(z.object({ title: z.string(), value: z.string() }))
  }),
  blocks: z.array(z.object({
    heading: z.string(),
    empty: z.string(),
    /** Per category: the number of reports against the previous period, apart from the judged trend. */
    rows: z.array(z.object({
      label: z.string(),
      counts: z.string(),
      judged: z.string()
    }))
  })),
  latestTitle: z.string(),
  latest: z.array(z.object({
    line: z.string()
  })),
  footer: z.string()
});

/** The model of `cards/situation-picture.json`. */
export type SituationPictureData = z.infer<typeof situationPictureSchema>;
