import type { TurnContext } from 'botbuilder';
import type { RosterMember } from '../../bot/roster';
import { z } from 'zod';
import { onCardAction } from '../../bot/card-actions';
import { updatePostedCard } from '../../bot/posted-card';
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
  type Group,
  type Member
} from './model';
import { checkRosterChange } from './roles';

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

    const replacePostedCard = (context: TurnContext, card: AdaptiveCard) => updatePostedCard(ctx.outbound, context, card, logger);

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
        if (access.group && !access.coordinator) {
          await context.sendActivity(groupTexts(lang).alreadyRegistered(access.group.name));
          return;
        }
        const values: Record<string, unknown> = access.group
          ? { ...access.group, agency: access.member?.agency }
          : { language: lang };
        await context.sendActivity(cardMessage(registrationCard(lang, values, '', !!access.group)));
      }
    });

    onCardAction(app, GROUP_VERBS.register, rawForm, async (context, data) => {
      const access = await resolver.resolve(context);
      const lang = access.group?.language ?? access.userLang;
      const refused = groupOnlyAnswer(access, lang);
      if (refused) return refused;
      if (access.group && !access.coordinator && access.group.registeredBy !== access.actor.aadObjectId) {
        return { kind: 'message', text: groupTexts(lang).alreadyRegistered(access.group.name) };
      }
      const parsed = registrationSchema.safeParse(data);
      if (!parsed.success) {
        const t = groupTexts(lang);
        return { kind: 'card', card: registrationCard(lang, data, t.invalidRegistration(t.fieldNames), !!access.group) };
      }
      const form = parsed.data;
      const aad = access.actor.aadObjectId!;
      const self = await rosterMember(context, aad);
      if (!self) return { kind: 'message', text: groupTexts(lang).memberNotFound };
      const now = clock.now().toISOString();
      const key = access.where.groupKey!;
      const groupId = GroupRepository.idFor(key);
      const settings = {
        kind: form.kind,
        name: form.name,
        municipality: form.municipality,
        municipalityKey: normalizeText(form.municipality),
        areas: form.areas,
        language: form.language
      };
      let group = access.group;
      let updated = false;
      if (!group) {
        group =
          (await repos.groups.create({
            id: groupId,
            key,
            ...settings,
            summaries: form.kind === 'styrgrupp' ? true : undefined,
            tenantId: access.where.tenantId,
            conversationType: access.where.kind === 'channel' ? 'channel' : 'groupChat',
            teamId: access.where.teamId,
            postConversationId: access.where.conversationId,
            registeredBy: aad,
            registeredAt: now,
            updatedAt: now
          })) ?? (await repos.groups.get(groupId));
        if (!group) throw new Error('group vanished after create');
        if (group.registeredBy !== aad) return { kind: 'message', text: groupTexts(lang).alreadyRegistered(group.name) };
      } else if (access.coordinator) {
        group = (await repos.groups.update(groupId, (g) => g && { ...g, ...settings, updatedAt: now })) ?? group;
        updated = true;
      }
      // The registering user becomes coordinator; a coordinator saving settings keeps their roles.
      // An administrator who is not a member stays outside the roster.
      if (!updated || access.member) {
        const g = group;
        await repos.members.update(g.id, aad, (m) => ({
          id: aad,
          groupId: g.id,
          aadObjectId: aad,
          teamsUserId: self.id,
          name: self.name,
          userRole: userRoleOf(self),
          upn: self.userPrincipalName ?? self.email,
          agency: form.agency,
          roles: m?.roles ?? ['samordnare'],
          updatedBy: aad,
          updatedAt: now
        }));
      }
      logger.info({ groupId: group.id, kind: group.kind, updated }, updated ? 'group settings saved' : 'group registered');
      const card = registeredCard(group.language, group, self.name ?? '', updated);
      replacePostedCard(context, card);
      return { kind: 'card', card };
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

    const changeMember = async (context: TurnContext, change: { userId: string; agency?: Member['agency']; role?: Member['roles'][number]; remove?: boolean }): Promise<InvokeAnswer> => {
      const access = await resolver.resolve(context);
      const lang = access.userLang;
      const refused = groupOnlyAnswer(access, lang);
      if (refused) return refused;
      if (!access.group) return { kind: 'message', text: commonTexts(lang).notInGroup };
      if (!access.coordinator) return { kind: 'message', text: commonTexts(lang).coordinatorOnly };
      const group = access.group;
      const t = groupTexts(lang);
      const roster = await repos.members.list(group.id);
      if (checkRosterChange(roster, change) === 'lastCoordinator') {
        return { kind: 'card', card: membersCard(lang, group, roster, true, t.lastCoordinator, false) };
      }
      const now = clock.now().toISOString();
      let status: string;
      if (change.remove) {
        const existing = roster.find((m) => m.aadObjectId === change.userId);
        if (!existing) return { kind: 'card', card: membersCard(lang, group, roster, true, t.memberNotRegistered, false) };
        await repos.members.remove(group.id, change.userId);
        status = t.memberRemoved(existing.name ?? '');
        logger.info({ groupId: group.id, member: change.userId, by: access.actor.aadObjectId }, 'member removed');
      } else {
        const account = await rosterMember(context, change.userId);
        if (!account || (account.aadObjectId && account.aadObjectId.toLowerCase() !== change.userId)) {
          return { kind: 'card', card: membersCard(lang, group, roster, true, t.memberNotFound, false) };
        }
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
          updatedBy: access.actor.aadObjectId!,
          updatedAt: now
        }));
        status = t.memberSaved(account.name ?? '');
        logger.info({ groupId: group.id, member: change.userId, agency: change.agency, role: change.role, by: access.actor.aadObjectId }, 'member saved');
      }
      return { kind: 'card', card: membersCard(lang, group, await repos.members.list(group.id), true, status) };
    };

    onCardAction(app, GROUP_VERBS.setMember, memberChangeSchema, (context, data) => changeMember(context, data));
    onCardAction(app, GROUP_VERBS.removeMember, memberRemovalSchema, (context, data) => changeMember(context, { ...data, remove: true }));

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
        if (aad && (await repos.members.remove(group.id, aad))) {
          logger.info({ groupId: group.id, member: aad }, 'member left the team; roles removed');
        }
      }
    });

  }
};
