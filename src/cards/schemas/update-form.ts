import { z } from 'zod';

/** The data `cards/update-form.json` binds. */
export const updateFormSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    area: z.string(),
    required: z.string(),
    category: z.string(),
    trend: z.string(),
    level: z.string(),
    observedOn: z.string(),
    text: z.string(),
    textHint: z.string(),
    submit: z.string()
  }),
  error: z.string(),
  values: z.object({
    area: z.string(),
    category: z.string(),
    trend: z.string(),
    level: z.string(),
    observedOn: z.string(),
    text: z.string()
  }),
  areas: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  categories: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  trends: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  levels: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  today: z.string(),
  verb: z.string(),
  draftId: z.string()
});

/** The model of `cards/update-form.json`. */
export type UpdateFormData = z.infer<typeof updateFormSchema>;
