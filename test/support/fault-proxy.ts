import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What to do with one request on its way to the store. */
export type StoreFault =
  | { status: 429; retryAfterMs: number }
  | { status: 503 }
  /** A conditional write refused as if someone else had written first. */
  | { status: 412 }
  /** A write refused as Azure Cosmos DB refuses an item over 2 MB: it fails the same way every time. */
  | { status: 413 }
  /** Forward the request, let the store apply it, then drop the connection before the answer arrives. */
  | { dropAfterForward: true }
  /** Drop the connection without forwarding. */
  | { dropBeforeForward: true }
  /** Accept the request and never answer it (a hung store). */
  | { hang: true }
  | { delayMs: number }
  /**
   * Holds this whole process for `blockMs` (synchronously) before forwarding: what an embedded store in
   * the bot's own process does while it runs a long query. Timers of the turn fire late.
   */
  | { blockMs: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  isQuery: boolean;
}

/** Busy-waits: nothing else in this process runs meanwhile. */
export function holdProcess(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

/** An HTTP proxy between the bot and the Cosmos-compatible store that injects faults. */
export class StoreFaultProxy {
  faults: (req: ProxiedRequest, n: number) => StoreFault | undefined = () => undefined;
  private server?: http.Server;
  private count = 0;
  private port = 0;
  url = '';

  constructor(private readonly target: string) {}

  /** Listens on `port` (default: a free one, or the one it had before `stop`, so the store can "come back"). */
  async start(port = this.port): Promise<void> {
    const target = new URL(this.target);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const info = { method: req.method ?? '', path: req.url ?? '', isQuery: req.headers['x-ms-documentdb-isquery'] === 'true' };
        const fault = this.faults(info, ++this.count);
        if (fault && 'dropBeforeForward' in fault) return req.socket.destroy();
        if (fault && 'hang' in fault) return;
        if (fault && 'status' in fault) {
          res.writeHead(fault.status, {
            'content-type': 'application/json',
            ...(fault.status === 429 ? { 'x-ms-retry-after-ms': String(fault.retryAfterMs) } : {})
          });
          const code = { 429: 'TooManyRequests', 412: 'PreconditionFailed', 413: 'RequestEntityTooLarge', 503: 'ServiceUnavailable' }[fault.status];
          return res.end(JSON.stringify({ code, message: 'injected' }));
        }
        if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault && 'blockMs' in fault) holdProcess(fault.blockMs);
        const upstream = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
          (up) => {
            const body: Buffer[] = [];
            up.on('data', (c: Buffer) => body.push(c));
            up.on('end', () => {
              if (fault && 'dropAfterForward' in fault) return req.socket.destroy();
              res.writeHead(up.statusCode ?? 500, up.headers);
              res.end(Buffer.concat(body));
            });
          }
        );
        upstream.on('error', () => req.socket.destroy());
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
