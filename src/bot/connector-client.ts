import http from 'node:http';
import https from 'node:https';
import type { Activity, ConversationReference } from 'botbuilder';
import type { ServiceClientCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';

/** A Bot Connector answer other than 2xx. `statusCode` undefined means the request failed on the network. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly retryAfterMs?: number,
    readonly code?: string
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** Whether a connector error leaves it unknown if Teams acted (timeout, 502, 504, connection lost after sending). */
export function isUnknownOutcome(err: unknown): boolean {
  if (!(err instanceof ConnectorError)) return false;
  if (err.statusCode === 502 || err.statusCode === 504) return true;
  return err.statusCode === undefined && ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(err.code ?? '');
}

const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
const BOT_FRAMEWORK_LOGIN = 'https://login.microsoftonline.com/botframework.com';
/** A request without an answer after this long has an unknown outcome. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A thin Bot Connector REST client for what the bot sends on its own (proactive posts and card
 * updates). botbuilder's generated client reports some error statuses as success and retries
 * non-idempotent posts inside its pipeline (resending a 502 may post twice); this one surfaces every
 * status, retries nothing (the outbound queue decides) and reuses keep-alive connections.
 * Tokens come from botbuilder's own credentials factory, so single-tenant and managed identity work as
 * in the adapter.
 */
export class ConnectorClient {
  private credentials?: Promise<ServiceClientCredentials>;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly credentialsFactory: ServiceClientCredentialsFactory,
    private readonly appId: string | undefined
  ) {}

  /** Posts a new message to the conversation (a new post in a channel). Returns its id. */
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const body = this.complete(reference, activity);
    const res = await this.request('POST', reference.serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, body);
    return (res as { id?: string } | undefined)?.id;
  }

  /** Replies to an activity (in a channel: in its thread). Returns the reply's id. */
  async reply(reference: Partial<ConversationReference>, replyToId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const res = await this.request(
      'POST',
      reference.serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(replyToId)}`,
      { ...this.complete(reference, activity), replyToId }
    );
    return (res as { id?: string } | undefined)?.id;
  }

  /** Deletes a message the bot posted earlier. */
  async delete(reference: Partial<ConversationReference>, activityId: string): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    await this.request('DELETE', reference.serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`);
  }

  /** Looks a member of a conversation up by Teams user id or Entra object id; undefined when not a member. */
  async getMember(reference: Partial<ConversationReference>, userId: string): Promise<Record<string, unknown> | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    try {
      return (await this.request(
        'GET',
        reference.serviceUrl,
        `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`
      )) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof ConnectorError && (err.statusCode === 404 || err.statusCode === 400)) return undefined;
      throw err;
    }
  }

  /** Replaces a message the bot posted earlier. */
  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const body = { ...this.complete(reference, activity), id: activityId };
    await this.request(
      'PUT',
      reference.serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
      body
    );
  }

  private complete(reference: Partial<ConversationReference>, activity: Partial<Activity>): Partial<Activity> {
    return {
      type: 'message',
      ...activity,
      channelId: activity.channelId ?? reference.channelId,
      serviceUrl: activity.serviceUrl ?? reference.serviceUrl,
      conversation: (activity.conversation ?? reference.conversation) as Activity['conversation'],
      from: (activity.from ?? reference.bot) as Activity['from']
    };
  }

  private async authorization(): Promise<string | undefined> {
    if (!this.appId) return undefined;
    this.credentials ??= this.credentialsFactory.createCredentials(this.appId, BOT_FRAMEWORK_SCOPE, BOT_FRAMEWORK_LOGIN, true);
    const headers: Record<string, string> = {};
    const resource = { headers: { set: (name: string, value: string) => void (headers[name.toLowerCase()] = value) } };
    await (await this.credentials).signRequest(resource as never);
    return headers.authorization;
  }

  private async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', serviceUrl: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(serviceUrl.replace(/\/+$/, '') + path);
    const authorization = await this.authorization();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const secure = url.protocol === 'https:';
    const { status, headers, text } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        {
          method,
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: {
            'content-type': 'application/json',
            ...(payload ? { 'content-length': payload.length } : {}),
            ...(authorization ? { authorization } : {})
          }
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        }
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('connector request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => reject(new ConnectorError(`connector unreachable: ${err.message}`, undefined, undefined, err.code)));
      req.end(payload);
    });
    if (status < 200 || status >= 300) {
      const retryAfter = headers['retry-after'];
      const seconds = retryAfter === undefined ? undefined : Number(retryAfter);
      throw new ConnectorError(`connector answered ${status}: ${text.slice(0, 200)}`, status, seconds !== undefined && Number.isFinite(seconds) ? seconds * 1000 : undefined);
    }
    return text ? JSON.parse(text) : undefined;
  }
}
