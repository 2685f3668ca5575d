import { z } from 'zod';
import type { Agency } from '../groups/model';

export const CATEGORIES = ['narkotika', 'vald', 'skadegorelse', 'rekrytering', 'otrygg_plats', 'skolfranvaro', 'alkohol', 'annat'] as const;
export type Category = (typeof CATEGORIES)[number];

export const TRENDS = ['okande', 'oforandrad', 'minskande'] as const;
export type Trend = (typeof TRENDS)[number];

/** Levels a situation update may have. "indikerad" (one individual) belongs in a case and is refused. */
export const UPDATE_LEVELS = ['generell', 'selektiv'] as const;
export type UpdateLevel = (typeof UPDATE_LEVELS)[number];

/** Longest text an update may carry: a situation note, not a case file. */
export const MAX_UPDATE_TEXT = 1000;

/** One change in an update's life, kept when it is corrected or withdrawn. */
export interface UpdateHistoryEntry {
  at: string;
  /** Entra object id of who did it. */
  by: string;
  action: 'created' | 'edited' | 'withdrawn';
}

/**
 * A situation update (lägesrapport): group-level knowledge about an area, never about an individual.
 * Partitioned by the posting group; `municipalityKey` is kept for the municipal roll-up.
 */
export interface SituationUpdate {
  /** The id of the form it was submitted from, so a repeated invoke stores it once. */
  id: string;
  groupId: string;
  municipalityKey: string;
  area: string;
  /** `normalizeText(area)`, to match areas regardless of case and diacritics. */
  areaKey: string;
  category: Category;
  trend: Trend;
  level: UpdateLevel;
  /** The day it was observed, `yyyy-MM-dd` in Europe/Stockholm. */
  observedOn: string;
  text: string;
  agency: Agency;
  authorAad: string;
  /** Staff display name for the card; never logged. */
  authorName?: string;
  status: 'active' | 'withdrawn';
  withdrawnBy?: string;
  withdrawnByName?: string;
  withdrawnAt?: string;
  history: UpdateHistoryEntry[];
  createdAt: string;
  /** The message the update was submitted from, which the bot turned into its card: only it is updated later. */
  posted?: { conversationId: string; activityId: string };
  updatedAt: string;
}

const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The update form's data. Fields are checked one by one in the handler so the user gets the form back
 * with their draft; this schema is the final word on what may be stored.
 */
export const updateFormSchema = z.object({
  draftId: z.string().uuid(),
  area: z.string().trim().min(1).max(60),
  category: z.enum(CATEGORIES),
  trend: z.enum(TRENDS),
  level: z.enum(UPDATE_LEVELS),
  observedOn: isoDate,
  text: z.string().trim().min(3).max(MAX_UPDATE_TEXT)
});
export type UpdateForm = z.infer<typeof updateFormSchema>;

/** The data of the buttons on a posted update card. */
export const updateRefSchema = z.object({ updateId: z.string().uuid() });
