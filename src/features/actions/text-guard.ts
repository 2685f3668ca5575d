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
 * stored. It enforces the field limits here.
 *
 * Merge point: the PII guard (`src/privacy/pii-guard.ts`, built in parallel) must be called here for each
 * field, returning `{ ok: false, reason: 'personalData' }` for personal identity numbers, phone numbers and
 * e-mail addresses. Until it is merged, this function does NOT detect personal data.
 */
export function validateActionText(fields: readonly TextField[]): TextCheck {
  for (const f of fields) {
    if (f.value.length > f.max) return { ok: false, label: f.label, reason: 'tooLong', max: f.max };
  }
  return { ok: true };
}
