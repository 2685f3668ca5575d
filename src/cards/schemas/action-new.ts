import { z } from 'zod';

/** The data `cards/action-new.json` binds. */
export const actionNewSchema = z.object({
  t: z.object({
    newTitle: z.string(),
    newIntro: z.string(),
    title: z.string(),
    required: z.string(),
    description: z.string(),
    level: z.string(),
    areaHint: z.string(),
    casePseudonym: z.string(),
    caseHint: z.string(),
    agency: z.string(),
    owner: z.string(),
    due: z.string(),
    promise: z.string(),
    submit: z.string()
  }),
  error: z.string(),
  values: z.object({
    title: z.string(),
    description: z.string(),
    level: z.string(),
    area: z.string(),
    casePseudonym: z.string(),
    agency: z.string(),
    ownerId: z.string(),
    dueDate: z.string(),
    promiseId: z.string()
  }),
  levels: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  areas: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  agencies: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  owners: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  promises: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  verb: z.string()
});

/** The model of `cards/action-new.json`. */
export type ActionNewData = z.infer<typeof actionNewSchema>;
