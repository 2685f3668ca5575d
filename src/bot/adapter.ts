import { TeamsAdapter } from '@microsoft/teams-ai';
import {
  ActivityTypes,
  Channels,
  INVOKE_RESPONSE_KEY,
  BotCallbackHandlerKey,
  TurnContext,
  type Activity,
  type ConversationReference,
  type InvokeResponse,
  type ResourceResponse
} from 'botbuilder';
import type { Config } from '../config';
import { ConnectorClient, ConnectorError } from './connector-client';

/** In-turn replies retry 429 and 412 only briefly: Teams waits a few seconds for an invoke's answer. */
const REPLY_ATTEMPTS = 3;
const REPLY_MAX_DELAY_MS = 1000;

/**
 * The Teams AI adapter with two changes: its activity entry point is exposed, so the HTTP route can
 * validate the body itself and map authentication and tenant refusals to 401 and 403; and replies,
 * updates and deletes in a turn go through Trygg's connector client (keep-alive connections, every
 * error status surfaced, brief retries of 429/412 only, unknown outcomes never resent).
 */
export class TryggAdapter extends TeamsAdapter {
  readonly connector: ConnectorClient;

  constructor(config: Config) {
    super({
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppPassword: config.bot.password,
      MicrosoftAppTenantId: config.bot.tenantId,
      MicrosoftAppType: config.bot.appId ? config.bot.type : undefined
    });
    this.connector = new ConnectorClient(this.credentialsFactory, config.bot.appId);
  }

  /**
   * Authenticates the request (AuthenticationError when it fails) and runs `logic` for the activity.
   * Unlike CloudAdapter it builds no per-turn ConnectorClient or UserTokenClient: replies, updates and
   * roster look-ups go through `connector`, and the bot has no user sign-in, so those clients (and their
   * HTTP pipelines) would only cost time on every turn.
   */
  async processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    if (auth.callerId) activity.callerId = auth.callerId;
    const context = new TurnContext(this, activity);
    context.turnState.set(this.BotIdentityKey, auth.claimsIdentity);
    context.turnState.set(BotCallbackHandlerKey, logic);
    context.turnState.set(this.ConnectorFactoryKey, auth.connectorFactory);
    context.turnState.set(this.OAuthScopeKey, auth.audience);
    await this.runMiddleware(context, logic);
    if (activity.type !== ActivityTypes.Invoke) return undefined;
    // An invoke is answered with the response a handler left, or 501 when none did (as CloudAdapter does).
    const answer = context.turnState.get<Partial<Activity> | undefined>(INVOKE_RESPONSE_KEY);
    return (answer?.value as InvokeResponse | undefined) ?? { status: 501 };
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      delete activity.id;
      if (activity.type === 'delay') {
        await new Promise((r) => setTimeout(r, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse) {
        context.turnState.set(INVOKE_RESPONSE_KEY, activity);
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.Trace && activity.channelId !== Channels.Emulator) {
        responses.push({ id: '' });
      } else {
        const reference = referenceOf(activity);
        const replyToId = activity.replyToId;
        const id = await withBriefRetry(() =>
          replyToId ? this.connector.reply(reference, replyToId, activity) : this.connector.send(reference, activity)
        );
        responses.push({ id: id ?? '' });
      }
    }
    return responses;
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    await withBriefRetry(() => this.connector.update(referenceOf(activity), activity.id ?? '', activity));
    return { id: activity.id ?? '' };
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    await withBriefRetry(() => this.connector.delete(reference, reference.activityId ?? ''));
  }
}

function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  return { serviceUrl: activity.serviceUrl, conversation: activity.conversation, channelId: activity.channelId, bot: activity.from };
}

async function withBriefRetry<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const status = err instanceof ConnectorError ? err.statusCode : undefined;
      if ((status !== 429 && status !== 412) || attempt >= REPLY_ATTEMPTS) throw err;
      const backoff = 100 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      const wait = Math.min(REPLY_MAX_DELAY_MS, Math.max(err instanceof ConnectorError ? (err.retryAfterMs ?? 0) : 0, backoff));
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
