import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConnectorStandIn } from '../support/connector';
import { freePort, waitHealthy } from '../support/net';
import { anna, cardText, execute, message, ytterby } from '../support/teams';

const ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'index.js');

function run(env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const proc = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

async function post(port: number, activity: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

describe('the real entrypoint (dist/src/index.js)', () => {
  const connector = new ConnectorStandIn();
  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
  });
  afterAll(() => connector.stop());

  it('stops on a bad variable with a message that names it, and refuses anonymous mode in production', async () => {
    const bad = run({ PORT: '0', BOT_ID: 'nope' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/BOT_ID must be the bot app id/);
    const prod = run({ PORT: '0', NODE_ENV: 'production' });
    expect(await prod.exited).toBe(2);
    expect(prod.output()).toMatch(/BOT_ID is required when NODE_ENV=production/);
  });

  it('serves /healthz, survives malformed bodies, shuts down gracefully on SIGTERM and keeps the data across a restart', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-proc-')), 'cosmos.json');
    const port = await freePort();
    const first = run({ PORT: String(port), EMBEDDED_DATA_FILE: dataFile, EMBEDDED_SNAPSHOT_MS: '60000' });
    await waitHealthy(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({ status: 'ok', store: 'embedded' });
    expect(first.output()).toMatch(/local anonymous mode/);

    expect((await post(port, '{not json' as unknown)).status).toBe(400);
    const raw = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "mess' });
    expect(raw.status).toBe(400);
    const registered = await post(port, execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'skola' }, { serviceUrl: connector.url }));
    expect(registered.status).toBe(200);

    // The journal had the registration on disk before it was answered; a graceful shutdown exits 0.
    const dir = dirname(dataFile);
    expect(readdirSync(dir).filter((f) => f.startsWith('cosmos.journal.')).map((f) => readFileSync(join(dir, f), 'utf8')).join('')).toContain('SSPF Ytterby');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = run({ PORT: String(port), EMBEDDED_DATA_FILE: dataFile });
    try {
      await waitHealthy(port);
      connector.clear();
      await post(port, message(anna, ytterby, 'medlemmar', { serviceUrl: connector.url }));
      expect(cardText(ConnectorStandIn.cards(connector.activities)[0])).toContain('Anna Samordnare');
    } finally {
      second.proc.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  });
});
