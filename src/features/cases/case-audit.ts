import { decideCaseChange, isSecurityEvent, type CaseChange, type CaseChangeReason, type IdentityRefusal } from '../../access/case-access';
import type { AuditAction, NewAuditEntry } from '../../privacy/audit';
import { accessInput, type AllowedCase, type CaseAccess, type CaseDeps } from './case-deps';

/** How a request came: a button, an automatic refresh, a chat command, an HTTP download, a job. */
export type Via = NewAuditEntry['via'];

/** What an audit entry says beyond who, where and which case (those come from the access read). */
export interface AuditFacts {
  action: AuditAction;
  via: Via;
  decision: NewAuditEntry['decision'];
  reason: string;
  consentId?: string;
  agencies?: string[];
  /** Group-wide entries (the log export) name the group; otherwise it is the case's owning group. */
  groupId?: string;
}

/** A change the access layer allowed (the case narrowed to present), or the refusal's reason. */
export type ChangeCheck = { ok: true; access: AllowedCase } | { ok: false; reason: CaseChangeReason | IdentityRefusal; access: CaseAccess };

/** The actor as the audit log names them: the Entra object id, else the Teams user id. */
export function actorId(a: Pick<CaseAccess, 'actor'>): string {
  return a.actor.aadObjectId ?? `teams:${a.actor.teamsUserId || 'unknown'}`;
}

/**
 * The one way the case services write the audit trail: every entry about an actor's request is built
 * here from the access read (group, case, actor, conversation, agency) and the facts of the decision.
 */
export class CaseAuditor {
  constructor(private readonly deps: CaseDeps) {}

  /** Writes an entry about the actor's request; throws when it could not be stored (a reveal must not follow). */
  async record(a: CaseAccess, pseudonym: string, facts: AuditFacts): Promise<void> {
    await this.append({
      caseId: pseudonym, actorAadObjectId: actorId(a), conversationId: a.where.conversationId,
      conversationType: a.where.kind, viewerAgency: a.member?.agency, ...facts, groupId: facts.groupId ?? a.caseFile?.groupId ?? '-'
    });
  }

  /** Writes a system or group-wide entry as given (retention job, export download). */
  async append(entry: Omit<NewAuditEntry, 'at'> & { at?: string }): Promise<void> {
    await this.deps.audit.append({ ...entry, at: entry.at ?? this.deps.clock.now().toISOString() });
  }

  /**
   * Someone named a case they may not know of (missing, or another group's): the tenant's security log
   * gets the precise reason; the person gets the neutral text. A failed write is logged, not shown.
   */
  async recordHidden(a: CaseAccess, pseudonym: string, action: string, via: 'execute' | 'refresh' | 'command' | 'http'): Promise<void> {
    try {
      await this.deps.security.append({
        tenantId: a.where.tenantId ?? '-', at: this.deps.clock.now().toISOString(), actorAadObjectId: actorId(a), conversationType: a.where.kind,
        conversationId: a.where.conversationId, action, via, target: pseudonym, reason: hiddenReason(a)
      });
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'security log write failed');
    }
  }

  /**
   * Asks src/access/case-access.ts whether `act` is allowed. A refusal is recorded (the security log for
   * a case one may not know of, the case audit otherwise) and returned with its reason.
   */
  async checkChange(a: CaseAccess, pseudonym: string, action: AuditAction, via: 'execute' | 'command', act: CaseChange): Promise<ChangeCheck> {
    const decision = decideCaseChange(accessInput(this.deps, a), act);
    const aad = a.actor.aadObjectId;
    if (decision.allowed && a.caseFile && a.member && aad) return { ok: true, access: { ...a, caseFile: a.caseFile, member: a.member, aad } };
    const reason = decision.allowed ? 'noAccess' : decision.reason;
    await this.recordRefusal(a, pseudonym, action, via, reason);
    return { ok: false, reason, access: a };
  }

  /** A refusal: to the security log when the case must stay unknown to the actor, to the case audit otherwise. */
  async recordRefusal(a: CaseAccess, pseudonym: string, action: AuditAction, via: 'execute' | 'command', reason: string): Promise<void> {
    if (isSecurityEvent(reason)) await this.recordHidden(a, pseudonym, `case.${action}`, via);
    else await this.record(a, pseudonym, { action, via, decision: 'refused', reason });
  }
}

/** The precise reason behind a `noAccess` refusal, for the security log only. */
function hiddenReason(a: CaseAccess): string {
  if (!a.caseFile) return 'unknownCase';
  return a.caseFile.tenantId && a.caseFile.tenantId !== a.where.tenantId ? 'otherTenant' : 'notMember';
}
