import { AuditLog } from '../../../src/audit/case-audit-repository';
import { GroupAuditLog } from '../../../src/audit/group-audit-repository';
import { SecurityLog } from '../../../src/audit/security-log-repository';
import type { AdaptiveCard } from '../../../src/cards/render';
import type { ChannelOutcome, GroupChannel, StoredReference } from '../../../src/bot/port';
import { CaseRepository } from '../../../src/features/cases/case-repository';
import type { CaseActor, CaseDeps } from '../../../src/features/cases/case-deps';
import { HandbookLibrary } from '../../../src/features/cases/handbook';
import type { CaseFile, Consent } from '../../../src/features/cases/model';
import { ConversationRepository } from '../../../src/features/groups/conversation-repository';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { Agency, Group, Member, Role } from '../../../src/features/groups/model';
import { createLogger } from '../../../src/logger';
import { openStore, type Store } from '../../../src/store/store';

export const TENANT = 'tenant-kungalv';
export const GROUP_KEY = 'team:ytterby';
export const GROUP = GroupRepository.idFor(GROUP_KEY);

/** Records what the services replaced, so a test can see that a card update was asked for. */
export class RecordingChannel implements GroupChannel {
  readonly replaced: Array<{ activityId: string; card: AdaptiveCard }> = [];
  async post(): Promise<ChannelOutcome> {
    return { status: 'sent', activityId: 'posted' };
  }
  async sendTo(): Promise<ChannelOutcome> {
    return { status: 'sent', activityId: 'sent' };
  }
  async postText(): Promise<ChannelOutcome> {
    return { status: 'sent', activityId: 'posted-text' };
  }
  async replace(_reference: StoredReference, activityId: string, card: AdaptiveCard): Promise<ChannelOutcome> {
    this.replaced.push({ activityId, card });
    return { status: 'sent', activityId };
  }
  updatePressed(): { allowed: boolean; reason: string } {
    return { allowed: false, reason: 'noMessage' };
  }
  refresh(): void {}
}

/** The case services' dependencies on a fresh embedded store, with a settable clock. */
export async function caseDeps(database: string): Promise<{ deps: CaseDeps; store: Store; channel: RecordingChannel; setNow: (d: Date) => void }> {
  const store = await openStore({ cosmos: { database }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
  let now = new Date('2026-03-10T09:00:00Z');
  const channel = new RecordingChannel();
  const deps: CaseDeps = {
    cases: new CaseRepository(store),
    audit: new AuditLog(store),
    security: new SecurityLog(store),
    handbooks: new HandbookLibrary(),
    groups: new GroupRepository(store),
    members: new MemberRepository(store),
    conversations: new ConversationRepository(store),
    groupAudit: new GroupAuditLog(store),
    channel,
    store,
    clock: { now: () => now },
    logger: createLogger('silent'),
    config: {
      allowedTenants: [TENANT],
      adminAadIds: [],
      cases: { detailsRetentionMonths: 24, consentRetentionMonths: 24, auditRetentionMonths: 36, consentDefaultValidMonths: 12, youthConsentAge: 15, publicBaseUrl: 'https://trygg.example' }
    }
  };
  return { deps, store, channel, setNow: (d) => (now = d) };
}

export async function addGroup(deps: CaseDeps, key = GROUP_KEY): Promise<Group> {
  const id = GroupRepository.idFor(key);
  const group: Group = {
    id, key, kind: 'sspf', name: `SSPF ${id}`, municipality: 'Kungälv', municipalityKey: 'kungalv', areas: ['Ytterby'], language: 'sv', tenantId: TENANT,
    conversationType: 'channel', teamId: key.slice(5), postConversationId: `19:${key.slice(5)}@thread.tacv2`, registeredBy: 'x', registeredAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'
  };
  await deps.groups.create(group);
  return group;
}

export async function addMember(deps: CaseDeps, aad: string, agency: Agency, roles: Role[] = ['medlem'], over: Partial<Member> = {}, groupId = GROUP): Promise<Member> {
  const member: Member = { id: aad, groupId, aadObjectId: aad, teamsUserId: `29:${aad}`, name: `Person ${aad}`, userRole: 'user', agency, roles, updatedBy: 'x', updatedAt: '2026-01-01T00:00:00Z', ...over };
  await deps.members.update(groupId, aad, () => member);
  return member;
}

export function consent(over: Partial<Consent> = {}): Consent {
  return {
    id: 'k1', scope: ['skola', 'polis', 'socialtjanst'], guardiansWithCustody: 2, guardiansSigned: 2, youthSigned: false, matureEnough: false, youthRequired: false,
    signedAt: '2026-03-01T00:00:00.000Z', validUntil: '2027-03-01T00:00:00.000Z', archiveRef: 'Arkiv 1', registeredBy: 'stina', registeredAt: '2026-03-01T00:00:00.000Z', ...over
  };
}

export async function addCase(deps: CaseDeps, id = 'K-2026-001', over: Partial<CaseFile> = {}, groupId = GROUP): Promise<CaseFile> {
  const c: CaseFile = {
    id, groupId, municipalityKey: 'kungalv', tenantId: TENANT, status: 'open', createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'stina', updatedAt: '2026-03-01T00:00:00.000Z',
    details: { name: 'MARKER Namn', birthYear: 2012, area: 'Ytterby', concern: 'MARKER oro' }, observations: [], consents: [],
    lifecycle: { step: 'oro', completed: [], checked: {} }, shownViews: [], postedCards: [], ...over
  };
  await deps.cases.create(c);
  return c;
}

/** An actor in personal chat (or in the group's channel with `inChannel`). */
export function who(aad: string | undefined, inChannel?: string, tenantId = TENANT): CaseActor {
  const actor = { aadObjectId: aad, teamsUserId: `29:${aad ?? 'anon'}`, name: 'Someone' };
  if (inChannel) return { actor, where: { kind: 'channel', conversationId: `19:${inChannel}@thread.tacv2`, groupKey: `team:${inChannel}`, teamId: inChannel, tenantId } };
  return { actor, where: { kind: 'personal', conversationId: `a:${aad ?? 'anon'}`, tenantId } };
}
