import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/paths';
import { freePort, waitHealthy } from '../support/net';

/**
 * README.md is short, true and tested: every fenced command is extracted; each `npm run X` must exist,
 * each `az …` must be a subcommand the deployment guide explains, and the quick start runs for real:
 * `npm run seed:demo` and `npm start` on a fresh data file and a free port, `npm run package` with sample
 * values for its placeholders.
 */
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The `az` subcommands README may use (each one explained in docs/operations.md). */
const ALLOWED_AZ = ['az group create', 'az deployment group what-if', 'az deployment group create', 'az webapp deploy', 'az bicep build', 'az keyvault recover', 'az keyvault list-deleted', 'az login'];

/** Sample values for README's `<…>` placeholders, by the variable they fill. */
const SAMPLES: Record<string, string> = {
  BOT_ID: '0b5e2a1c-7d3f-4e8a-9c1b-2f4d6e8a0b1c',
  BOT_DOMAIN: 'trygg-kungalv-web.azurewebsites.net',
  PRIVACY_URL: 'https://www.kungalv.se/integritet',
  TERMS_OF_USE_URL: 'https://www.kungalv.se/villkor'
};

/** Every command in README's fenced blocks: comments dropped, `\` continuations joined, `&&` chains split. */
function commands(text: string): string[] {
  const blocks = [...text.matchAll(/^```(?:bash|sh|shell)?\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks.flatMap((b) =>
    b
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line && !line.startsWith('#'))
      .flatMap((line) => line.split(/\s+&&\s+/))
  );
}

/** `NAME=value` words before the command, and the command itself. */
function splitAssignments(cmd: string): { env: Record<string, string>; rest: string } {
  const env: Record<string, string> = {};
  let rest = cmd;
  for (let m = /^([A-Z_][A-Z0-9_]*)=(<[^>]*>|"[^"]*"|\S+)\s+/.exec(rest); m; m = /^([A-Z_][A-Z0-9_]*)=(<[^>]*>|"[^"]*"|\S+)\s+/.exec(rest)) {
    env[m[1]] = m[2];
    rest = rest.slice(m[0].length);
  }
  return { env, rest };
}

interface Run {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one README command line with `sh`, in the repository, with `env` added. */
function run(cmd: string, env: Record<string, string>): Run {
  let out = '';
  const proc = spawn('sh', ['-c', cmd], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

/** Lines a user would read as a problem: Node warnings, npm warnings, log lines at warn level or above, errors. */
function troubleLines(output: string): string[] {
  // npm's own echo of the script ("> node --disable-warning=DEP0111 …") is not a message.
  return output.split('\n').filter((l) => !l.startsWith('> ') && /\(node:\d+\)|DeprecationWarning|npm (warn|error|ERR!)|"level":(4|5|6)\d|\berror\b|\bwarn(ing)?\b/i.test(l));
}

/** The environment the tests themselves run with would leak into the commands: start them as a newcomer would. */
const CLEAN = { BOT_ID: '', COSMOS_ENDPOINT: '', NODE_ENV: '', LOG_LEVEL: 'info' };

describe('README.md', () => {
  const all = commands(README);

  it('is short and links every part of docs/', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(200);
    for (const doc of ['configuration', 'storage', 'operations', 'privacy', 'benchmarks', 'architecture', 'usage', 'playground']) expect(README).toContain(`](docs/${doc}.md)`);
    // Gallery pictures are named <card>.<language>.<width>.png (docs/cards/README.md).
    const picture = /!\[[^\]]+\]\((docs\/cards\/[a-z-]+\.(?:sv|en)\.(?:480|344)\.png)\)/.exec(README);
    expect(picture).not.toBeNull();
    expect(statSync(join(REPO_ROOT, picture![1])).size).toBeGreaterThan(1000);
  });

  it('every `npm run X` exists in package.json, and the quick-start commands are there', () => {
    const npmRuns = all.map((c) => splitAssignments(c).rest).filter((c) => c.startsWith('npm run ')).map((c) => c.split(/\s+/)[2]);
    expect(npmRuns.length).toBeGreaterThan(3);
    expect(npmRuns.filter((s) => !(s in pkg.scripts))).toEqual([]);
    for (const c of ['npm start', 'npm test', 'npm run seed:demo', 'npm run playground', 'npm run bundle']) expect(all).toContain(c);
    // Only npm commands that exist (install, start, test, run).
    expect(all.filter((c) => /^npm /.test(splitAssignments(c).rest) && !/^npm (install|start|test|run \S+)( |$)/.test(splitAssignments(c).rest))).toEqual([]);
  });

  it('every `az` command is an allowed subcommand', () => {
    const az = all.filter((c) => c.startsWith('az '));
    expect(az.length).toBeGreaterThan(2);
    expect(az.filter((c) => !ALLOWED_AZ.some((allowed) => c === allowed || c.startsWith(allowed + ' ')))).toEqual([]);
    // The deploy section deploys the bundle that `npm run bundle` writes.
    const { OUT } = require('../../scripts/bundle.js') as { OUT: string };
    expect(az.find((c) => c.startsWith('az webapp deploy'))).toContain(`--src-path ${OUT.slice(REPO_ROOT.length + 1)} --type zip`);
  });

  it('the quick start runs: seed:demo quietly, then npm start until /healthz answers', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'trygg-readme-')), 'cosmos.json');
    const seed = run('npm run seed:demo', { ...CLEAN, EMBEDDED_DATA_FILE: data });
    expect(await seed.exited).toBe(0);
    expect(troubleLines(seed.output())).toEqual([]);
    expect(seed.output()).toMatch(/Demo data written to .*: 5 groups/);

    const port = await freePort();
    const start = run('npm start', { ...CLEAN, PORT: String(port), EMBEDDED_DATA_FILE: data, ICS_SIGNING_SECRET: 'r'.repeat(40) });
    try {
      await waitHealthy(port, 6000);
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({ status: 'ok', store: 'embedded' });
      // Node 20 and 22 (CI runs this suite under both): no deprecation or other process warning.
      expect(start.output()).not.toMatch(/\(node:\d+\)|DeprecationWarning|npm warn/i);
      // Local anonymous mode says so, and listens on loopback only.
      expect(start.output()).toMatch(/local anonymous mode/);
      expect(start.output()).toContain(`"url":"http://127.0.0.1:${port}/api/messages"`);
    } finally {
      if (start.proc.pid) process.kill(-start.proc.pid, 'SIGTERM');
      await start.exited;
    }
  }, 10 * 60_000);

  it('npm run package, as written, builds the Teams app package with sample values', async () => {
    const line = all.find((c) => splitAssignments(c).rest === 'npm run package');
    expect(line).toBeDefined();
    const { env } = splitAssignments(line!);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN', 'PRIVACY_URL', 'TERMS_OF_USE_URL']));
    const filled: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      if (!value.startsWith('<')) filled[name] = value;
      else if (name in SAMPLES) filled[name] = SAMPLES[name];
      else throw new Error(`README's placeholder ${name}=${value} needs a sample value in this test`);
    }
    const pack = run('npm run package', filled);
    expect(await pack.exited).toBe(0);
    expect(pack.output()).toMatch(/wrote appPackage\/build\/trygg\.zip/);
    expect(troubleLines(pack.output())).toEqual([]);
  }, 120_000);
});
