import { Application, type AIOptions, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { TryggAdapter } from './bot/adapter';
import { isUnknownOutcome } from './bot/connector-client';
import { refuseUnknownCardActions } from './bot/card-actions';
import { CommandRouter } from './bot/commands';
import { sendInvokeAnswer } from './bot/invoke';
import { OutboundQueue, type OutboundOptions } from './bot/outbound';
import { createMessenger, type Messenger } from './bot/proactive';
import { OutboundGroupChannel, type MarkRemoved } from './bot/group-channel';
import { TeamsAiLanguageModel, createAskPlanner } from './bot/language-model';
import type { GroupChannel } from './bot/port';
import { Roster } from './bot/roster';
import { clientLang, localeLang, messageText, setTurnLang, tenantOf, whereOf, actorOf } from './bot/turn';
import { storedReference, turnOf } from './bot/turn-port';
import type { Clock } from './clock';
import type { Config } from './config';
import { turnDeadline, withDeadline, type TurnBudgets } from './deadline';
import { FEATURES } from './features';
import type { AnyFeature, FeatureContext, Repositories } from './features/feature';
import { TeamsFeatureHost } from './feature-host';
import { AccessResolver } from './features/groups/access';
import { ConversationRepository, conversationKey } from './features/groups/conversation-repository';
import { GroupRepository, MemberRepository } from './features/groups/group-repository';
import { LinkRepository } from './features/groups/link-repository';
import { GroupAuditLog } from './audit/group-audit-repository';
import { commandLang } from './i18n/answer-language';
import { commonTexts } from './i18n/common';
import { Jobs } from './jobs';
import { AskTopicRegistry } from './features/ask/topics';
import { Claims } from './store/claims';
import { isStoreUnavailable } from './store/errors';
import { SummarySourceRegistry } from './features/summaries/sources';
import { MembershipEvents } from './features/membership-events';
import type { Store } from './store/store';
import { ReadModelRegistry } from './store/read-models';
import { membershipReadModel } from './features/groups/member-read-models';
import { linksReadModel } from './features/groups/link-repository';

/** What varies between production, local runs and tests. */
export interface AppDeps {
  store: Store;
  logger: Logger;
  clock: Clock;
  /** Pacing and retry settings of the outbound queue (tests shorten the delays). */
  outbound?: Partial<OutboundOptions>;
  /** Turn deadlines; Teams' patience (`TURN_BUDGETS`) unless a test measures something else than latency. */
  turnBudgets?: TurnBudgets;
  /** The features to register (default: every feature, `FEATURES`); tests add probe features. */
  features?: readonly AnyFeature[];
}

/** The HTTP-level outcome of one activity. */
export interface TurnResult {
  status: number;
  body?: unknown;
}

/** The assembled bot: the Teams AI application and what the server and jobs need from it. */
export interface Bot {
  app: Application<TurnState>;
  adapter: TryggAdapter;
  router: CommandRouter;
  repos: Repositories;
  messenger: Messenger;
  outbound: OutboundQueue;
  /** Posts into groups and updates their cards (what features get as `ctx.channel`). */
  channel: GroupChannel;
  jobs: Jobs;
  http: Array<(server: Server) => void>;
  /** The weekly summary's sources (tests register seeded ones). */
  summarySources: SummarySourceRegistry;
  /** Every read model's sweep and rebuild (the sweep job, `npm run rebuild-read-models`). */
  readModels: ReadModelRegistry;
  /**
   * Authenticates and runs one activity: 401 without a valid token (when BOT_ID is set), 403 for a foreign
   * tenant. The turn runs under one deadline counted from `arrivedAt` (default: now), see `turnDeadline`.
   */
  handle(activity: Partial<Activity>, authHeader: string, options?: { arrivedAt?: number }): Promise<TurnResult>;
}

/**
 * Teams AI options for the ask planner. `max_steps` is what the library reads at run time (its typings
 * call it `max_actions`): a question needs a tool call and an answer, so a few steps are plenty.
 */
function askAIOptions(settings: NonNullable<Config['azureOpenAI']>): AIOptions<TurnState> {
  const options = { planner: createAskPlanner(settings), max_steps: 4, max_time: settings.timeoutMs * 3, allow_looping: true };
  return options;
}

/** Records a bot's removal from a group once: only the first caller sets `botRemovedAt` (and logs it). */
function markRemovedIn(repos: Repositories): MarkRemoved {
  return async (groupId, now) => {
    let marked = false;
    await repos.groups.update(groupId, (g) => {
      marked = !!g && !g.botRemovedAt;
      return g && marked ? { ...g, botRemovedAt: now.toISOString() } : undefined;
    });
    return marked;
  };
}

/** Re-projects membership read models a failed write or a crash left stale: at start and every 5 minutes. */
export const READ_MODEL_SWEEP_JOB = 'read-models.sweep';
const READ_MODEL_SWEEP_SCHEDULE = '*/5 * * * *';

/** Builds the bot without opening a port: the server and the tests share this factory. */

export function createApp(config: Config, deps: AppDeps): Bot {
  const { store, logger, clock } = deps;
  const adapter = new TryggAdapter(config);

  adapter.onTurnError = async (context, error) => {
    const errorId = randomUUID().slice(0, 8);
    const unavailable = isStoreUnavailable(error);
    logger.error(
      { errorId, err: { type: error?.name, message: error?.message, stack: error?.stack }, activityType: context.activity.type, conversation: context.activity.conversation?.id },
      'turn failed'
    );
    if (isUnknownOutcome(error)) {
      // A reply that timed out or got a 502/504 may well have been posted: an apology would only confuse.
      logger.warn({ errorId }, 'a reply had an unknown outcome; no apology sent');
      return;
    }
    const lang = localeLang(context);
    const text = unavailable ? commonTexts(lang).storeBusy : commonTexts(lang).apology(errorId);
    try {
      if (context.activity.type === ActivityTypes.Invoke) {
        await sendInvokeAnswer(context, { kind: 'message', text });
      } else {
        await context.sendActivity(text);
      }
    } catch (sendErr) {
      logger.error({ errorId, err: (sendErr as Error).message }, 'could not send the apology');
    }
  };

  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId ?? '',
    // No turn-state storage: every fact the bot remembers is domain data in the repositories, so a turn
    // costs no state reads or writes.
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
    // Only with Azure OpenAI settings: the planner the ask feature runs free-text questions through.
    ...(config.azureOpenAI ? { ai: askAIOptions(config.azureOpenAI) } : {})
  });

  const repos: Repositories = {
    groups: new GroupRepository(store),
    members: new MemberRepository(store),
    conversations: new ConversationRepository(store),
    links: new LinkRepository(store),
    groupAudit: new GroupAuditLog(store)
  };
  const router = new CommandRouter();
  const messenger = createMessenger(adapter.connector);
  const outbound = new OutboundQueue(messenger, logger, deps.outbound);
  const jobs = new Jobs(logger);
  const http: FeatureContext['http'] = [];
  const summarySources = new SummarySourceRegistry();
  const readModels = new ReadModelRegistry(() => repos.groups.listAll());
  readModels.register(membershipReadModel(repos));
  readModels.register(linksReadModel(repos.links));
  const roster = new Roster(adapter.connector, (operation, call) => adapter.inTurn(operation, call));
  const channel = new OutboundGroupChannel({
    outbound,
    reference: async (key) => (await repos.conversations.get(key))?.reference,
    markRemoved: markRemovedIn(repos),
    clock,
    logger
  });
  const ctx: FeatureContext = {
    commands: router,
    channel,
    languageModel: config.azureOpenAI ? new TeamsAiLanguageModel(app.ai, logger) : undefined,
    config,
    logger,
    clock,
    store,
    repos,
    access: new AccessResolver(repos.groups, repos.members, config.adminAadIds),
    jobs,
    claims: new Claims(store),
    http,
    askTopics: new AskTopicRegistry(),
    summarySources,
    membershipEvents: new MembershipEvents(logger),
    readModels
  };

  // Conversation references are captured from every activity, written only when they change.
  app.turn('beforeTurn', async (context) => {
    const where = whereOf(context.activity);
    const actor = actorOf(context.activity);
    if (where.conversationId && (where.kind !== 'personal' || actor.aadObjectId)) {
      const reference = storedReference(context, where.kind);
      try {
        await repos.conversations.remember(conversationKey(where.kind, where.conversationId, actor.aadObjectId), where.kind, reference, clock.now());
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'could not store the conversation reference');
      }
    }
    return true;
  });

  const host = new TeamsFeatureHost(ctx, app, router, (context) => turnOf(context, roster));
  for (const feature of deps.features ?? FEATURES) feature.install(host);
  host.installEvents();
  jobs.add({
    name: READ_MODEL_SWEEP_JOB,
    schedule: READ_MODEL_SWEEP_SCHEDULE,
    run: async (now) => {
      const { repaired, failed } = await readModels.sweepAll(now);
      if (Object.values(repaired).some((n) => n > 0)) logger.warn({ repaired }, 'read models repaired by the sweep');
      if (Object.keys(failed).length > 0) logger.warn({ failed }, 'read-model sweep failed; the next sweep tries again');
    }
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const text = messageText(context);
    const matched = router.match(text);
    if (matched) {
      const { command, input, aliasLang } = matched;
      // The words decide the language; only an alias both languages share needs the group's setting.
      const groupKey = aliasLang ? undefined : whereOf(context.activity).groupKey;
      const group = groupKey ? await repos.groups.get(GroupRepository.idFor(groupKey)) : undefined;
      input.lang = commandLang({ aliasLang, groupLang: group?.language, clientLang: clientLang(context) }).lang;
      setTurnLang(context, input.lang);
      await command.handler(context, input);
      return;
    }
    const lang = localeLang(context);
    if (text && (await router.runFallbacks(context, text, undefined))) return;
    const suggestion = text ? router.suggest(text) : undefined;
    const t = commonTexts(suggestion?.lang ?? lang);
    await context.sendActivity(suggestion ? t.unknownCommand(suggestion.alias) : t.unknownCommandNoSuggestion);
  });
  refuseUnknownCardActions(app);

  return {
    app,
    adapter,
    router,
    repos,
    messenger,
    outbound,
    channel,
    jobs,
    http,
    summarySources,
    readModels,
    async handle(activity, authHeader, options = {}) {
      let refused = false;
      const deadline = turnDeadline(activity.type, options.arrivedAt ?? Date.now(), deps.turnBudgets);
      try {
        const response = await withDeadline(deadline, () => adapter.processIncoming(authHeader, activity as Activity, async (context) => {
          const tenant = tenantOf(context.activity);
          if (config.allowedTenants.length > 0 && (!tenant || !config.allowedTenants.includes(tenant))) {
            refused = true;
            logger.warn({ tenant, activityType: context.activity.type }, 'activity from a tenant that is not allowed');
            return;
          }
          await app.run(context);
        }));
        if (refused) return { status: 403, body: { error: 'TenantNotAllowed' } };
        return { status: response?.status ?? 200, body: response?.body };
      } catch (err) {
        if (err instanceof AuthenticationError) return { status: 401, body: { error: 'Unauthorized' } };
        throw err;
      }
    }
  };
}
