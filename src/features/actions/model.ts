import { z } from 'zod';
import { AGENCIES, guidSchema, type Agency } from '../groups/model';

export const ACTION_LEVELS = ['generell', 'selektiv', 'indikerad'] as const;
export type ActionLevel = (typeof ACTION_LEVELS)[number];

/** föreslagen → godkänd | avslagen → pågår → klar | avbruten (stored without diacritics). */
export const ACTION_STATUSES = ['foreslagen', 'godkand', 'avslagen', 'pagar', 'klar', 'avbruten'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses of actions that are still being worked on or waiting for a decision. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['foreslagen', 'godkand', 'pagar'];
/** Approved actions that are not finished: these can be overdue and are reminded. */
export const ACTIVE_STATUSES: readonly ActionStatus[] = ['godkand', 'pagar'];

/** Who did something and when; the display name is for cards only, never logged. */
export interface Stamp {
  by: string;
  byName: string;
  at: string;
}

/** One status change, kept in order on the action. */
export interface StatusChange extends Stamp {
  from: ActionStatus | null;
  to: ActionStatus;
}

/** An action (insats) of one group, partitioned by `groupId`. */
export interface Action {
  id: string;
  groupId: string;
  /** The owning group's municipality key, so promises of the municipality can be linked. */
  municipalityKey: string;
  title: string;
  description: string;
  level: ActionLevel;
  /** The linked area (generell/selektiv). */
  area?: string;
  /** The case pseudonym (indikerad only), e.g. `K-2026-014`: a reference, never case details. */
  casePseudonym?: string;
  agency: Agency;
  /** The owner's Entra object id; always a member of the group when chosen. */
  ownerAad: string;
  /** Display name for cards; never logged. */
  ownerName: string;
  /** Swedish calendar date `YYYY-MM-DD` (Europe/Stockholm). */
  dueDate: string;
  promiseId?: string;
  status: ActionStatus;
  created: Stamp;
  /** The coordinator's decision (approve or reject). */
  decision?: Stamp & { outcome: 'godkand' | 'avslagen'; reason?: string };
  started?: Stamp;
  /** Finished: done with an outcome, or cancelled with a reason. */
  finished?: Stamp & { outcome: 'klar' | 'avbruten'; text: string };
  history: StatusChange[];
  /** The posted card, so later changes refresh it for everyone. */
  posted?: { conversationId: string; activityId: string };
  updatedAt: string;
}

/** Field limits of the free-text fields of an action. */
export const ACTION_LIMITS = { title: 120, description: 1000, note: 500 } as const;

/** `K-YYYY-NNN`, at least three digits. */
export const CASE_PSEUDONYM = /^K-\d{4}-\d{3,}$/;

const dateText = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The proposal card's data after trimming; cross-field rules live in `validateProposal`. */
export const proposalSchema = z.object({
  // Hard caps only: the field limits and the personal-data check are in validateActionText.
  title: z.string().trim().min(3).max(5000),
  description: z.string().trim().max(20000).default(''),
  level: z.enum(ACTION_LEVELS),
  area: z.string().trim().max(60).default(''),
  casePseudonym: z
    .string()
    .trim()
    .max(30)
    .default('')
    .transform((s) => s.toUpperCase()),
  agency: z.enum(AGENCIES),
  ownerId: guidSchema,
  dueDate: dateText,
  promiseId: z.string().trim().max(80).default('')
});
export type Proposal = z.infer<typeof proposalSchema>;

/** The data every action card button carries: the action id only, nothing personal. */
export const actionRefSchema = z.object({
  actionId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  note: z.string().max(20000).optional()
});
export type ActionRef = z.infer<typeof actionRefSchema>;

/** The citizen-promise card's data; cross-field rules (period order, limits) are checked in the handler. */
export const promiseFormSchema = z.object({
  title: z.string().trim().min(3).max(5000),
  policeArea: z.string().trim().min(2).max(5000),
  periodStart: dateText,
  periodEnd: dateText,
  commitments: z
    .string()
    .max(20000)
    .transform((s) => s.split(/\n/).map((line) => line.replace(/^[-•*\s]+/, '').trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1).max(30))
});
export type PromiseForm = z.infer<typeof promiseFormSchema>;

/** Field limits of citizen promises. */
export const PROMISE_LIMITS = { title: 120, policeArea: 80, commitment: 300 } as const;

/** A citizen promise (medborgarlöfte) of a municipality and its local police area, partitioned by `municipalityKey`. */
export interface CitizenPromise {
  id: string;
  municipalityKey: string;
  municipality: string;
  /** The steering group that made it. */
  groupId: string;
  title: string;
  /** Calendar dates `YYYY-MM-DD`. */
  periodStart: string;
  periodEnd: string;
  /** The local police area (lokalpolisområde), the other party. */
  policeArea: string;
  commitments: string[];
  created: Stamp;
  updatedAt: string;
}

/** Progress of a promise over the actions linked to it. */
export interface PromiseProgress {
  /** Approved, started or done actions: what is committed (proposed, rejected and cancelled ones are not). */
  total: number;
  done: number;
  overdue: number;
  /** Proposed and not yet decided. */
  proposed: number;
}
