import { z } from 'zod';

/** The data `cards/members.json` binds. */
export const membersSchema = z.object({
  t: z.object({
    title: z.string(),
    empty: z.string(),
    changeTitle: z.string(),
    person: z.string(),
    required: z.string(),
    agency: z.string(),
    role: z.string(),
    save: z.string(),
    remove: z.string()
  }),
  status: z.string(),
  statusColor: z.string(),
  members: z.array(z.object({
    name: z.string(),
    description: z.string()
  })),
  canEdit: z.boolean(),
  agencies: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  roles: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  saveVerb: z.string(),
  removeVerb: z.string()
});

/** The model of `cards/members.json`. */
export type MembersData = z.infer<typeof membersSchema>;
