import { z } from 'zod';

/** The data `cards/group-registered.json` binds. */
export const groupRegisteredSchema = z.object({
  t: z.object({
    title: z.string(),
    name: z.string(),
    kind: z.string(),
    municipality: z.string(),
    areas: z.string(),
    coordinator: z.string(),
    next: z.string()
  }),
  group: z.object({
    name: z.string(),
    municipality: z.string()
  }),
  kindLabel: z.string(),
  areasText: z.string(),
  coordinator: z.string()
});

/** The model of `cards/group-registered.json`. */
export type GroupRegisteredData = z.infer<typeof groupRegisteredSchema>;
