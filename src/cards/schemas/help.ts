import { z } from 'zod';

/** The data `cards/help.json` binds: commands grouped by task, form buttons, and in personal chat the person's groups. */
export const helpSchema = z.object({
  title: z.string(),
  intro: z.string(),
  footer: z.string(),
  groupsTitle: z.string(),
  groups: z.array(z.object({ line: z.string() })),
  sections: z.array(z.object({
    title: z.string(),
    commands: z.array(z.object({ usage: z.string(), description: z.string() })),
    buttons: z.array(z.object({ title: z.string(), verb: z.string(), groupId: z.string() }))
  }))
});

/** The model of `cards/help.json`. */
export type HelpData = z.infer<typeof helpSchema>;
