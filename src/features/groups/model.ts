import { z } from 'zod';
import type { Lang } from '../../i18n';

export const GROUP_KINDS = ['styrgrupp', 'sspf'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const AGENCIES = ['skola', 'socialtjanst', 'polis', 'fritid', 'annan'] as const;
export type Agency = (typeof AGENCIES)[number];

export const ROLES = ['samordnare', 'medlem'] as const;
export type Role = (typeof ROLES)[number];

/** A registered team (keyed by team id) or group chat (keyed by chat id). */
export interface Group {
  /** Cosmos id: `safeId(key)`. */
  id: string;
  /** `team:<team id>` or `chat:<chat id>`. */
  key: string;
  kind: GroupKind;
  name: string;
  municipality: string;
  /** `normalizeText(municipality)`: "Kungalv" and "Kungälv" are one municipality. */
  municipalityKey: string;
  areas: string[];
  language: Lang;
  /** Steering groups only: whether the weekly summary is sent (default true). */
  summaries?: boolean;
  tenantId?: string;
  conversationType: 'channel' | 'groupChat';
  teamId?: string;
  /** The channel or chat the bot posts group messages to. */
  postConversationId: string;
  registeredBy: string;
  registeredAt: string;
  updatedAt: string;
  /** Set when the bot was removed from the conversation: no proactive messages until it is back. */
  botRemovedAt?: string;
}

/** One person's membership in one group. Identity is the Entra object id. */
export interface Member {
  /** The member's Entra object id (lower case). */
  id: string;
  groupId: string;
  aadObjectId: string;
  /** Teams user id (`29:…`), for user-specific card views. */
  teamsUserId?: string;
  /** Display name for cards; never logged. */
  name?: string;
  /** Teams' user role from the roster: guests never see case details. */
  userRole?: 'user' | 'guest' | 'anonymous';
  /** UPN or e-mail from the roster, for meeting invitations. */
  upn?: string;
  agency: Agency;
  roles: Role[];
  updatedBy: string;
  updatedAt: string;
}

const nameText = z.string().trim().min(2).max(80);

/** The registration card's data, validated at the handler. */
export const registrationSchema = z.object({
  kind: z.enum(GROUP_KINDS),
  name: nameText,
  municipality: nameText,
  areas: z
    .string()
    .max(500)
    .transform((s) => [...new Set(s.split(/[,;\n]/).map((a) => a.trim()).filter(Boolean))])
    .pipe(z.array(z.string().min(2).max(60)).min(1).max(30)),
  language: z.enum(['sv', 'en']).default('sv'),
  agency: z.enum(AGENCIES)
});
export type Registration = z.infer<typeof registrationSchema>;

/** A settings card of a registered group: the same fields without an agency (any agency sent is ignored). */
export const settingsSchema = registrationSchema.omit({ agency: true });

export const guidSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((s) => s.toLowerCase());

/** The member card's data: the people picker gives an Entra object id. */
export const memberChangeSchema = z.object({
  userId: guidSchema,
  agency: z.enum(AGENCIES),
  role: z.enum(ROLES)
});
export type MemberChange = z.infer<typeof memberChangeSchema>;

export const memberRemovalSchema = z.object({ userId: guidSchema });
