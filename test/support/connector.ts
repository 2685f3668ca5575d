import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person in the stand-in's roster, as Teams' member look-up returns them. */
export interface RosterEntry {
  id: string;
  aadObjectId: string;
  name: string;
  userPrincipalName?: string;
  userRole?: 'user' | 'guest';
}

export interface RecordedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId?: string;
  replyToId?: string;
  body: Record<string, unknown> & { type?: string; text?: string; attachments?: Array<{ contentType: string; content: Record<string, unknown> }> };
}

/** A fault to answer one request with, instead of accepting it. `retryAfter`: seconds, or an HTTP date as a string. */
export type Fault = { status: number; retryAfter?: number | string } | { timeoutMs: number };

/**
 * A local Bot Connector service, as the Bot Framework Emulator plays it: it records what the bot sends
 * (replies, updates, proactive messages), answers roster look-ups and can inject faults.
 */
export class ConnectorStandIn {
  readonly activities: RecordedActivity[] = [];
  readonly roster = new Map<string, RosterEntry>();
  /** Consulted for every send; return a fault to inject it. */
  faults: (req: { method: string; path: string }, n: number) => Fault | undefined = () => undefined;
  private server?: http.Server;
  private counter = 0;
  private requests = 0;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  addPeople(...people: RosterEntry[]): void {
    for (const p of people) {
      this.roster.set(p.id, p);
      this.roster.set(p.aadObjectId, p);
    }
  }

  /** Everything sent to one conversation (any thread of it). */
  sentTo(conversationId: string): RecordedActivity[] {
    return this.activities.filter((a) => a.conversationId.split(';')[0] === conversationId);
  }

  /** The Adaptive Cards in what was sent. */
  static cards(activities: RecordedActivity[]): Array<Record<string, unknown>> {
    return activities.flatMap((a) => (a.body.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content));
  }

  clear(): void {
    this.activities.length = 0;
  }

  /** Waits until `predicate` holds for the recorded activities (proactive sends run after the HTTP turn). */
  async waitFor(predicate: (all: RecordedActivity[]) => boolean, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!predicate(this.activities)) {
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the connector to receive activities');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const path = decodeURIComponent(url.pathname);
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };

    const member = path.match(/^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/);
    if (req.method === 'GET' && member) {
      const p = this.roster.get(member[2]);
      if (!p) return send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      return send(200, { ...p, userRole: p.userRole ?? 'user', tenantId: 'tenant' });
    }
    const members = path.match(/^\/v3\/conversations\/([^/]+)\/(pagedmembers|members)$/);
    if (req.method === 'GET' && members) {
      const people = [...new Map([...this.roster.values()].map((p) => [p.id, p])).values()];
      return send(200, members[2] === 'pagedmembers' ? { members: people } : people);
    }

    const n = ++this.requests;
    const fault = this.faults({ method: req.method ?? '', path }, n);
    if (fault && 'timeoutMs' in fault) {
      await new Promise((r) => setTimeout(r, fault.timeoutMs));
      if (!res.destroyed) send(504);
      return;
    }
    if (fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { code: 'Fault', message: 'injected' } }));
      return;
    }

    if (req.method === 'POST' && path === '/v3/conversations') {
      const body = JSON.parse(raw || '{}');
      const userId = body.members?.[0]?.id ?? 'unknown';
      return send(200, { id: `a:personal-${userId}` });
    }
    const activity = path.match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/);
    if (activity && (req.method === 'POST' || req.method === 'PUT')) {
      const body = JSON.parse(raw || '{}');
      const id = req.method === 'PUT' ? activity[2] : `m${++this.counter}`;
      this.activities.push({
        method: req.method,
        conversationId: activity[1],
        activityId: id,
        replyToId: req.method === 'POST' ? activity[2] : undefined,
        body
      });
      return send(200, { id });
    }
    send(404, { error: { code: 'NotFound', message: path } });
  }
}
