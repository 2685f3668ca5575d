import { z } from 'zod';

/** The data `cards/summary-settings.json` binds. */
export const summarySettingsSchema = z.object({
  title: z.string(),
  status: z.string(),
  statusColor: z.string(),
  enabledLabel: z.string(),
  enabled: z.string(),
  steering: z.boolean(),
  allLabel: z.string(),
  rollUpAll: z.string(),
  groupsLabel: z.string(),
  selected: z.string(),
  groups: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  saveTitle: z.string(),
  verb: z.string()
});

/** The model of `cards/summary-settings.json`. */
export type SummarySettingsData = z.infer<typeof summarySettingsSchema>;
