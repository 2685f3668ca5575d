import type { TurnContext } from 'botbuilder';
import { decideGroupAct, type GroupAct } from '../../access/group-access';
import type { CommandInput } from '../../bot/commands';
import { type Lang, normalizeText } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { groupTexts, linkTexts } from '../../i18n/groups';
import type { FeatureContext } from '../feature';
import type { Access } from './access';
import type { GroupLink } from './link-repository';
import type { Group } from './model';

/** Groups whose name matches what the user typed: an exact name wins over partial matches. */
export function matchByName(groups: readonly Group[], typed: string): Group[] {
  const want = normalizeText(typed);
  if (!want) return [];
  const exact = groups.filter((g) => normalizeText(g.name) === want);
  return exact.length > 0 ? exact : groups.filter((g) => normalizeText(g.name).includes(want));
}

/**
 * Steering-group links: an SSPF group's coordinator (or an admin) links it to a registered steering
 * group (`koppla`), the steering group's coordinators see it and may decline (`avböj`), the SSPF group
 * may remove it (`koppla bort`), both list their links (`kopplingar`). Every change is written to both
 * groups' logs and announced in both groups.
 */
export function registerLinks(ctx: FeatureContext): void {
  const { router, repos, access: resolver, clock, logger, config, outbound } = ctx;

  const decide = (access: Access, act: GroupAct) =>
    decideGroupAct({
      actor: { aadObjectId: access.actor.aadObjectId, tenantId: access.where.tenantId, admin: resolver.isAdmin(access.actor.aadObjectId) },
      membership: access.member,
      group: access.group,
      act,
      where: access.where.kind,
      rules: { allowedTenants: config.allowedTenants },
      now: clock.now()
    });

  /** Posts a short notice to the other group's conversation; a failure is logged, the link stands. */
  const notify = async (group: Group, text: string) => {
    if (group.botRemovedAt) return;
    const stored = await repos.conversations.get(`conv:${group.postConversationId}`);
    if (!stored) return;
    const outcome = await outbound.send(stored.reference, { type: 'message', text, textFormat: 'markdown' });
    if (outcome.status !== 'sent') logger.warn({ groupId: group.id, outcome: outcome.status }, 'link notice not delivered');
  };

  /** Both groups' logs get the entry: the acting group's and the other side's. */
  const auditBoth = async (access: Access, as: string, action: 'link' | 'linkDeclined' | 'unlink', sspf: Group, steering: Group, decision: 'allowed' | 'refused', reason: string) => {
    const at = clock.now().toISOString();
    const base = {
      at, actorAadObjectId: access.actor.aadObjectId!, actorName: access.actor.name, actingAs: as as 'coordinator' | 'admin' | 'member' | 'none',
      action, decision, reason, conversationType: access.where.kind, via: 'command' as const
    };
    await repos.groupAudit.append({ ...base, groupId: sspf.id, linkedGroupId: steering.id });
    if (decision === 'allowed') await repos.groupAudit.append({ ...base, groupId: steering.id, linkedGroupId: sspf.id });
  };

  /** The common start of every link command: a registered group's conversation, an identified actor. */
  const start = async (context: TurnContext, lang: Lang): Promise<(Access & { group: Group }) | undefined> => {
    const access = await resolver.resolve(context);
    if (access.where.kind === 'personal') return void (await context.sendActivity(commonTexts(lang).groupOnly));
    if (!access.group) return void (await context.sendActivity(commonTexts(lang).notInGroup));
    if (!access.actor.aadObjectId) return void (await context.sendActivity(commonTexts(lang).notMember));
    return access as Access & { group: Group };
  };

  const steeringGroupsOf = async (tenantId: string | undefined) =>
    (await repos.groups.listAll()).filter((g) => g.kind === 'styrgrupp' && g.tenantId === tenantId).sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  router.register({
    id: 'groups.link',
    aliases: { sv: ['koppla'], en: ['link'] },
    help: {
      sv: 'Samordnare i en SSPF-grupp: koppla gruppen till en styrgrupp, som då ser antal och trender (aldrig texter).',
      en: 'Coordinators of an SSPF group: link the group to a steering group, which then sees counts and trends (never texts).'
    },
    usage: { sv: 'koppla <styrgrupp>', en: 'link <steering group>' },
    async handler(context: TurnContext, input: CommandInput) {
      const lang = input.lang;
      const t = linkTexts(lang);
      const access = await start(context, lang);
      if (!access) return;
      const group = access.group;
      const steering = await steeringGroupsOf(group.tenantId);
      // Asked first without a target: everything but the target must already pass, so a member or a
      // steering group hears why before seeing any list.
      const precheck = decide(access, { kind: 'link', steeringGroup: undefined, existing: [] });
      if (!precheck.allow && precheck.reason !== 'notSteeringGroup') {
        await repos.groupAudit.append({
          groupId: group.id, at: clock.now().toISOString(), actorAadObjectId: access.actor.aadObjectId!, actorName: access.actor.name,
          actingAs: access.member ? 'member' : 'none', action: 'link', decision: 'refused', reason: precheck.reason, conversationType: access.where.kind, via: 'command'
        });
        return void (await context.sendActivity(groupTexts(lang).refused(precheck.reason)));
      }
      const names = steering.map((g) => `**${g.name}**`).join(', ');
      if (!input.args.trim()) return void (await context.sendActivity(t.chooseSteering(names)));
      const matches = matchByName(steering, input.args);
      if (matches.length === 0) return void (await context.sendActivity(t.chooseSteering(names)));
      if (matches.length > 1) return void (await context.sendActivity(t.ambiguous(matches.map((g) => `**${g.name}**`).join(', '))));
      const target = matches[0];
      const existing = await repos.links.ofSspfGroup(group.id);
      const decision = decide(access, { kind: 'link', steeringGroup: target, existing });
      if (!decision.allow) {
        await auditBoth(access, access.member ? 'member' : 'none', 'link', group, target, 'refused', decision.reason);
        return void (await context.sendActivity(groupTexts(lang).refused(decision.reason)));
      }
      await auditBoth(access, decision.as, 'link', group, target, 'allowed', 'linked');
      const made = await repos.links.link(group.id, target.id, access.actor.aadObjectId!, clock.now());
      if (!made) return void (await context.sendActivity(groupTexts(lang).refused('alreadyLinked')));
      logger.info({ groupId: group.id, steeringGroupId: target.id, actingAs: decision.as }, 'group linked to steering group');
      await context.sendActivity({ type: 'message', text: t.linked(group.name, target.name), textFormat: 'markdown' });
      await notify(target, linkTexts(target.language).notifySteering(group.name));
    }
  });

  /** Ends a link from either side: the steering group declines, the SSPF group removes. */
  const endLink = async (context: TurnContext, input: CommandInput, side: 'declineLink' | 'unlink') => {
    const lang = input.lang;
    const t = linkTexts(lang);
    const access = await start(context, lang);
    if (!access) return;
    const group = access.group;
    if (!input.args.trim()) return void (await context.sendActivity(t.whichLink));
    const links = side === 'declineLink' ? await repos.links.toSteeringGroup(group.id) : await repos.links.ofSspfGroup(group.id);
    const active = links.filter((l) => !l.endedAt);
    const others = (await Promise.all(active.map((l) => repos.groups.get(side === 'declineLink' ? l.sspfGroupId : l.steeringGroupId)))).filter((g): g is Group => !!g);
    const matches = matchByName(others, input.args);
    const other = matches.length === 1 ? matches[0] : undefined;
    const link: GroupLink | undefined = other ? active.find((l) => (side === 'declineLink' ? l.sspfGroupId : l.steeringGroupId) === other.id) : undefined;
    const decision = decide(access, { kind: side, link });
    if (!decision.allow) {
      if (decision.reason === 'linkNotFound') return void (await context.sendActivity(t.noSuchLink(input.args.trim())));
      return void (await context.sendActivity(groupTexts(lang).refused(decision.reason)));
    }
    const [sspf, steering] = side === 'declineLink' ? [other!, group] : [group, other!];
    await auditBoth(access, decision.as, side === 'declineLink' ? 'linkDeclined' : 'unlink', sspf, steering, 'allowed', side === 'declineLink' ? 'declined' : 'removed');
    await repos.links.end(sspf.id, steering.id, access.actor.aadObjectId!, side === 'declineLink' ? 'declined' : 'removed', clock.now());
    logger.info({ sspfGroupId: sspf.id, steeringGroupId: steering.id, actingAs: decision.as, side }, 'group link ended');
    if (side === 'declineLink') {
      await context.sendActivity({ type: 'message', text: t.declined(sspf.name), textFormat: 'markdown' });
      await notify(sspf, linkTexts(sspf.language).notifyDeclined(steering.name));
    } else {
      await context.sendActivity({ type: 'message', text: t.unlinked(steering.name), textFormat: 'markdown' });
      await notify(steering, linkTexts(steering.language).notifyUnlinked(sspf.name));
    }
  };

  router.register({
    id: 'groups.unlink',
    aliases: { sv: ['koppla bort', 'koppla från'], en: ['unlink'] },
    help: { sv: 'Samordnare i en SSPF-grupp: ta bort gruppens koppling till en styrgrupp.', en: "Coordinators of an SSPF group: remove the group's link to a steering group." },
    usage: { sv: 'koppla bort <styrgrupp>', en: 'unlink <steering group>' },
    handler: (context, input) => endLink(context, input, 'unlink')
  });

  router.register({
    id: 'groups.declineLink',
    aliases: { sv: ['avböj'], en: ['decline'] },
    help: { sv: 'Samordnare i en styrgrupp: avböj en SSPF-grupps koppling.', en: "Coordinators of a steering group: decline an SSPF group's link." },
    usage: { sv: 'avböj <SSPF-grupp>', en: 'decline <SSPF group>' },
    handler: (context, input) => endLink(context, input, 'declineLink')
  });

  router.register({
    id: 'groups.links',
    aliases: { sv: ['kopplingar'], en: ['links'] },
    help: { sv: 'Visa gruppens kopplingar mellan SSPF-grupper och styrgrupper.', en: "Show the group's links between SSPF groups and steering groups." },
    async handler(context, input) {
      const lang = input.lang;
      const t = linkTexts(lang);
      const access = await start(context, lang);
      if (!access) return;
      const group = access.group;
      const links = group.kind === 'styrgrupp' ? await repos.links.toSteeringGroup(group.id) : await repos.links.ofSspfGroup(group.id);
      if (links.length === 0) return void (await context.sendActivity(t.listEmpty(group.name)));
      const lines = await Promise.all(
        links
          .sort((a, b) => a.linkedAt.localeCompare(b.linkedAt))
          .map(async (l) => {
            const other = await repos.groups.get(group.kind === 'styrgrupp' ? l.sspfGroupId : l.steeringGroupId);
            const name = other?.name ?? '?';
            const what = group.kind === 'styrgrupp' ? t.fromSspf(name) : t.toSteering(name);
            return `- ${what}${l.endedAt ? t.ended(l.endedAt.slice(0, 10), l.endReason ?? 'removed') : t.since(l.linkedAt.slice(0, 10))}`;
          })
      );
      await context.sendActivity({ type: 'message', text: `${t.listTitle(group.name)}\n\n${lines.join('\n')}`, textFormat: 'markdown' });
    }
  });
}
