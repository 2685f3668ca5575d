import type { CaseViewDecision } from '../../access/case-access';
import { CaseAuditor, type ChangeCheck } from './case-audit';
import { decideView, findCase, isAdmin, readCase, type CaseAccess, type CaseActor, type CaseDeps } from './case-deps';
import type { CaseFile } from './model';
import { consentNextStep, type NextStep } from './next-step';

/**
 * The outcome of a view. `hidden`: the one neutral answer for a missing case and a non-member alike;
 * `notForYou`: a refusal that does not depend on the case (unregistered, guest); `details`: the policy
 * allows details; `withheld`: a member's withheld view, with the next step when a consent would help.
 */
export type ViewResult =
  | { kind: 'hidden' }
  | { kind: 'auditFailed' }
  | { kind: 'notForYou'; decision: CaseViewDecision }
  | { kind: 'details'; caseFile: CaseFile; decision: CaseViewDecision & { decision: 'reveal' }; access: CaseAccess }
  | { kind: 'withheld'; caseFile: CaseFile; decision: CaseViewDecision; nextStep?: NextStep; access: CaseAccess };

/** Where a view is answered: an invoke answer or refresh (only the actor sees it), or the actor's personal chat. */
export type ViewPlace = 'userSpecific' | 'personal';

/** The outcome of `ärende K-…` in a group conversation: the posted summary (never details), or a refusal. */
export type GroupShowResult = ChangeCheck;

/** Showing a case: the policy decides, the audit entry is stored, then the answer may be sent. */
export class CaseViewService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** The "Visa detaljer" button and the card's automatic refresh. */
  async viewByButton(who: CaseActor, groupId: string, pseudonym: string, automatic: boolean): Promise<ViewResult> {
    return this.view(await readCase(this.deps, who, groupId, pseudonym), pseudonym, 'userSpecific', automatic ? 'refresh' : 'execute');
  }

  /** `ärende K-…` in personal chat: found through the pseudonym index. */
  async viewInPersonalChat(who: CaseActor, pseudonym: string): Promise<ViewResult> {
    return this.view(await findCase(this.deps, who, pseudonym), pseudonym, 'personal', 'command');
  }

  /**
   * The view use case, written once for the button, the refresh and the chat command. A reveal in
   * personal chat sends no details (they come with the refresh, audited then): it is recorded as what it is.
   */
  async view(a: CaseAccess, pseudonym: string, place: ViewPlace, via: 'execute' | 'refresh' | 'command'): Promise<ViewResult> {
    const d = decideView(this.deps, a.caseFile, a.member, a.actor.aadObjectId, a.where.tenantId, place);
    if (d.answer === 'hidden') {
      await this.auditor.recordHidden(a, pseudonym, 'case.view', via);
      return { kind: 'hidden' };
    }
    try {
      if (d.decision === 'reveal' && place === 'personal') await this.auditor.record(a, pseudonym, { action: 'summary', via, decision: 'allowed', reason: 'personalCard' });
      else await this.auditor.record(a, pseudonym, { action: 'view', via, decision: d.decision, reason: d.reason, consentId: d.consentId, agencies: d.decision === 'reveal' ? d.agencies : undefined });
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message, caseId: pseudonym }, 'audit write failed; nothing revealed');
      return { kind: 'auditFailed' };
    }
    const c = a.caseFile;
    if (c && d.decision === 'reveal') return { kind: 'details', caseFile: c, decision: d, access: a };
    if (!c || d.answer !== 'withheld') return { kind: 'notForYou', decision: d };
    return { kind: 'withheld', caseFile: c, decision: d, nextStep: consentNextStep(d, a.member, c, isAdmin(this.deps, a.actor.aadObjectId)), access: a };
  }

  /** `ärende K-…` in a group conversation: the summary card for everyone there (never details), audited. */
  async showInGroup(who: CaseActor, pseudonym: string): Promise<GroupShowResult> {
    const a = await findCase(this.deps, who, pseudonym);
    const checked = await this.auditor.checkChange(a, pseudonym, 'summary', 'command', 'summary');
    if (!checked.ok) return checked;
    await this.auditor.record(checked.access, checked.access.caseFile.id, { action: 'summary', via: 'command', decision: 'withhold', reason: 'postedMessage' });
    return checked;
  }
}
