import { z } from 'zod';

/** The data `cards/situation-picture.json` binds. */
export const situationPictureSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  blocks: z.array(z.object({
    heading: z.string(),
    empty: z.string(),
    facts: z.array(z.object({
      title: z.string(),
      value: z.string()
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
