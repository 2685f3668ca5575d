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

/** Per-call options: how long one HTTP attempt may take before it counts as a timeout. */
export interface RequestOptions {
  timeoutMs?: number;
}

/**
 * A Retry-After header in milliseconds: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
const BOT_FRAMEWORK_LOGIN = 'https://login.microsoftonline.com/botframework.com';
/** A request without an answer after this long has an unknown outcome (callers pass their own, shorter). */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A thin Bot Connector REST client for what the bot sends on its own (proactive posts and card
 * updates). botbuilder's generated client reports some error statuses as success and retries
 * non-idempotent posts inside its pipeline (resending a 502 may post twice); this one surfaces every
 * status, retries nothing (`connector-retry.ts` decides, for in-turn and proactive calls alike) and reuses keep-alive connections.
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
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>, options: RequestOptions = {}): Promise<string | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const body = this.complete(reference, activity);
    const res = await this.request('POST', reference.serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, body, options);
    return (res as { id?: string } | undefined)?.id;
  }

  /** Replies to an activity (in a channel: in its thread). Returns the reply's id. */
  async reply(reference: Partial<ConversationReference>, replyToId: string, activity: Partial<Activity>, options: RequestOptions = {}): Promise<string | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const res = await this.request(
      'POST',
      reference.serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(replyToId)}`,
      { ...this.complete(reference, activity), replyToId },
      options
    );
    return (res as { id?: string } | undefined)?.id;
  }

  /** Deletes a message the bot posted earlier. */
  async delete(reference: Partial<ConversationReference>, activityId: string, options: RequestOptions = {}): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    await this.request('DELETE', reference.serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, undefined, options);
  }

  /** Looks a member of a conversation up by Teams user id or Entra object id; undefined when not a member. */
  async getMember(reference: Partial<ConversationReference>, userId: string, options: RequestOptions = {}): Promise<Record<string, unknown> | undefined> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    try {
      return (await this.request(
        'GET',
        reference.serviceUrl,
        `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`,
        undefined,
        options
      )) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof ConnectorError && (err.statusCode === 404 || err.statusCode === 400)) return undefined;
      throw err;
    }
  }

  /** Replaces a message the bot posted earlier. */
  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>, options: RequestOptions = {}): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!reference.serviceUrl || !conversationId) throw new ConnectorError('reference without serviceUrl or conversation');
    const body = { ...this.complete(reference, activity), id: activityId };
    await this.request(
      'PUT',
      reference.serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
      body,
      options
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

  private async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', serviceUrl: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<unknown> {
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
      // A deadline for the whole exchange (not only idle time): the caller's budget is in wall-clock time.
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('connector request timed out'), { code: 'ETIMEDOUT' })),
        options.timeoutMs ?? REQUEST_TIMEOUT_MS
      );
      req.on('close', () => clearTimeout(timer));
      req.on('error', (err: NodeJS.ErrnoException) => reject(new ConnectorError(`connector unreachable: ${err.message}`, undefined, undefined, err.code)));
      req.end(payload);
    });
    if (status < 200 || status >= 300) {
      const retryAfter = headers['retry-after'];
      throw new ConnectorError(`connector answered ${status}: ${text.slice(0, 200)}`, status, parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
    }
    return text ? JSON.parse(text) : undefined;
  }
}
