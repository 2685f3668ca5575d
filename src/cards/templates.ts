import type { z } from 'zod';
import { actionSchema } from './schemas/action';
import { actionListSchema } from './schemas/action-list';
import { actionNewSchema } from './schemas/action-new';
import { caseConsentSchema } from './schemas/case-consent';
import { caseDetailsSchema } from './schemas/case-details';
import { caseExportSchema } from './schemas/case-export';
import { caseLifecycleSchema } from './schemas/case-lifecycle';
import { caseLogSchema } from './schemas/case-log';
import { caseNewSchema } from './schemas/case-new';
import { caseObservationSchema } from './schemas/case-observation';
import { caseRetentionSchema } from './schemas/case-retention';
import { caseSummarySchema } from './schemas/case-summary';
import { groupRegisterSchema } from './schemas/group-register';
import { groupRegisteredSchema } from './schemas/group-registered';
import { helpSchema } from './schemas/help';
import { meetingConfirmedSchema } from './schemas/meeting-confirmed';
import { meetingPollSchema } from './schemas/meeting-poll';
import { meetingProposeSchema } from './schemas/meeting-propose';
import { membersSchema } from './schemas/members';
import { promiseNewSchema } from './schemas/promise-new';
import { promisesSchema } from './schemas/promises';
import { situationPictureSchema } from './schemas/situation-picture';
import { summarySettingsSchema } from './schemas/summary-settings';
import { summaryStatusSchema } from './schemas/summary-status';
import { updateFormSchema } from './schemas/update-form';
import { updatePostedSchema } from './schemas/update-posted';
import { weeklySummarySchema } from './schemas/weekly-summary';

/**
 * Every card template (`cards/<name>.json`) and the zod schema of the data it binds
 * (`src/cards/schemas/<name>.ts`). A new template needs all three: the JSON, its schema, its entry here;
 * test/cards/bindings.test.ts fails when one is missing or when a binding and its schema disagree.
 */
export const TEMPLATE_SCHEMAS = {
  'action': actionSchema,
  'action-list': actionListSchema,
  'action-new': actionNewSchema,
  'case-consent': caseConsentSchema,
  'case-details': caseDetailsSchema,
  'case-export': caseExportSchema,
  'case-lifecycle': caseLifecycleSchema,
  'case-log': caseLogSchema,
  'case-new': caseNewSchema,
  'case-observation': caseObservationSchema,
  'case-retention': caseRetentionSchema,
  'case-summary': caseSummarySchema,
  'group-register': groupRegisterSchema,
  'group-registered': groupRegisteredSchema,
  'help': helpSchema,
  'meeting-confirmed': meetingConfirmedSchema,
  'meeting-poll': meetingPollSchema,
  'meeting-propose': meetingProposeSchema,
  'members': membersSchema,
  'promise-new': promiseNewSchema,
  'promises': promisesSchema,
  'situation-picture': situationPictureSchema,
  'summary-settings': summarySettingsSchema,
  'summary-status': summaryStatusSchema,
  'update-form': updateFormSchema,
  'update-posted': updatePostedSchema,
  'weekly-summary': weeklySummarySchema
} as const;

/** The name of a card template, e.g. `'meeting-poll'` for `cards/meeting-poll.json`. */
export type TemplateName = keyof typeof TEMPLATE_SCHEMAS;

/** The data each template binds, by template name. */
export type TemplateData = { [K in TemplateName]: z.infer<(typeof TEMPLATE_SCHEMAS)[K]> };
