import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Access } from '../groups/access';
import type { Group, Member } from '../groups/model';
import { CaseAuditor, type ChangeCheck } from './case-audit';
import { findCase, handbookOf, readCase, type AllowedCase, type CaseActor, type CaseDeps } from './case-deps';
import { startLifecycle } from './lifecycle';
import { caseFormSchema, observationFormSchema, type CaseFile } from './model';
import { STOCKHOLM } from '../../time-zone';

const ZONE = STOCKHOLM;

/** Why someone may not open a case here: not an SSPF group, not a member, a guest, neither coordinator nor social services. */
export type OpenRefusal = 'sspfOnly' | 'notMember' | 'noGuests' | 'openerOnly';

/** An access that may open cases: a registered SSPF group and a full member (narrowed, no `!`). */
export type OpenerAccess = Access & { group: Group; member: Member };

/** The outcome of the new-case form's submit. */
export type CreateResult = { ok: false; reason: 'invalid' | 'formUsed' } | { ok: true; caseFile: CaseFile };

/** The outcome of an observation's submit. */
export type ObserveResult = ChangeCheck & { ok: false } | { ok: false; reason: 'invalid'; access: AllowedCase } | { ok: true; access: AllowedCase; caseFile: CaseFile };

/**
 * Who may open a case in this conversation: a registered SSPF group; coordinators and social services.
 * For the form (`ärende ny`) a coordinator who is not a registered member may open it; the submit needs a
 * full member (`requireMember`). Returns the narrowed access or the refusal.
 */
export function mayOpenCase(access: Access, requireMember: boolean): { ok: true; access: Access & { group: Group } } | { ok: false; reason: OpenRefusal } {
  const group = access.where.kind === 'personal' ? undefined : access.group;
  if (!group || group.kind !== 'sspf') return { ok: false, reason: 'sspfOnly' };
  if (!access.member && (requireMember || !access.coordinator)) return { ok: false, reason: 'notMember' };
  if (access.member && access.member.userRole !== 'user') return { ok: false, reason: 'noGuests' };
  if (!access.coordinator && access.member?.agency !== 'socialtjanst') return { ok: false, reason: 'openerOnly' };
  return { ok: true, access: { ...access, group } };
}

/** Opening cases and adding observations. */
export class CaseWorkService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** The year a birth year may not pass (Stockholm time). */
  thisYear(): number {
    return DateTime.fromJSDate(this.deps.clock.now(), { zone: ZONE }).year;
  }

  /**
   * The new-case form's submit, bound to a form posted in this conversation (the caller checked the
   * binding). The form is used once; the case gets the next free pseudonym of the municipality and year.
   */
  async create(access: OpenerAccess, formActivityId: string, form: Record<string, unknown>): Promise<CreateResult> {
    const parsed = caseFormSchema.safeParse(form);
    const year = this.thisYear();
    if (!parsed.success || parsed.data.birthYear > year) return { ok: false, reason: 'invalid' };
    const { group, member } = access;
    if (!(await this.deps.cases.takeNewCaseForm(group.id, access.where.conversationId, formActivityId))) return { ok: false, reason: 'formUsed' };
    const aad = member.aadObjectId;
    const now = this.deps.clock.now().toISOString();
    let created: CaseFile | undefined;
    for (let attempt = 0; attempt < 5 && !created; attempt++) {
      const pseudonym = await this.deps.cases.nextPseudonym(group.municipalityKey, year);
      created = await this.deps.cases.create({
        id: pseudonym, groupId: group.id, municipalityKey: group.municipalityKey, tenantId: group.tenantId ?? access.where.tenantId,
        status: 'open', createdAt: now, createdBy: aad, updatedAt: now, details: parsed.data, observations: [], consents: [],
        lifecycle: startLifecycle(handbookOf(this.deps, group)), shownViews: [], postedCards: []
      });
    }
    if (!created) throw new Error('could not allocate a pseudonym');
    await this.auditor.record({ actor: access.actor, where: access.where, caseFile: created, member }, created.id, { action: 'create', via: 'execute', decision: 'allowed', reason: 'created' });
    this.deps.logger.info({ groupId: group.id, caseId: created.id }, 'case opened');
    return { ok: true, caseFile: created };
  }

  /** `observation K-…`: may the actor open the observation form? */
  async openObservation(who: CaseActor, pseudonym: string): Promise<ChangeCheck> {
    return this.auditor.checkChange(await findCase(this.deps, who, pseudonym), pseudonym, 'observation', 'command', 'observe');
  }

  /** An observation's submit: filed under the author's agency (from the role, never from the form). */
  async observe(who: CaseActor, groupId: string, pseudonym: string, form: Record<string, unknown>): Promise<ObserveResult> {
    const checked = await this.auditor.checkChange(await readCase(this.deps, who, groupId, pseudonym), pseudonym, 'observation', 'execute', 'observe');
    if (!checked.ok) return checked;
    const a = checked.access;
    const agency = a.member.agency;
    await this.auditor.record(a, pseudonym, { action: 'observation', via: 'execute', decision: 'allowed', reason: 'added' });
    const parsed = observationFormSchema.safeParse(form);
    if (!parsed.success) return { ok: false, reason: 'invalid', access: a };
    const now = this.deps.clock.now().toISOString();
    const author = a.aad;
    const { doc } = await this.deps.cases.update(a.caseFile.groupId, a.caseFile.id, (cur) =>
      cur && { ...cur, updatedAt: now, observations: [...cur.observations, { id: randomUUID(), agency, date: parsed.data.date, text: parsed.data.text, authorAadObjectId: author, createdAt: now }] }
    );
    this.deps.logger.info({ groupId: a.caseFile.groupId, caseId: a.caseFile.id, agency }, 'observation added');
    return { ok: true, access: a, caseFile: doc ?? a.caseFile };
  }
}
