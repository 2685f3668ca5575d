import type { Handbook, HandbookStep } from './handbook';
import type { Lifecycle } from './model';

/** A fresh case starts at the handbook's first step. */
export function startLifecycle(handbook: Handbook): Lifecycle {
  return { step: handbook.steps[0].id, completed: [], checked: {} };
}

/** The step the case is in, or undefined when the handbook no longer has it. */
export function currentStep(handbook: Handbook, lifecycle: Lifecycle): HandbookStep | undefined {
  return handbook.steps.find((s) => s.id === lifecycle.step);
}

/** Sets the checked items of a step; unknown item ids are ignored. */
export function setChecked(handbook: Handbook, lifecycle: Lifecycle, stepId: string, checked: readonly string[]): Lifecycle {
  const step = handbook.steps.find((s) => s.id === stepId);
  if (!step) return lifecycle;
  const known = step.items.map((i) => i.id).filter((id) => checked.includes(id));
  return { ...lifecycle, checked: { ...lifecycle.checked, [stepId]: known } };
}

/** Required items of the step that are not checked. */
export function openRequired(handbook: Handbook, lifecycle: Lifecycle, stepId: string): string[] {
  const step = handbook.steps.find((s) => s.id === stepId);
  if (!step) return [];
  const done = lifecycle.checked[stepId] ?? [];
  return step.items.filter((i) => i.required && !done.includes(i.id)).map((i) => i.id);
}

export type CompleteResult =
  | { ok: true; lifecycle: Lifecycle; closed: boolean; next?: HandbookStep }
  | { ok: false; problem: 'notCurrent' | 'requiredOpen' | 'unknownStep'; open?: string[] };

/**
 * Completes the current step when every required item is checked, moving to the next; completing
 * the last step closes the case. Refuses any step other than the current one (stale cards).
 */
export function completeStep(handbook: Handbook, lifecycle: Lifecycle, stepId: string, by: string, at: string): CompleteResult {
  const index = handbook.steps.findIndex((s) => s.id === stepId);
  if (index === -1) return { ok: false, problem: 'unknownStep' };
  if (lifecycle.step !== stepId || lifecycle.completed.some((c) => c.step === stepId)) return { ok: false, problem: 'notCurrent' };
  const open = openRequired(handbook, lifecycle, stepId);
  if (open.length > 0) return { ok: false, problem: 'requiredOpen', open };
  const next = handbook.steps[index + 1];
  const completed = [...lifecycle.completed, { step: stepId, at, by }];
  return { ok: true, lifecycle: { ...lifecycle, completed, step: next?.id ?? stepId }, closed: !next, next };
}
