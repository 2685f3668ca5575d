import { z } from 'zod';
import type { Group } from '../groups/model';
import type { IsoWeek } from './iso-week';

/**
 * The figures a weekly summary may carry. Every section is a strict schema of counts, enums and
 * area labels: there is no field a name, a pseudonym or free text could travel in, and unknown
 * fields are rejected. This is what keeps personal data out of the card, by construction.
 */

export const TRENDS = ['rising', 'unchanged', 'falling'] as const;
export type Trend = (typeof TRENDS)[number];

/** Situation-picture categories (lägesbild) the summary can show; a source maps anything else to `ovrigt`. */
export const SUMMARY_CATEGORIES = [
  'narkotika',
  'vald',
  'brott',
  'skadegorelse',
  'rekrytering',
  'otrygga_platser',
  'franvaro',
  'ovrigt'
] as const;
export type SummaryCategory = (typeof SUMMARY_CATEGORIES)[number];

const count = z.number().int().min(0).max(1_000_000);

/**
 * An area label: letters, spaces and a few separators, no digits, so a pseudonym (`K-2026-014`) or a
 * personal identity number cannot pass. It must also be a registered area of a rolled-up group
 * (checked in `buildWeeklySummary`).
 */
export const areaLabelSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M} .'&-]*$/u);

export const updatesSectionSchema = z
  .object({
    kind: z.literal('updates'),
    /** New situation updates in the week, per area and category, with the trend reported. */
    rows: z
      .array(z.object({ area: areaLabelSchema, category: z.enum(SUMMARY_CATEGORIES), count, trend: z.enum(TRENDS) }).strict())
      .max(300)
  })
  .strict();

/** A week key, `2026-W10`. */
const weekKey = z.string().regex(/^\d{4}-W\d{2}$/);

/**
 * New situation updates per area and category for each of the last weeks (oldest first, the report
 * week last): the series the trend chart and the "what changed" sentences are drawn from. Every row
 * has one count per week (checked in `buildWeeklySummary`).
 */
export const trendsSectionSchema = z
  .object({
    kind: z.literal('trends'),
    weeks: z.array(weekKey).min(1).max(53),
    rows: z.array(z.object({ area: areaLabelSchema, category: z.enum(SUMMARY_CATEGORIES), counts: z.array(count).max(53) }).strict()).max(300)
  })
  .strict();

/**
 * A title the card may show (an action's or meeting's): short, one line. `buildWeeklySummary` also runs
 * the PII guard over it and drops any title naming a person number, phone, e-mail or pseudonym.
 */
export const titleSchema = z.string().trim().min(1).max(80).regex(/^[^\n\r]*$/);

/** Action levels a title may be shown for: `indikerad` actions concern one young person and are counted only. */
export const SHOWN_LEVELS = ['generell', 'selektiv'] as const;

export const actionsSectionSchema = z
  .object({
    kind: z.literal('actions'),
    proposed: count,
    approved: count,
    done: count,
    overdue: count,
    /** Proposals waiting for a coordinator's decision now. */
    waitingDecision: count.optional(),
    /** New (approved in the week) and overdue actions of level generell or selektiv, by title and area. */
    items: z
      .array(z.object({ title: titleSchema, area: areaLabelSchema.optional(), level: z.enum(SHOWN_LEVELS), state: z.enum(['new', 'overdue']) }).strict())
      .max(20)
      .optional(),
    /** Indicated actions: counts only, never titles. */
    indicated: z.object({ new: count, overdue: count }).strict().optional()
  })
  .strict();

export const meetingsSectionSchema = z
  .object({
    kind: z.literal('meetings'),
    held: count,
    upcoming: count,
    /** The next meeting by date, time (Stockholm) and title only: never its agenda. */
    next: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), time: z.string().regex(/^\d{2}:\d{2}$/), title: titleSchema }).strict().optional()
  })
  .strict();

export const consentsSectionSchema = z.object({ kind: z.literal('consents'), expiringWithin30Days: count }).strict();

export const promisesSectionSchema = z
  .object({
    kind: z.literal('promises'),
    /** Citizen promises by their number in the current agreement (1, 2, …), never by their text. */
    items: z
      .array(z.object({ number: z.number().int().min(1).max(99), title: titleSchema.optional(), actionsTotal: count, actionsDone: count }).strict())
      .max(50)
  })
  .strict();

export const groupsSectionSchema = z
  .object({ kind: z.literal('groups'), sspfGroups: count, areas: count, members: count })
  .strict();

export const sectionSchema = z.discriminatedUnion('kind', [
  groupsSectionSchema,
  updatesSectionSchema,
  trendsSectionSchema,
  actionsSectionSchema,
  meetingsSectionSchema,
  consentsSectionSchema,
  promisesSectionSchema
]);

export type SummarySection = z.infer<typeof sectionSchema>;
export type SectionKind = SummarySection['kind'];
export type SectionFigures<K extends SectionKind = SectionKind> = Extract<SummarySection, { kind: K }>;

/** The order sections appear in on the card. */
export const SECTION_ORDER: readonly SectionKind[] = ['groups', 'trends', 'updates', 'actions', 'meetings', 'consents', 'promises'];

/** What a summary covers: the recipient group, the groups it rolls up, and the week. */
export interface SummaryScope {
  /** The group that receives the summary. */
  recipientId: string;
  /** Ids of the groups whose data the summary rolls up (partition keys for the sources' queries). */
  groupIds: string[];
  /** The same groups, for their kinds and registered areas. */
  groups: readonly Pick<Group, 'id' | 'kind' | 'areas'>[];
  week: IsoWeek;
  /** When the summary is built (for "expiring within 30 days", "overdue", "coming meetings"). */
  now: Date;
}

/** A validated weekly summary: figures only. */
export interface WeeklySummary {
  week: IsoWeek;
  sections: SummarySection[];
  /** In a steering group's roll-up: counts below this are hidden ("fewer than N"); absent: exact counts. */
  smallNumberThreshold?: number;
  /** When a change counts as notable in the opening sentences; absent: the default max(3, 50 %). */
  notable?: { min: number; percent: number };
  /** Sources whose figures were refused (wrong shape or a label that is not a registered area). */
  rejected: Array<{ source: string; problems: string[] }>;
}
