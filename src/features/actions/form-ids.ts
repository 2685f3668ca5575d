import { createHash, randomUUID } from 'node:crypto';
import type { TextCheck, TextField } from './text-guard';

/** A stable id derived from the card a form was posted in: a resent or double-clicked submit creates nothing twice. */
export function idFromCard(groupId: string, replyToId: string | undefined): string {
  if (!replyToId) return randomUUID();
  const h = createHash('sha256').update(`${groupId}\n${replyToId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The free-text fields of actions and promises, by the key of their label in `src/i18n/actions.ts`. */
export type TextFieldKey = 'title' | 'description' | 'note' | 'promiseTitle' | 'policeArea' | 'commitments';

/** A refused free text: which field, why, and its limit. */
export interface TextProblem {
  kind: 'text';
  field: TextFieldKey;
  problem: 'tooLong' | 'personalData';
  max: number;
}

/** Reads a text check whose labels are field keys as a problem (undefined when the texts pass). */
export function textProblem(check: TextCheck): TextProblem | undefined {
  return check.ok ? undefined : { kind: 'text', field: check.label as TextFieldKey, problem: check.reason, max: check.max };
}

/** A text field labelled by its key, for `validateActionText`. */
export function field(key: TextFieldKey, value: string, max: number): TextField {
  return { label: key, value, max };
}
