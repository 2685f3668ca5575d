import { z } from 'zod';

/** The data `cards/case-consent.json` binds. */
export const caseConsentSchema = z.object({
  t: z.object({
    title: z.string(),
    intro: z.string(),
    replaces: z.string(),
    guardiansWithCustody: z.string(),
    required: z.string(),
    guardiansSigned: z.string(),
    youthSigned: z.string(),
    matureEnough: z.string(),
    scope: z.string(),
    signedAt: z.string(),
    validUntil: z.string(),
    archiveRef: z.string(),
    register: z.string()
  }),
  error: z.string(),
  active: z.string(),
  agencies: z.array(z.object({
    title: z.string(),
    value: z.string()
  })),
  today: z.string(),
  defaultUntil: z.string(),
  verb: z.string(),
  groupId: z.string(),
  caseId: z.string()
});

/** The model of `cards/case-consent.json`. */
export type CaseConsentData = z.infer<typeof caseConsentSchema>;
