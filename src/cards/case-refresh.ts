import { z } from 'zod';

/**
 * What both case cards (details and summary) bind for their user-specific refresh: who gets the refresh,
 * the verb it calls and the case it names.
 */
export const caseRefreshFields = z.object({
  userIds: z.array(z.string()),
  viewVerb: z.string(),
  groupId: z.string(),
  caseId: z.string()
});
