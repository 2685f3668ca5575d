import type { GroupDenyReason } from '../../access/group-access';
import { normalizeText, type Lang } from '../../i18n';
import { GroupRepository } from './group-repository';
import { answerPlace, auditRefusal, decideInScope, membershipOf, userRoleOf, type GroupScope, type GroupServiceDeps, type RegisteredScope, type RosterLookup } from './group-service';
import { registrationSchema, settingsSchema, type Group, type Registration } from './model';

/** What `registrera` opens: a registration form, a settings form for a coordinator, or a refusal. */
export type OpenRegistration =
  | { ok: true; update: boolean; values: Record<string, unknown>; groupId?: string }
  | { ok: false; reason: 'groupOnly' }
  | { ok: false; reason: 'alreadyRegistered'; name: string };

/** What a submitted registration or settings card leads to. */
export type RegistrationResult =
  | { ok: true; group: Group; coordinatorName: string; updated: boolean }
  | { ok: false; reason: 'groupOnly' | 'notMember' | 'memberNotFound' }
  | { ok: false; reason: 'invalid'; values: Record<string, unknown>; update: boolean }
  | { ok: false; reason: 'alreadyRegistered'; name: string }
  | { ok: false; reason: 'refused'; denied: GroupDenyReason };

/** The group's own settings from a validated form. */
function settingsOf(form: Omit<Registration, 'agency'>) {
  return { kind: form.kind, name: form.name, municipality: form.municipality, municipalityKey: normalizeText(form.municipality), areas: form.areas, language: form.language };
}

/**
 * Registration of a team or group chat as a group, and its settings. The card is posted in a channel
 * where anyone can edit and submit it, so what a submission does is decided from the store alone: a
 * first registration makes the registrant coordinator once; later it is a settings change that only a
 * current coordinator (or an administrator, logged as such) may make, and that changes nobody's membership.
 */
export class RegistrationService {
  constructor(private readonly deps: GroupServiceDeps) {}

  /** `registrera`: the form to show here, pre-filled from the group when it is registered. */
  open(scope: GroupScope, lang: Lang, now: Date): OpenRegistration {
    if (scope.where.kind === 'personal') return { ok: false, reason: 'groupOnly' };
    const group = scope.group;
    // Only a current coordinator (or an admin) gets the settings form; having registered confers nothing.
    if (group && !decideInScope(this.deps, scope, { kind: 'changeSettings' }, answerPlace(scope.where, 'command'), now).allow) {
      return { ok: false, reason: 'alreadyRegistered', name: group.name };
    }
    const groupId = group?.id ?? (scope.where.groupKey ? GroupRepository.idFor(scope.where.groupKey) : undefined);
    return { ok: true, update: !!group, values: group ? { ...group } : { language: lang }, groupId };
  }

  /** A submitted registration card: the first registration, or a settings change of a registered group. */
  async submit(scope: GroupScope, data: Record<string, unknown>, lookup: RosterLookup, now: Date): Promise<RegistrationResult> {
    if (scope.where.kind === 'personal') return { ok: false, reason: 'groupOnly' };
    if (!scope.actor.aadObjectId) return { ok: false, reason: 'notMember' };
    return scope.group ? this.changeSettings({ ...scope, group: scope.group }, data, now) : this.register(scope, data, lookup, now);
  }

  /** First registration: the registrant becomes coordinator with the agency she picks, once. */
  async register(scope: GroupScope, data: Record<string, unknown>, lookup: RosterLookup, now: Date): Promise<RegistrationResult> {
    const parsed = registrationSchema.safeParse(data);
    if (!parsed.success) return { ok: false, reason: 'invalid', values: data, update: false };
    const form = parsed.data;
    const aad = scope.actor.aadObjectId ?? '';
    const self = await lookup(aad);
    if (!self) return { ok: false, reason: 'memberNotFound' };
    // The same reading of Teams' role as the stored membership gets (guest and anonymous stay guests).
    const decision = decideInScope(this.deps, scope, { kind: 'register', agency: form.agency }, 'userSpecific', now, userRoleOf(self));
    if (!decision.allow) return { ok: false, reason: 'refused', denied: decision.reason };
    const { repos, logger } = this.deps;
    const key = scope.where.groupKey ?? '';
    const groupId = GroupRepository.idFor(key);
    const at = now.toISOString();
    const group = await repos.groups.create({
      id: groupId, key, ...settingsOf(form), summaries: form.kind === 'styrgrupp' ? true : undefined, tenantId: scope.where.tenantId,
      conversationType: scope.where.kind === 'channel' ? 'channel' : 'groupChat', teamId: scope.where.teamId, postConversationId: scope.where.conversationId,
      registeredBy: aad, registeredAt: at, updatedAt: at
    });
    // Someone registered it a moment earlier: this card is now an ordinary settings card, and refused.
    if (!group) return { ok: false, reason: 'alreadyRegistered', name: (await repos.groups.get(groupId))?.name ?? '' };
    const to = { agency: form.agency, roles: ['samordnare'] };
    await repos.groupAudit.append({
      groupId, at, actorAadObjectId: aad, actorName: self.name, actingAs: 'registrant', action: 'register', decision: 'allowed', reason: 'registered',
      conversationType: scope.where.kind, via: 'execute', targetAadObjectId: aad, targetName: self.name, to, changed: ['kind', 'name', 'municipality', 'areas', 'language']
    });
    await repos.members.update(groupId, aad, () => membershipOf(groupId, self, aad, form.agency, 'samordnare', aad, now));
    logger.info({ groupId, kind: group.kind }, 'group registered');
    return { ok: true, group, coordinatorName: self.name ?? '', updated: false };
  }

  /** Settings of a registered group: current coordinators, or an admin (audited as such). */
  async changeSettings(scope: RegisteredScope, data: Record<string, unknown>, now: Date): Promise<RegistrationResult> {
    const { repos, logger } = this.deps;
    const group = scope.group;
    const decision = decideInScope(this.deps, scope, { kind: 'changeSettings' }, 'userSpecific', now);
    if (!decision.allow) {
      await auditRefusal(this.deps, scope, 'settings', decision.reason, 'execute', now);
      return decision.reason === 'notCoordinator' ? { ok: false, reason: 'alreadyRegistered', name: group.name } : { ok: false, reason: 'refused', denied: decision.reason };
    }
    const parsed = settingsSchema.safeParse(data);
    if (!parsed.success) return { ok: false, reason: 'invalid', values: data, update: true };
    const settings = settingsOf(parsed.data);
    const changed = (Object.keys(settings) as Array<keyof typeof settings>).filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(group[k]));
    const at = now.toISOString();
    await repos.groupAudit.append({
      groupId: group.id, at, actorAadObjectId: scope.actor.aadObjectId ?? '', actorName: scope.actor.name, actingAs: decision.as, action: 'settings', decision: 'allowed', reason: 'saved',
      conversationType: scope.where.kind, via: 'execute', changed
    });
    const updated = (await repos.groups.update(group.id, (g) => g && { ...g, ...settings, updatedAt: at })) ?? group;
    logger.info({ groupId: group.id, kind: updated.kind, actingAs: decision.as }, 'group settings saved');
    return { ok: true, group: updated, coordinatorName: scope.member?.name ?? scope.actor.name ?? '', updated: true };
  }
}
