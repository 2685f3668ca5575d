import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_EXIT_CODE } from '../../src/process-faults';
import { ConnectorStandIn } from '../support/connector';
import { freePort, waitHealthy } from '../support/net';
import { anna, cardText, execute, message, ytterby } from '../support/teams';

const ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'index.js');
const INJECTOR = join(__dirname, '..', 'support', 'inject-fault.js');

function run(env: Record<string, string>, preload = false): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const args = preload ? ['--require', INJECTOR, ENTRY] : [ENTRY];
  const proc = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

async function post(port: number, activity: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

/** Log lines of the child (pino JSON), parsed. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('process faults in the real entrypoint (dist/src/index.js)', () => {
  const connector = new ConnectorStandIn();
  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
  });
  afterAll(() => connector.stop());

  it.each(['rejection', 'exception'])('on an unhandled %s: logs a correlation id, flushes the store, exits non-zero; nothing acknowledged is lost', async (fault) => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-fault-')), 'cosmos.json');
    const port = await freePort();
    // The snapshot delay is a minute: only the fault handler's flush can have written the data.
    const first = run({ PORT: String(port), EMBEDDED_DATA_FILE: dataFile, EMBEDDED_SNAPSHOT_MS: '60000', TRYGG_TEST_FAULT: fault }, true);
    // Up to 30 s: the start of a compiled process is slow on a busy shared machine.
    await waitHealthy(port, 600);
    const name = `SSPF Ytterby ${fault}`;
    const registered = await post(port, execute(anna, ytterby, 'groups.register', { kind: 'sspf', name, municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'skola' }, { serviceUrl: connector.url }));
    expect(registered.status).toBe(200);

    first.proc.kill('SIGUSR2');
    expect(await first.exited).toBe(FAULT_EXIT_CODE);
    const lines = logLines(first.output());
    const fatal = lines.find((l) => l.msg === 'process fault: flushing the store and exiting');
    expect(fatal).toMatchObject({ kind: fault === 'rejection' ? 'unhandledRejection' : 'uncaughtException', level: 60 });
    expect(String(fatal?.correlationId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.msg === 'store flushed and closed after a process fault')?.correlationId).toBe(fatal?.correlationId);

    const second = run({ PORT: String(port), EMBEDDED_DATA_FILE: dataFile });
    try {
      await waitHealthy(port, 600);
      connector.clear();
      await post(port, message(anna, ytterby, 'medlemmar', { serviceUrl: connector.url }));
      const text = cardText(ConnectorStandIn.cards(connector.activities)[0]);
      expect(text).toContain(name);
      expect(text).toContain('Anna Samordnare');
    } finally {
      second.proc.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 120_000);
});
