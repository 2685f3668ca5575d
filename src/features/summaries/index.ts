import type { Logger } from 'pino';
import { z } from 'zod';
import { verb, type CommandInput, type InvokeAnswer, type Turn } from '../../bot/port';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Clock } from '../../clock';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { summaryTexts } from '../../i18n/summaries';
import { defineFeature, type FeatureContext, type Repositories } from '../feature';
import type { Group } from '../groups/model';
import { reachOf } from '../groups/reach';
import { guardCommand, guardInvoke, requireCoordinator, type AccessSource } from '../shared/guards';
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

/** What the summary handlers work with, built once by `setup`. */
export interface SummariesDeps {
  service: SummaryService;
  summaries: SummaryRepository;
  access: AccessSource;
  repos: Pick<Repositories, 'groups' | 'links'>;
  clock: Clock;
  logger: Logger;
  settings: FeatureContext['config']['summaries'];
}

function setup(ctx: FeatureContext): SummariesDeps {
  const summaries = new SummaryRepository(ctx.store);
  const { repos, logger, config } = ctx;
  const { timezone, smallNumberThreshold, notable } = config.summaries;
  const service = new SummaryService({ repos, summaries, sources: ctx.summarySources, claims: ctx.claims, channel: ctx.channel, logger, timezone, smallNumberThreshold, notable });
  ctx.summarySources.register(groupsSummarySource(repos.members));
  return { service, summaries, access: ctx.access, repos, clock: ctx.clock, logger, settings: config.summaries };
}

/** The SSPF groups a steering group's summary can cover: those linked to it, never by municipality. */
async function linkedGroups(deps: SummariesDeps, group: Group): Promise<Group[]> {
  return group.kind === 'styrgrupp' ? (await reachOf(group, deps.repos)).filter((r) => r.group.id !== group.id).map((r) => r.group) : [];
}

/** `sammanfattning`: a coordinator previews this week's summary (not posted to the group). */
export async function previewSummary(deps: SummariesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireCoordinator);
  if (!access) return;
  const { group } = access;
  const now = deps.clock.now();
  const summary = await deps.service.compose(group, deps.service.currentWeek(now), now);
  const uncertain = (await deps.summaries.deliveries(group.id)).filter((d) => d.state === 'uncertain').length;
  const t = summaryTexts(input.lang);
  const notice = [!isRecipient(group) ? t.notRecipient : '', uncertain > 0 ? t.uncertainNotice(uncertain) : ''].filter(Boolean).join(' ');
  await turn.replyCard(weeklySummaryCard(summary, input.lang, group.name, { preview: true, notice }));
}

/** `sammanfattning status`: which summaries were sent, with a resend button for uncertain ones. */
export async function showStatus(deps: SummariesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireCoordinator);
  if (!access) return;
  await turn.replyCard(statusCard(input.lang, access.group, await deps.summaries.deliveries(access.group.id)));
}

/** `sammanfattning inställningar`: the settings form (on/off, which linked groups). */
export async function showSettings(deps: SummariesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireCoordinator);
  if (!access) return;
  const { group } = access;
  const linked = await linkedGroups(deps, group);
  await turn.replyCard(settingsCard(input.lang, group, await deps.summaries.settings(group.id), linked));
}

/** The status card's resend button: sends one week's summary again, once. */
export async function resendSummary(deps: SummariesDeps, turn: Turn, data: z.infer<typeof resendSchema>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireCoordinator);
  if (!guarded.ok) return guarded.answer;
  const { group, actor } = guarded.access;
  const lang = turn.lang;
  const t = summaryTexts(lang);
  const week = deps.service.parseWeek(data.week);
  if (!week) return { kind: 'error', status: 400, code: 'BadRequest', message: commonTexts(lang).badCardData };
  const result = await deps.service.resend(group, week, deps.clock.now());
  deps.logger.info({ groupId: group.id, week: week.key, result, by: actor.aadObjectId }, 'weekly summary resend by coordinator');
  const status = result === 'sent' ? t.resent(week.key) : result === 'alreadyClaimed' ? t.resendNotNeeded(week.key) : t.resendFailed(week.key);
  return { kind: 'card', card: statusCard(lang, group, await deps.summaries.deliveries(group.id), status, result === 'sent') };
}

/** The settings form's save: on/off, and for a steering group which linked SSPF groups it covers. */
export async function saveSettings(deps: SummariesDeps, turn: Turn, data: z.infer<typeof settingsSchema>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireCoordinator);
  if (!guarded.ok) return guarded.answer;
  const { group, actor } = guarded.access;
  const lang = turn.lang;
  const t = summaryTexts(lang);
  const now = deps.clock.now();
  const municipality = await linkedGroups(deps, group);
  let settings = await deps.summaries.settings(group.id);
  if (group.kind === 'styrgrupp') {
    const known = new Set(municipality.filter((g) => g.kind === 'sspf').map((g) => g.id));
    const chosen = (data.rollUpGroupIds ?? '').split(',').map((s) => s.trim()).filter((id) => known.has(id));
    const all = data.rollUpAll !== 'false';
    if (!all && chosen.length === 0) {
      return { kind: 'card', card: settingsCard(lang, group, settings, municipality, t.settingsNeedGroups, false) };
    }
    settings = await deps.summaries.saveSettings(group.id, all ? 'all' : chosen, actor.aadObjectId ?? '', now);
  }
  const enabled = data.enabled === 'true';
  const updated = (await deps.repos.groups.update(group.id, (g) => g && { ...g, summaries: enabled, updatedAt: now.toISOString() })) ?? group;
  deps.logger.info({ groupId: group.id, enabled, rollUp: settings.rollUp === 'all' ? 'all' : settings.rollUp.length, by: actor.aadObjectId }, 'weekly summary settings saved');
  return { kind: 'card', card: settingsCard(lang, updated, settings, municipality, t.settingsSaved) };
}

/** The weekly summary to steering groups (and SSPF groups that opt in), exactly once per group and ISO week. */
export const summariesFeature = defineFeature({
  name: 'summaries',
  setup,
  commands: [
    {
      id: 'summaries.preview',
      aliases: { sv: ['sammanfattning', 'veckosammanfattning'], en: ['summary', 'weekly summary'] },
      help: {
        sv: 'Samordnare: förhandsvisa veckans sammanfattning (postas inte till gruppen).',
        en: "Coordinators: preview this week's summary (not posted to the group)."
      },
      handler: previewSummary
    },
    {
      id: 'summaries.status',
      aliases: { sv: ['sammanfattning status'], en: ['summary status'] },
      help: {
        sv: 'Samordnare: vilka veckosammanfattningar som skickats, och skicka om en med osäkert utfall.',
        en: 'Coordinators: which weekly summaries were sent; resend one whose outcome is uncertain.'
      },
      handler: showStatus
    },
    {
      id: 'summaries.settings',
      aliases: { sv: ['sammanfattning inställningar'], en: ['summary settings'] },
      help: {
        sv: 'Samordnare: slå på eller av veckosammanfattningen och välj vilka grupper den sammanfattar.',
        en: 'Coordinators: turn the weekly summary on or off and choose which groups it covers.'
      },
      handler: showSettings
    }
  ],
  verbs: [verb(SUMMARY_VERBS.resend, resendSchema, resendSummary), verb(SUMMARY_VERBS.saveSettings, settingsSchema, saveSettings)],
  jobs: [
    { name: SUMMARY_JOBS.weekly, schedule: (deps) => deps.settings.cron, timezone: (deps) => deps.settings.timezone, run: async (deps, now) => void (await deps.service.runWeek(now)) },
    { name: SUMMARY_JOBS.sweep, schedule: SWEEP_SCHEDULE, timezone: (deps) => deps.settings.timezone, run: async (deps, now) => void (await deps.service.sweep(now)) }
  ],
  http: [(deps, server) => mountNotify(server, { secret: deps.settings.notifySecret, service: deps.service, clock: deps.clock, logger: deps.logger })]
});
