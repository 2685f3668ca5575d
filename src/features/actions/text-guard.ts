import { containsPersonalData } from '../../privacy/pii-guard';

/** One free-text field of an action or a citizen promise, with its limit. */
export interface TextField {
  /** The field's label in the user's language, for the refusal. */
  label: string;
  value: string;
  max: number;
}

export type TextCheck = { ok: true } | { ok: false; label: string; reason: 'tooLong' | 'personalData'; max: number };

/**
 * THE single call site that checks free text before an action, a follow-up note or a citizen promise is
 * stored: the field limits, and the PII guard (personal identity and coordination numbers, phone numbers,
 * e-mail addresses), since actions are group-level and never carry personal data.
 */
export function validateActionText(fields: readonly TextField[]): TextCheck {
  for (const f of fields) {
    if (f.value.length > f.max) return { ok: false, label: f.label, reason: 'tooLong', max: f.max };
    if (containsPersonalData(f.value)) return { ok: false, label: f.label, reason: 'personalData', max: f.max };
  }
  return { ok: true };
}
