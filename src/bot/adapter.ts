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
import { replyDeadline } from '../deadline';
import { ConnectorClient } from './connector-client';
import { IN_TURN_BUDGET, runConnectorOperation, type ConnectorOperation } from './connector-retry';

/**
 * The Teams AI adapter with two changes: its activity entry point is exposed, so the HTTP route can
 * validate the body itself and map authentication and tenant refusals to 401 and 403; and replies,
 * updates and deletes in a turn go through Trygg's connector client (keep-alive connections, every
 * error status surfaced, the shared retry policy with the in-turn budget and the turn's deadline).
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
        const id = await this.inTurn('send', ({ timeoutMs }) =>
          replyToId ? this.connector.reply(reference, replyToId, activity, { timeoutMs }) : this.connector.send(reference, activity, { timeoutMs })
        );
        responses.push({ id: id ?? '' });
      }
    }
    return responses;
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    await this.inTurn('update', (options) => this.connector.update(referenceOf(activity), activity.id ?? '', activity, options));
    return { id: activity.id ?? '' };
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    await this.inTurn('delete', (options) => this.connector.delete(reference, reference.activityId ?? '', options));
  }

  /**
   * Runs one Bot Connector call of the current turn under the shared retry policy with the in-turn
   * budget, inside the turn's deadline (each attempt's timeout is cut to the time left). Throws the last
   * error when it did not succeed, so the turn's error handler can tell an unknown outcome from a failure.
   */
  async inTurn<T>(operation: ConnectorOperation, call: (options: { timeoutMs: number }) => Promise<T>): Promise<T> {
    const outcome = await runConnectorOperation(operation, (timeoutMs) => call({ timeoutMs }), {
      budget: IN_TURN_BUDGET,
      deadline: replyDeadline()
    });
    if (outcome.status === 'sent') return outcome.value;
    throw outcome.error;
  }
}

function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  return { serviceUrl: activity.serviceUrl, conversation: activity.conversation, channelId: activity.channelId, bot: activity.from };
}
