import { z } from 'zod';

/** The data `cards/help.json` binds. */
export const helpSchema = z.object({
  title: z.string(),
  intro: z.string(),
  commands: z.array(z.object({
    usage: z.string(),
    description: z.string()
  })),
  footer: z.string()
});

/** The model of `cards/help.json`. */
export type HelpData = z.infer<typeof helpSchema>;
