import type { Logger } from 'pino';
import type { CaseAccessInput, CaseAnswerPlace, CaseViewDecision } from '../../access/case-access';
import { decideCaseView } from '../../access/case-access';
import type { Actor, GroupChannel, Where } from '../../bot/port';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import type { PolicyRules } from '../../privacy/consent-policy';
import type { Store } from '../../store/store';
import type { AuditLog } from '../../audit/case-audit-repository';
import type { GroupAuditLog } from '../../audit/group-audit-repository';
import type { SecurityLog } from '../../audit/security-log-repository';
import type { ConversationRepository } from '../groups/conversation-repository';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { Group, Member } from '../groups/model';
import type { CaseRepository } from './case-repository';
import type { Handbook, HandbookLibrary } from './handbook';
import { policyCase, type CaseFile } from './model';

/** What the case services read and write through, built once by the feature's setup. */
export interface CaseDeps {
  cases: CaseRepository;
  audit: AuditLog;
  security: SecurityLog;
  handbooks: HandbookLibrary;
  groups: GroupRepository;
  members: MemberRepository;
  conversations: ConversationRepository;
  groupAudit: GroupAuditLog;
  /** Posting into groups and replacing posted or personal messages. */
  channel: GroupChannel;
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'allowedTenants' | 'adminAadIds' | 'cases'>;
}

/** Who acts and where: the plain part of a turn every case use case starts from. */
export interface CaseActor {
  actor: Actor;
  where: Where;
}

/** A case named by an actor: the case (point read) and the actor's membership in its owning group (point read). */
export interface CaseAccess extends CaseActor {
  caseFile?: CaseFile;
  member?: Member;
  /** The registered group of the conversation the actor wrote in (group conversations only). */
  group?: Group;
}

/**
 * A case the access layer allowed: the case, the actor's membership and Entra id are present (the
 * identity checks need them), narrowed so that no `!` follows a refusal.
 */
export type AllowedCase = CaseAccess & { caseFile: CaseFile; member: Member; aad: string };

/** The consent policy's rules from the configuration. */
export function policyRules(deps: CaseDeps): PolicyRules {
  return { allowedTenants: deps.config.allowedTenants, youthConsentAge: deps.config.cases.youthConsentAge };
}

export function isAdmin(deps: CaseDeps, aad: string | undefined): boolean {
  return !!aad && deps.config.adminAadIds.includes(aad.toLowerCase());
}

/** The membership as the access layer sees it. */
export function membershipOf(m: Member | undefined): CaseAccessInput['membership'] {
  return m && { groupId: m.groupId, aadObjectId: m.aadObjectId, agency: m.agency, userRole: m.userRole, roles: m.roles };
}

/** The plain inputs of src/access/case-access.ts for what was read. */
export function accessInput(deps: CaseDeps, a: CaseAccess, place: CaseAnswerPlace = a.where.kind): CaseAccessInput {
  const aad = a.actor.aadObjectId;
  return {
    actor: { aadObjectId: aad, tenantId: a.where.tenantId, isAdmin: isAdmin(deps, aad) },
    membership: membershipOf(a.member),
    place,
    caseFile: a.caseFile && { groupId: a.caseFile.groupId, tenantId: a.caseFile.tenantId, status: a.caseFile.status },
    allowedTenants: deps.config.allowedTenants
  };
}

/** The view decision (membership, place and consent) for a case and a viewer. */
export function decideView(deps: CaseDeps, c: CaseFile | undefined, member: Member | undefined, aad: string | undefined, tenantId: string | undefined, place: CaseAnswerPlace): CaseViewDecision {
  return decideCaseView({
    actor: { aadObjectId: aad, tenantId, isAdmin: isAdmin(deps, aad) },
    membership: membershipOf(member),
    place,
    caseFile: c && policyCase(c),
    rules: policyRules(deps),
    now: deps.clock.now()
  });
}

export function handbookOf(deps: CaseDeps, c: Pick<CaseFile, 'municipalityKey'>): Handbook {
  return deps.handbooks.forMunicipality(c.municipalityKey);
}

/** Reads the case and the actor's membership in its group: exactly two point reads, no query. */
export async function readCase(deps: CaseDeps, who: CaseActor, groupId: string, pseudonym: string): Promise<CaseAccess> {
  const caseFile = await deps.cases.get(groupId, pseudonym);
  const aad = who.actor.aadObjectId;
  // The membership is read whether or not the case exists: the same reads either way (no existence oracle by timing).
  const member = aad ? await deps.members.get(caseFile?.groupId ?? groupId, aad) : undefined;
  return { ...who, caseFile, member };
}

/**
 * Finds the case a command names. In a group conversation: the group's own case. In personal chat:
 * through the pseudonym index, preferring a group the actor is a member of.
 */
export async function findCase(deps: CaseDeps, who: CaseActor, pseudonym: string): Promise<CaseAccess> {
  if (who.where.groupKey) {
    const group = await deps.groups.getByKey(who.where.groupKey);
    if (!group) return { ...who };
    return { ...(await readCase(deps, who, group.id, pseudonym)), group };
  }
  // Every owner is read, and a missing pseudonym reads one placeholder partition: the reads do not
  // depend on whether the person is a member (no existence oracle by timing).
  const owners = await deps.cases.ownersOf(pseudonym);
  const found: CaseAccess[] = [];
  for (const owner of owners.length > 0 ? owners : [{ groupId: '-' }]) found.push(await readCase(deps, who, owner.groupId, pseudonym));
  return found.find((f) => f.caseFile && f.member) ?? found.find((f) => f.caseFile) ?? found[0];
}

/** The group's language (posted cards), Swedish when unknown. */
export async function groupLang(deps: CaseDeps, groupId: string): Promise<'sv' | 'en'> {
  return (await deps.groups.get(groupId))?.language ?? 'sv';
}
