import { DateTime } from 'luxon';
import { CaseAuditor, type ChangeCheck } from './case-audit';
import { findCase, handbookOf, readCase, type AllowedCase, type CaseActor, type CaseDeps } from './case-deps';
import type { Handbook } from './handbook';
import { completeStep, setChecked, type CompleteResult } from './lifecycle';
import type { CaseFile } from './model';
import { STOCKHOLM } from '../../time-zone';

const ZONE = STOCKHOLM;

/** What a lifecycle submit did. `stale`: the step is no longer current (or the case closed); nothing changed. */
export type LifecycleOutcome =
  | { kind: 'stale' }
  | { kind: 'checked' }
  | { kind: 'completed'; closed: boolean; stepTitle: string }
  | { kind: 'requiredOpen'; openItems: string[] }
  | { kind: 'notCompleted' };

/** The outcome of a checklist save or a step completion. */
export type LifecycleResult = ChangeCheck & { ok: false } | { ok: true; access: AllowedCase; caseFile: CaseFile; handbook: Handbook; outcome: LifecycleOutcome };

/** The handbook's working process: steps, checklists and the follow-up date. */
export class CaseLifecycleService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** `arbetsgång K-…`: may the actor see the steps (no details)? */
  async open(who: CaseActor, pseudonym: string): Promise<ChangeCheck> {
    return this.auditor.checkChange(await findCase(this.deps, who, pseudonym), pseudonym, 'lifecycle', 'command', 'lifecycleCheck');
  }

  /**
   * Saves the ticked items of `step` and, with `complete`, completes it (social services or coordinators):
   * the last step closes the case; the action plan and the follow-up set the next follow-up date.
   */
  async change(who: CaseActor, groupId: string, pseudonym: string, step: string, ticked: string[], complete: boolean): Promise<LifecycleResult> {
    const a = await readCase(this.deps, who, groupId, pseudonym);
    const checked = await this.auditor.checkChange(a, pseudonym, 'lifecycle', 'execute', complete ? 'lifecycleComplete' : 'lifecycleCheck');
    if (!checked.ok) return checked;
    const allowed = checked.access;
    const c = allowed.caseFile;
    const handbook = handbookOf(this.deps, c);
    if (c.status !== 'open' || c.lifecycle.step !== step) return { ok: true, access: allowed, caseFile: c, handbook, outcome: { kind: 'stale' } };
    const now = this.deps.clock.now();
    let result: CompleteResult | undefined;
    const { doc } = await this.deps.cases.update(c.groupId, c.id, (cur) => {
      if (!cur || cur.status !== 'open' || cur.lifecycle.step !== step) return undefined;
      const lifecycle = setChecked(handbook, cur.lifecycle, step, ticked);
      if (!complete) return { ...cur, lifecycle, updatedAt: now.toISOString() };
      result = completeStep(handbook, lifecycle, step, allowed.aad, now.toISOString());
      if (!result.ok) return { ...cur, lifecycle, updatedAt: now.toISOString() };
      const next: CaseFile = { ...cur, lifecycle: result.lifecycle, updatedAt: now.toISOString() };
      if (result.closed) Object.assign(next, { status: 'closed', closedAt: now.toISOString(), followUpOn: undefined });
      if (step === 'atgardsplan' || step === 'uppfoljning') next.followUpOn = DateTime.fromJSDate(now, { zone: ZONE }).plus({ days: handbook.followUpAfterDays }).toISODate() ?? undefined;
      return next;
    });
    const outcome = this.outcomeOf(handbook, step, complete, result);
    const ok = outcome.kind === 'checked' || outcome.kind === 'completed';
    const reason = complete ? (ok ? `completed:${step}` : `requiredOpen:${step}`) : `checked:${step}`;
    await this.auditor.record(allowed, pseudonym, { action: 'lifecycle', via: 'execute', decision: ok ? 'allowed' : 'refused', reason });
    return { ok: true, access: allowed, caseFile: doc ?? c, handbook, outcome };
  }

  private outcomeOf(handbook: Handbook, step: string, complete: boolean, result: CompleteResult | undefined): LifecycleOutcome {
    const handbookStep = handbook.steps.find((s) => s.id === step);
    if (!complete || !result) return { kind: 'checked' };
    if (result.ok) return { kind: 'completed', closed: result.closed, stepTitle: handbookStep?.title ?? step };
    if (result.problem !== 'requiredOpen') return { kind: 'notCompleted' };
    return { kind: 'requiredOpen', openItems: (result.open ?? []).map((id) => handbookStep?.items.find((i) => i.id === id)?.text ?? id) };
  }
}
