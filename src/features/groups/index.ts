import type { TurnContext } from 'botbuilder';
import type { RosterMember } from '../../bot/roster';
import { z } from 'zod';
import { onCardAction } from '../../bot/card-actions';
import { checkCardBinding } from '../../access/card-binding';
import { updatePostedCard } from '../../bot/posted-card';
import { PostedForms } from '../../bot/posted-forms';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import { type Lang, normalizeText } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { groupTexts, labelTexts } from '../../i18n/groups';
import type { Feature, FeatureContext } from '../feature';
import type { Access } from './access';
import { GroupRepository } from './group-repository';
import {
  AGENCIES,
  ROLES,
  memberChangeSchema,
  memberRemovalSchema,
  registrationSchema,
  settingsSchema,
  type Group,
  type Registration,
  type Member
} from './model';
import { decideGroupAct, type AnswerPlace, type GroupAct, type GroupDecision } from '../../access/group-access';
import type { GroupAuditAction, GroupAuditEntry } from '../../audit/group-audit-repository';
import { registerGroupLog } from './group-log';
import { registerLinks } from './links';
import { withRosterLock } from './roster-lock';
import { localeLang, whereOf } from '../../bot/turn';

/** Card verbs of this feature, shared by the card models and the handlers. */
export const GROUP_VERBS = {
  register: 'groups.register',
  setMember: 'groups.setMember',
  removeMember: 'groups.removeMember'
} as const;

/** Raw card data: validated field by field in the handler so the user gets the form back with the draft. */
const rawForm = z.record(z.unknown());

function choices<K extends string>(keys: readonly K[], lang: Lang) {
  const labels = labelTexts(lang) as Record<string, string>;
  return keys.map((value) => ({ value, title: labels[value] }));
}

function registrationCard(lang: Lang, values: Record<string, unknown>, error: string, update: boolean): AdaptiveCard {
  const t = groupTexts(lang);
  return renderCard('group-register', {
    t: {
      title: update ? t.updateTitle : t.registerTitle,
      intro: update ? t.updateIntro : t.registerIntro,
      kind: t.kind,
      kindSspf: t.kindSspf,
      kindStyrgrupp: t.kindStyrgrupp,
      name: t.name,
      municipality: t.municipality,
      areas: t.areas,
      areasHint: t.areasHint,
      language: t.language,
      agency: t.agency,
      submit: update ? t.save : t.submit,
      required: t.required
    },
    values: {
      kind: String(values.kind ?? 'sspf'),
      name: String(values.name ?? ''),
      municipality: String(values.municipality ?? ''),
      areas: Array.isArray(values.areas) ? values.areas.join(', ') : String(values.areas ?? ''),
      language: String(values.language ?? lang),
      agency: String(values.agency ?? '')
    },
    error,
    // The registrant's own agency is chosen only at first registration; a settings card has no such field.
    showAgency: !update,
    agencies: choices(AGENCIES, lang),
    verb: GROUP_VERBS.register
  }, lang);
}

function registeredCard(lang: Lang, group: Group, coordinator: string, updated: boolean): AdaptiveCard {
  const t = groupTexts(lang);
  return renderCard('group-registered', {
    t: {
      title: updated ? t.updatedTitle : t.registeredTitle,
      name: t.name,
      kind: t.kind,
      municipality: t.municipality,
      areas: t.areas,
      coordinator: t.coordinator,
      next: t.registeredNext
    },
    group,
    kindLabel: group.kind === 'sspf' ? t.kindSspfShort : t.kindStyrgruppShort,
    areasText: group.areas.join(', '),
    coordinator
  }, lang);
}

function membersCard(lang: Lang, group: Group, members: Member[], canEdit: boolean, status = '', ok = true): AdaptiveCard {
  const t = groupTexts(lang);
  const labels = labelTexts(lang);
  return renderCard('members', {
    t: {
      title: t.membersTitle(group.name),
      empty: t.membersEmpty,
      changeTitle: t.changeTitle,
      person: t.person,
      agency: t.agencyLabel,
      role: t.role,
      save: t.save,
      remove: t.remove,
      required: t.required
    },
    status,
    statusColor: ok ? 'Good' : 'Attention',
    members: members.map((m) => ({
      name: m.name ?? m.aadObjectId,
      description: `${labels[m.agency]} · ${m.roles.map((r) => labels[r]).join(', ')}`
    })),
    canEdit,
    agencies: choices(AGENCIES, lang),
    roles: choices(ROLES, lang),
    saveVerb: GROUP_VERBS.setMember,
    removeVerb: GROUP_VERBS.removeMember
  }, lang);
}

function userRoleOf(account: RosterMember): Member['userRole'] {
  const role = account.userRole;
  return role === 'guest' || role === 'anonymous' ? role : 'user';
}

/** Where an answer goes: an invoke's answer is the actor's own view; a typed command's is posted. */
function answerPlace(access: Access, invoke: boolean): AnswerPlace {
  if (access.where.kind === 'personal') return 'personal';
  return invoke ? 'userSpecific' : access.where.kind;
}

/** The group's own settings from a validated form. */
function settingsOf(form: Omit<Registration, 'agency'>) {
  return {
    kind: form.kind,
    name: form.name,
    municipality: form.municipality,
    municipalityKey: normalizeText(form.municipality),
    areas: form.areas,
    language: form.language
  };
}

function groupOnlyAnswer(access: Access, lang: Lang): InvokeAnswer | undefined {
  if (access.where.kind === 'personal') return { kind: 'message', text: commonTexts(lang).groupOnly };
  if (!access.actor.aadObjectId) return { kind: 'message', text: commonTexts(lang).notMember };
  return undefined;
}

/** Registration of teams and group chats, membership, roles, roster events and conversation references. */
export const groupsFeature: Feature = {
  name: 'groups',
  register(ctx: FeatureContext) {
    const { app, router, repos, access: resolver, clock, logger, roster } = ctx;
    const rosterMember = (context: TurnContext, userId: string) => roster.getMember(context, userId);

    const forms = new PostedForms(ctx.store);
    /**
     * src/access/card-binding.ts for the registration/settings card: it shows no per-object state, so it is
     * bound to the group and the conversation: the posted card is replaced for everyone only when the
     * invoke came from a registration form the bot recorded for this group in this conversation. Otherwise
     * the act (decided by the access layer) stands, answered to the clicking user only; no message changes.
     */
    const replacePostedCard = async (context: TurnContext, access: Access, groupId: string, card: AdaptiveCard): Promise<void> => {
      const replyToId = context.activity.replyToId;
      const cards = await forms.find('group', groupId, access.where.conversationId, replyToId);
      const binding = checkCardBinding({ kind: access.where.kind, conversationId: access.where.conversationId, replyToId, groupId }, { groupId, cards });
      if (!binding.allowed) return void logger.warn({ reason: binding.reason }, 'group card not updated: not bound to a recorded registration card');
      updatePostedCard(ctx.outbound, context, card, logger);
    };

    /** Asks the access layer about one act here, with what the store holds now (never what a card says). */
    const decide = (access: Access, act: GroupAct, invoke: boolean, userRole?: string): GroupDecision =>
      decideGroupAct({
        actor: { aadObjectId: access.actor.aadObjectId, tenantId: access.where.tenantId, admin: resolver.isAdmin(access.actor.aadObjectId), userRole },
        membership: access.member,
        group: access.group,
        act,
        where: answerPlace(access, invoke),
        rules: { allowedTenants: ctx.config.allowedTenants },
        now: clock.now()
      });

    /** Writes a refusal to the group's log (when there is a group) and answers it; nothing else changes. */
    const refuse = async (access: Access, action: GroupAuditAction, reason: string, via: 'execute' | 'command', attempt: Partial<Pick<GroupAuditEntry, 'targetAadObjectId' | 'targetName' | 'from' | 'to'>> = {}): Promise<void> => {
      if (!access.group || !access.actor.aadObjectId) return;
      // A refused attempt is logged with what it tried (target, from → to), for the log review.
      await repos.groupAudit.append({
        groupId: access.group.id, at: clock.now().toISOString(), actorAadObjectId: access.actor.aadObjectId, actorName: access.actor.name, actingAs: access.member ? 'member' : 'none',
        action, decision: 'refused', reason, conversationType: access.where.kind, via, ...attempt
      });
      logger.info({ groupId: access.group.id, action, reason }, 'group act refused');
    };

    router.register({
      id: 'groups.register',
      aliases: { sv: ['registrera'], en: ['register'] },
      help: { sv: 'Registrera teamet eller gruppchatten (SSPF-grupp eller styrgrupp).', en: 'Register the team or group chat (SSPF group or steering group).' },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const lang = input.lang;
        if (access.where.kind === 'personal') {
          await context.sendActivity(commonTexts(lang).groupOnly);
          return;
        }
        if (access.group) {
          // Only a current coordinator (or an admin) gets the settings form; having registered confers nothing.
          const decision = decide(access, { kind: 'changeSettings' }, false);
          if (!decision.allow) {
            await context.sendActivity(groupTexts(lang).alreadyRegistered(access.group.name));
            return;
          }
        }
        const values: Record<string, unknown> = access.group ? { ...access.group } : { language: lang };
        const sent = await context.sendActivity(cardMessage(registrationCard(lang, values, '', !!access.group)));
        const groupId = access.group?.id ?? (access.where.groupKey ? GroupRepository.idFor(access.where.groupKey) : undefined);
        if (sent?.id && groupId) await forms.remember('group', groupId, access.where.conversationId, sent.id, clock.now());
      }
    });

    /** First registration: the registrant becomes coordinator with the agency she picks, once. */
    const registerGroup = async (context: TurnContext, access: Access, data: Record<string, unknown>, lang: Lang): Promise<InvokeAnswer> => {
      const t = groupTexts(lang);
      const parsed = registrationSchema.safeParse(data);
      if (!parsed.success) return { kind: 'card', card: registrationCard(lang, data, t.invalidRegistration(t.fieldNames), false) };
      const form = parsed.data;
      const aad = access.actor.aadObjectId!;
      const self = await rosterMember(context, aad);
      if (!self) return { kind: 'message', text: t.memberNotFound };
      // The same reading of Teams' role as the stored membership gets (guest and anonymous stay guests).
      const decision = decide(access, { kind: 'register', agency: form.agency }, true, userRoleOf(self));
      if (!decision.allow) return { kind: 'message', text: t.refused(decision.reason) };
      const now = clock.now().toISOString();
      const key = access.where.groupKey!;
      const groupId = GroupRepository.idFor(key);
      const group = await repos.groups.create({
        id: groupId,
        key,
        ...settingsOf(form),
        summaries: form.kind === 'styrgrupp' ? true : undefined,
        tenantId: access.where.tenantId,
        conversationType: access.where.kind === 'channel' ? 'channel' : 'groupChat',
        teamId: access.where.teamId,
        postConversationId: access.where.conversationId,
        registeredBy: aad,
        registeredAt: now,
        updatedAt: now
      });
      // Someone registered it a moment earlier: this card is now an ordinary settings card, and refused.
      if (!group) return { kind: 'message', text: t.alreadyRegistered((await repos.groups.get(groupId))?.name ?? '') };
      const to = { agency: form.agency, roles: ['samordnare'] };
      await repos.groupAudit.append({
        groupId, at: now, actorAadObjectId: aad, actorName: self.name, actingAs: 'registrant', action: 'register', decision: 'allowed', reason: 'registered',
        conversationType: access.where.kind, via: 'execute', targetAadObjectId: aad, targetName: self.name, to, changed: ['kind', 'name', 'municipality', 'areas', 'language']
      });
      await repos.members.update(groupId, aad, () => ({
        id: aad, groupId, aadObjectId: aad, teamsUserId: self.id, name: self.name, userRole: userRoleOf(self), upn: self.userPrincipalName ?? self.email,
        agency: form.agency, roles: ['samordnare'], updatedBy: aad, updatedAt: now
      }));
      logger.info({ groupId, kind: group.kind }, 'group registered');
      const card = registeredCard(group.language, group, self.name ?? '', false);
      await replacePostedCard(context, access, groupId, card);
      return { kind: 'card', card };
    };

    /** Settings of a registered group: current coordinators, or an admin (audited as such). Nobody's membership changes here. */
    const changeSettings = async (context: TurnContext, access: Access, data: Record<string, unknown>): Promise<InvokeAnswer> => {
      const group = access.group!;
      const lang = group.language ?? access.userLang;
      const t = groupTexts(lang);
      const decision = decide(access, { kind: 'changeSettings' }, true);
      if (!decision.allow) {
        await refuse(access, 'settings', decision.reason, 'execute');
        return { kind: 'message', text: decision.reason === 'notCoordinator' ? t.alreadyRegistered(group.name) : t.refused(decision.reason) };
      }
      const parsed = settingsSchema.safeParse(data);
      if (!parsed.success) return { kind: 'card', card: registrationCard(lang, data, t.invalidRegistration(t.fieldNames), true) };
      const settings = settingsOf(parsed.data);
      const changed = (Object.keys(settings) as Array<keyof typeof settings>).filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(group[k]));
      const now = clock.now().toISOString();
      await repos.groupAudit.append({
        groupId: group.id, at: now, actorAadObjectId: access.actor.aadObjectId!, actorName: access.actor.name, actingAs: decision.as, action: 'settings', decision: 'allowed', reason: 'saved',
        conversationType: access.where.kind, via: 'execute', changed
      });
      const updated = (await repos.groups.update(group.id, (g) => g && { ...g, ...settings, updatedAt: now })) ?? group;
      logger.info({ groupId: group.id, kind: updated.kind, actingAs: decision.as }, 'group settings saved');
      const coordinatorName = access.member?.name ?? access.actor.name ?? '';
      const card = registeredCard(updated.language, updated, coordinatorName, true);
      await replacePostedCard(context, access, group.id, card);
      return { kind: 'card', card };
    };

    // The registration card: posted in a channel, anyone who sees it can edit and submit it, so the
    // server decides from the store alone whether this is a first registration or a settings change.
    onCardAction(app, GROUP_VERBS.register, rawForm, async (context, data) => {
      const access = await resolver.resolve(context);
      const lang = access.group?.language ?? access.userLang;
      const refused = groupOnlyAnswer(access, lang);
      if (refused) return refused;
      return access.group ? changeSettings(context, access, data) : registerGroup(context, access, data, lang);
    });

    const listMembers = async (context: TurnContext, lang: Lang, withForm: boolean) => {
      const access = await resolver.resolve(context);
      if (access.where.kind === 'personal') return void (await context.sendActivity(commonTexts(lang).groupOnly));
      if (!access.group) return void (await context.sendActivity(commonTexts(lang).notInGroup));
      if (withForm && !access.coordinator) return void (await context.sendActivity(commonTexts(lang).coordinatorOnly));
      const members = await repos.members.list(access.group.id);
      await context.sendActivity(cardMessage(membersCard(lang, access.group, members, withForm && access.coordinator)));
    };

    router.register({
      id: 'groups.members',
      aliases: { sv: ['medlemmar'], en: ['members'] },
      help: { sv: 'Visa gruppens medlemmar, verksamheter och roller.', en: "Show the group's members, agencies and roles." },
      handler: (context, input) => listMembers(context, input.lang, false)
    });

    router.register({
      id: 'groups.member',
      aliases: { sv: ['medlem', 'roll', 'roller'], en: ['member', 'role', 'roles'] },
      help: { sv: 'Samordnare: lägg till medlemmar och ge dem verksamhet och roll.', en: 'Coordinators: add members and set their agency and role.' },
      handler: (context, input) => listMembers(context, input.lang, true)
    });

    type MemberChange = { userId: string; agency?: Member['agency']; role?: Member['roles'][number]; remove?: boolean };
    /** One membership change of a group at a time, so the last-coordinator rule holds under concurrency. */
    const changeMember = async (context: TurnContext, change: MemberChange): Promise<InvokeAnswer> => {
      const groupKey = whereOf(context.activity).groupKey;
      if (!groupKey) return changeMemberNow(context, change);
      const answer = await withRosterLock(ctx.claims, GroupRepository.idFor(groupKey), () => clock.now(), () => changeMemberNow(context, change));
      return answer ?? { kind: 'message', text: commonTexts(localeLang(context)).conflict };
    };

    const changeMemberNow = async (context: TurnContext, change: MemberChange): Promise<InvokeAnswer> => {
      const access = await resolver.resolve(context);
      const lang = access.userLang;
      const refused = groupOnlyAnswer(access, lang);
      if (refused) return refused;
      if (!access.group) return { kind: 'message', text: commonTexts(lang).notInGroup };
      const group = access.group;
      const t = groupTexts(lang);
      const roster = await repos.members.list(group.id);
      const current = roster.find((m) => m.aadObjectId === change.userId);
      const coordinators = roster.filter((m) => m.roles.includes('samordnare')).map((m) => m.aadObjectId);
      const target = { aadObjectId: change.userId, current };
      const act: GroupAct = change.remove
        ? { kind: 'removeMember', target, coordinators }
        : { kind: 'setMember', target, agency: change.agency ?? '', role: change.role ?? '', coordinators };
      const decision = decide(access, act, true);
      if (!decision.allow) {
        await refuse(access, change.remove ? 'memberRemoved' : 'memberSet', decision.reason, 'execute', {
          targetAadObjectId: change.userId,
          targetName: current?.name,
          from: current ? { agency: current.agency, roles: [...current.roles] } : undefined,
          to: change.remove ? undefined : { agency: String(change.agency), roles: [String(change.role)] }
        });
        if (decision.reason === 'notCoordinator') return { kind: 'message', text: commonTexts(lang).coordinatorOnly };
        if (decision.reason === 'notMember') return { kind: 'card', card: membersCard(lang, group, roster, true, t.memberNotRegistered, false) };
        if (decision.reason === 'lastCoordinator') return { kind: 'card', card: membersCard(lang, group, roster, true, t.lastCoordinator, false) };
        return { kind: 'card', card: membersCard(lang, group, roster, true, t.refused(decision.reason), false) };
      }
      const now = clock.now().toISOString();
      const actor = access.actor.aadObjectId!;
      const from = current ? { agency: current.agency, roles: [...current.roles] } : undefined;
      const entry = {
        groupId: group.id, at: now, actorAadObjectId: actor, actorName: access.actor.name, actingAs: decision.as, decision: 'allowed' as const,
        conversationType: access.where.kind, via: 'execute' as const, targetAadObjectId: change.userId, targetName: current?.name, from
      };
      let status: string;
      if (change.remove) {
        await repos.groupAudit.append({ ...entry, action: 'memberRemoved', reason: 'removed' });
        await repos.members.remove(group.id, change.userId);
        status = t.memberRemoved(current?.name ?? '');
        logger.info({ groupId: group.id, member: change.userId, by: actor, actingAs: decision.as }, 'member removed');
        await ctx.membershipEvents.emit({ groupId: group.id, aadObjectId: change.userId, kind: 'removed' });
      } else {
        const account = await rosterMember(context, change.userId);
        if (!account || (account.aadObjectId && account.aadObjectId.toLowerCase() !== change.userId)) {
          return { kind: 'card', card: membersCard(lang, group, roster, true, t.memberNotFound, false) };
        }
        await repos.groupAudit.append({ ...entry, targetName: account.name ?? current?.name, action: 'memberSet', reason: current ? 'changed' : 'added', to: { agency: change.agency!, roles: [change.role!] } });
        await repos.members.update(group.id, change.userId, () => ({
          id: change.userId,
          groupId: group.id,
          aadObjectId: change.userId,
          teamsUserId: account.id,
          name: account.name,
          userRole: userRoleOf(account),
          upn: account.userPrincipalName ?? account.email,
          agency: change.agency!,
          roles: [change.role!],
          updatedBy: actor,
          updatedAt: now
        }));
        status = t.memberSaved(account.name ?? '');
        logger.info({ groupId: group.id, member: change.userId, agency: change.agency, role: change.role, by: actor, actingAs: decision.as }, 'member saved');
        await ctx.membershipEvents.emit({ groupId: group.id, aadObjectId: change.userId, kind: 'saved' });
      }
      return { kind: 'card', card: membersCard(lang, group, await repos.members.list(group.id), true, status) };
    };

    onCardAction(app, GROUP_VERBS.setMember, memberChangeSchema, (context, data) => changeMember(context, data));
    onCardAction(app, GROUP_VERBS.removeMember, memberRemovalSchema, (context, data) => changeMember(context, { ...data, remove: true }));

    registerGroupLog(ctx);
    registerLinks(ctx);

    app.conversationUpdate('membersAdded', async (context) => {
      const botId = context.activity.recipient?.id;
      if (!context.activity.membersAdded?.some((m) => m.id === botId)) return;
      const access = await resolver.resolve(context);
      if (access.group?.botRemovedAt) {
        await repos.groups.update(access.group.id, (g) => g && { ...g, botRemovedAt: undefined, updatedAt: clock.now().toISOString() });
      }
      const lang = access.group?.language ?? access.userLang;
      await context.sendActivity(access.where.kind === 'personal' ? groupTexts(lang).welcomePersonal : groupTexts(lang).welcome);
    });

    app.conversationUpdate('membersRemoved', async (context) => {
      const access = await resolver.resolve(context);
      if (!access.group) return;
      const group = access.group;
      const botId = context.activity.recipient?.id;
      let roster: Member[] | undefined;
      for (const account of context.activity.membersRemoved ?? []) {
        if (account.id === botId) {
          await repos.groups.update(group.id, (g) => g && { ...g, botRemovedAt: clock.now().toISOString() });
          logger.warn({ groupId: group.id }, 'bot removed from group; proactive messages stop');
          continue;
        }
        let aad = account.aadObjectId?.toLowerCase();
        if (!aad) {
          roster ??= await repos.members.list(group.id);
          aad = roster.find((m) => m.teamsUserId === account.id)?.aadObjectId;
        }
        const leaving = aad ? (roster ??= await repos.members.list(group.id)).find((m) => m.aadObjectId === aad) : undefined;
        if (aad && leaving) {
          await repos.groupAudit.append({
            groupId: group.id, at: clock.now().toISOString(), actorAadObjectId: aad, actorName: leaving.name, actingAs: 'system', action: 'memberLeft', decision: 'allowed',
            reason: 'leftConversation', conversationType: 'system', via: 'event', targetAadObjectId: aad, targetName: leaving.name, from: { agency: leaving.agency, roles: [...leaving.roles] }
          });
        }
        if (aad && (await repos.members.remove(group.id, aad))) {
          logger.info({ groupId: group.id, member: aad }, 'member left the team; roles removed');
          await ctx.membershipEvents.emit({ groupId: group.id, aadObjectId: aad, kind: 'removed' });
        }
      }
    });

  }
};
