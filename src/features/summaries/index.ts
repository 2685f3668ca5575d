import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { onCardAction } from '../../bot/card-actions';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { summaryTexts } from '../../i18n/summaries';
import type { Feature, FeatureContext } from '../feature';
import type { Access } from '../groups/access';
import type { Group } from '../groups/model';
import { reachOf } from '../groups/reach';
import { SUMMARY_VERBS, weeklySummaryCard } from './card';
import { groupsSummarySource } from './groups-source';
import { mountNotify } from './notify';
import { SummaryRepository, type Delivery, type SummarySettings } from './repository';
import { SummaryService, isRecipient } from './service';

export { SUMMARY_VERBS } from './card';
export type { SummarySource } from './sources';
export { SummarySourceRegistry } from './sources';
export type { SectionFigures, SummaryScope } from './model';

/** Job names, for tests and operations. */
export const SUMMARY_JOBS = { weekly: 'summaries.weekly', sweep: 'summaries.sweep' } as const;

/** The sweep retries certainly failed summaries every 15 minutes. */
export const SWEEP_SCHEDULE = '*/15 * * * *';

const resendSchema = z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/) });
const settingsSchema = z.object({
  enabled: z.enum(['true', 'false']),
  rollUpAll: z.enum(['true', 'false']).optional(),
  rollUpGroupIds: z.string().max(10_000).optional()
});

function statusCard(lang: Lang, group: Group, deliveries: Delivery[], status = '', ok = true): AdaptiveCard {
  const t = summaryTexts(lang);
  return renderCard('summary-status', {
    title: t.statusTitle(group.name),
    status,
    statusColor: ok ? 'Good' : 'Attention',
    empty: deliveries.length === 0 ? t.statusEmpty : '',
    rows: deliveries.slice(0, 12).map((d) => ({
      week: d.week,
      label: `${d.week}: ${t[`state_${d.state}`]}`,
      canResend: d.state === 'uncertain' || d.state === 'failed',
      resendTitle: t.resend,
      verb: SUMMARY_VERBS.resend
    })),
    hint: t.statusHint
  }, lang);
}

function settingsCard(lang: Lang, group: Group, settings: SummarySettings, linkedGroups: Group[], status = '', ok = true): AdaptiveCard {
  const t = summaryTexts(lang);
  const steering = group.kind === 'styrgrupp';
  return renderCard('summary-settings', {
    title: t.settingsTitle(group.name),
    status,
    statusColor: ok ? 'Good' : 'Attention',
    enabledLabel: steering ? t.settingsEnabledSteering : t.settingsEnabledSspf,
    enabled: String(isRecipient(group)),
    steering,
    allLabel: t.settingsAll,
    rollUpAll: String(settings.rollUp === 'all'),
    groupsLabel: t.settingsGroups,
    selected: settings.rollUp === 'all' ? '' : settings.rollUp.join(','),
    groups: linkedGroups.filter((g) => g.kind === 'sspf').map((g) => ({ title: g.name, value: g.id })),
    saveTitle: t.settingsSave,
    verb: SUMMARY_VERBS.saveSettings
  }, lang);
}

/** The weekly summary to steering groups (and SSPF groups that opt in), exactly once per group and ISO week. */
export const summariesFeature: Feature = {
  name: 'summaries',
  register(ctx: FeatureContext) {
    const { app, router, repos, access: resolver, clock, logger, config } = ctx;
    const summaries = new SummaryRepository(ctx.store);
    const service = new SummaryService({
      repos,
      summaries,
      sources: ctx.summarySources,
      claims: ctx.claims,
      outbound: ctx.outbound,
      logger,
      timezone: config.summaries.timezone
    });
    ctx.summarySources.register(groupsSummarySource(repos.members));

    /** A refusal text when the turn is not a coordinator in a registered group, else undefined. */
    const refusal = (access: Access, lang: Lang): string | undefined => {
      if (access.where.kind === 'personal') return commonTexts(lang).groupOnly;
      if (!access.group) return commonTexts(lang).notInGroup;
      if (!access.coordinator) return commonTexts(lang).coordinatorOnly;
      return undefined;
    };

    const guarded = (fn: (context: TurnContext, access: Access & { group: Group }, lang: Lang) => Promise<void>) =>
      async (context: TurnContext, input: { lang: Lang }) => {
        const access = await resolver.resolve(context);
        const refused = refusal(access, input.lang);
        if (refused) return void (await context.sendActivity(refused));
        await fn(context, access as Access & { group: Group }, input.lang);
      };

    router.register({
      id: 'summaries.preview',
      aliases: { sv: ['sammanfattning', 'veckosammanfattning'], en: ['summary', 'weekly summary'] },
      help: {
        sv: 'Samordnare: förhandsvisa veckans sammanfattning (postas inte till gruppen).',
        en: "Coordinators: preview this week's summary (not posted to the group)."
      },
      handler: guarded(async (context, { group }, lang) => {
        const now = clock.now();
        const summary = await service.compose(group, service.currentWeek(now), now);
        const uncertain = (await summaries.deliveries(group.id)).filter((d) => d.state === 'uncertain').length;
        const t = summaryTexts(lang);
        const notice = [!isRecipient(group) ? t.notRecipient : '', uncertain > 0 ? t.uncertainNotice(uncertain) : ''].filter(Boolean).join(' ');
        await context.sendActivity(cardMessage(weeklySummaryCard(summary, lang, group.name, { preview: true, notice })));
      })
    });

    router.register({
      id: 'summaries.status',
      aliases: { sv: ['sammanfattning status'], en: ['summary status'] },
      help: {
        sv: 'Samordnare: vilka veckosammanfattningar som skickats, och skicka om en med osäkert utfall.',
        en: 'Coordinators: which weekly summaries were sent; resend one whose outcome is uncertain.'
      },
      handler: guarded(async (context, { group }, lang) => {
        await context.sendActivity(cardMessage(statusCard(lang, group, await summaries.deliveries(group.id))));
      })
    });

    /** The SSPF groups a steering group's summary can cover: those linked to it, never by municipality. */
    const linkedGroups = async (group: Group): Promise<Group[]> =>
      group.kind === 'styrgrupp' ? (await reachOf(group, repos)).filter((r) => r.group.id !== group.id).map((r) => r.group) : [];

    router.register({
      id: 'summaries.settings',
      aliases: { sv: ['sammanfattning inställningar'], en: ['summary settings'] },
      help: {
        sv: 'Samordnare: slå på eller av veckosammanfattningen och välj vilka grupper den sammanfattar.',
        en: 'Coordinators: turn the weekly summary on or off and choose which groups it covers.'
      },
      handler: guarded(async (context, { group }, lang) => {
        const linked = await linkedGroups(group);
        await context.sendActivity(cardMessage(settingsCard(lang, group, await summaries.settings(group.id), linked)));
      })
    });

    const invokeRefusal = (access: Access): InvokeAnswer | undefined => {
      const refused = refusal(access, access.userLang);
      return refused ? { kind: 'message', text: refused } : undefined;
    };

    onCardAction(app, SUMMARY_VERBS.resend, resendSchema, async (context, data) => {
      const access = await resolver.resolve(context);
      const refused = invokeRefusal(access);
      if (refused) return refused;
      const group = access.group!;
      const lang = access.userLang;
      const t = summaryTexts(lang);
      const week = service.parseWeek(data.week);
      if (!week) return { kind: 'error', status: 400, code: 'BadRequest', message: commonTexts(lang).badCardData };
      const now = clock.now();
      const result = await service.resend(group, week, now);
      logger.info({ groupId: group.id, week: week.key, result, by: access.actor.aadObjectId }, 'weekly summary resend by coordinator');
      const status = result === 'sent' ? t.resent(week.key) : result === 'alreadyClaimed' ? t.resendNotNeeded(week.key) : t.resendFailed(week.key);
      return { kind: 'card', card: statusCard(lang, group, await summaries.deliveries(group.id), status, result === 'sent') };
    });

    onCardAction(app, SUMMARY_VERBS.saveSettings, settingsSchema, async (context, data) => {
      const access = await resolver.resolve(context);
      const refused = invokeRefusal(access);
      if (refused) return refused;
      const group = access.group!;
      const lang = access.userLang;
      const t = summaryTexts(lang);
      const now = clock.now();
      const municipality = await linkedGroups(group);
      let settings = await summaries.settings(group.id);
      if (group.kind === 'styrgrupp') {
        const known = new Set(municipality.filter((g) => g.kind === 'sspf').map((g) => g.id));
        const chosen = (data.rollUpGroupIds ?? '').split(',').map((s) => s.trim()).filter((id) => known.has(id));
        const all = data.rollUpAll !== 'false';
        if (!all && chosen.length === 0) {
          return { kind: 'card', card: settingsCard(lang, group, settings, municipality, t.settingsNeedGroups, false) };
        }
        settings = await summaries.saveSettings(group.id, all ? 'all' : chosen, access.actor.aadObjectId ?? '', now);
      }
      const enabled = data.enabled === 'true';
      const updated = (await repos.groups.update(group.id, (g) => g && { ...g, summaries: enabled, updatedAt: now.toISOString() })) ?? group;
      logger.info({ groupId: group.id, enabled, rollUp: settings.rollUp === 'all' ? 'all' : settings.rollUp.length, by: access.actor.aadObjectId }, 'weekly summary settings saved');
      return { kind: 'card', card: settingsCard(lang, updated, settings, municipality, t.settingsSaved) };
    });

    ctx.jobs.add({ name: SUMMARY_JOBS.weekly, schedule: config.summaries.cron, timezone: config.summaries.timezone, run: async (now) => void (await service.runWeek(now)) });
    ctx.jobs.add({ name: SUMMARY_JOBS.sweep, schedule: SWEEP_SCHEDULE, timezone: config.summaries.timezone, run: async (now) => void (await service.sweep(now)) });
    ctx.http.push((server) => mountNotify(server, { secret: config.summaries.notifySecret, service, clock, logger }));
  }
};
