/**
 * A minimal local Bot Connector for benchmarks, run as its own process: it accepts replies, updates and
 * proactive posts with keep-alive, answers member look-ups from the roster in ROSTER (JSON), counts, and
 * keeps the last 20 activities (`GET /recent`, `GET /clear`) so the bench can check replies and find posted forms.
 */
import http from 'node:http';

const roster = new Map<string, Record<string, string>>();
for (const p of JSON.parse(process.env.ROSTER ?? '[]') as Array<Record<string, string>>) {
  roster.set(p.id, p);
  roster.set(p.aadObjectId, p);
}
let received = 0;
/** Replies that told the user to try again (the bot's answer to a failed or cut turn). */
let tryAgain = 0;
let counter = 0;
/** The last activities received (id and body), so the bench can check what a scenario answers and find posted forms. */
const recent: Array<{ activityId: string; method: string; raw: string }> = [];

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    res.setHeader('content-type', 'application/json');
    if (path === '/stats') return res.end(JSON.stringify({ received, tryAgain }));
    if (path === '/recent') return res.end(JSON.stringify(recent.map(({ raw, ...r }) => ({ ...r, body: JSON.parse(raw || '{}') as unknown }))));
    if (path === '/clear') {
      recent.length = 0;
      return res.end('{}');
    }
    const member = path.match(/\/members\/([^/]+)$/);
    if (req.method === 'GET' && member) {
      const p = roster.get(member[1]);
      res.statusCode = p ? 200 : 404;
      return res.end(JSON.stringify(p ? { ...p, userRole: 'user' } : { error: { code: 'NotFound' } }));
    }
    received++;
    const id = req.method === 'PUT' ? (path.split('/').at(-1) ?? '') : `m${++counter}`;
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw.includes('rsök igen') || raw.includes('try again')) tryAgain++;
    recent.push({ activityId: id, method: req.method ?? '', raw });
    if (recent.length > 20) recent.shift();
    res.end(JSON.stringify({ id }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address() as { port: number };
  process.send?.({ port: addr.port });
});
