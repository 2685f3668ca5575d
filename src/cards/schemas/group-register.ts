import { z } from 'zod';

/** The data `cards/group-register.json` binds. */
export const groupRegisterSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    kind: z.string(),
    kindSspf: z.string(),
    kindStyrgrupp: z.string(),
    name: z.string(),
    required: z.string(),
    municipality: z.string(),
    areas: z.string(),
    areasHint: z.string(),
    language: z.string(),
    agency: z.string(),
    submit: z.string()
  }),
  error: z.string(),
  values: z.object({
    kind: z.string(),
    name: z.string(),
    municipality: z.string(),
    areas: z.string(),
    language: z.string(),
    agency: z.string()
  }),
  showAgency: z.boolean(),
  agencies: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  verb: z.string()
});

/** The model of `cards/group-register.json`. */
export type GroupRegisterData = z.infer<typeof groupRegisterSchema>;
