/**
 * `npm run bench`: on loopback, in one run, (a) a bare restify server that posts one reply (the
 * ceiling), (b) a plain botbuilder echo bot (the framework's floor), (b2) a botbuilder bot that reads
 * and writes its turn state through botbuilder-azure's CosmosDbPartitionedStorage and (c) Trygg on the
 * embedded store (journal on) answering real commands and card invokes. Each Trygg scenario's reply is
 * checked once before it is timed, and each runs between an echo-bot run and a state-bot run (interleaved
 * ratios). Then: store requests per turn, RSS after `global.gc()` following 10 000 mixed turns, read
 * turns as one group grows to 100 000 updates, and the weekly summary over 100 000 records.
 *
 * `BENCH_ONLY=reads,requests,rss,growth,summary,journal` (comma-separated) runs parts alone; the default
 * is every part but `journal`. `BENCH_SECONDS` (default 5) is each timed run's length; `BENCH_RSS_TURNS`
 * (default 10 000) the mixed turns before the RSS reading; `BENCH_PERSIST=false` runs Trygg without its
 * data file and journal (to tell their share).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SCENARIOS, STANDARD_SET, checkReply, httpPort, replyTo, seedTrygg, type Scenario } from './scenarios';
import { freePort, waitHealthy } from '../test/support/net';
import { countStoreRequests } from './store-requests';
import { addFreshProposals, freshLeft } from './approvals';
import { journalBench } from './journal';

const DIST = join(__dirname, '..');
const ROOT = join(__dirname, '..', '..');
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const RSS_TURNS = Number(process.env.BENCH_RSS_TURNS ?? 10_000);
/** Approvals timed: each decides a fresh proposal (a write), in groups of the standard size. */
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 1000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'reads,requests,rss,growth,summary').split(',').map((s) => s.trim()));

interface Child {
  port: number;
  proc: ChildProcess;
}

async function forkWithPort(script: string, env: Record<string, string>): Promise<Child> {
  const proc = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('message', (m: { port: number }) => resolve(m.port));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { port, proc };
}

/**
 * Trygg as `npm start` runs it, with the embedded store persisting (journal on) into a fresh data
 * directory, `--expose-gc` and the bench-only preload that answers the IPC message `gc`.
 */
async function startTrygg(): Promise<Child & { dataDir: string }> {
  const port = await freePort();
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const dataDir = mkdtempSync(join(ROOT, '.data', 'bench-'));
  const proc = fork(join(DIST, 'src', 'index.js'), [], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PERSIST: process.env.BENCH_PERSIST ?? 'true', EMBEDDED_DATA_FILE: join(dataDir, 'cosmos.json'), LOG_LEVEL: 'warn' },
    execArgv: ['--expose-gc', '--require', join(__dirname, 'gc-preload.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  // A loaded machine can take tens of seconds to start it; never leave it running if it does not come up.
  await waitHealthy(port, 1200).catch((err: unknown) => {
    proc.kill('SIGTERM');
    throw err;
  });
  return { port, proc, dataDir };
}

async function stopTrygg(t: Child & { dataDir: string }): Promise<void> {
  await new Promise<void>((resolve) => {
    if (t.proc.exitCode !== null) return resolve();
    t.proc.once('exit', () => resolve());
    t.proc.kill('SIGTERM');
  });
  rmSync(t.dataDir, { recursive: true, force: true });
}

/** What the bench preload reports. */
interface MemoryReport {
  memory: NodeJS.MemoryUsage;
  v8: { physicalMb: number; mallocedMb: number; peakMallocedMb: number; spaces: Record<string, number> };
  resident: Record<string, number>;
}

/** The forked Trygg's memory after two full collections (through the bench preload). */
async function memoryAfterGc(proc: ChildProcess): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Partial<MemoryReport> & { type?: string; error?: string }) => {
      if (m?.type !== 'memory') return;
      proc.off('message', onMessage);
      if (m.memory && m.v8 && m.resident) resolve({ memory: m.memory, v8: m.v8, resident: m.resident });
      else reject(new Error(m.error ?? 'no memory figures'));
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`Trygg exited (${code}) before reporting its memory`)));
    proc.send('gc');
  });
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function memoryLine({ memory: m, v8, resident }: MemoryReport): string {
  const where = Object.entries(resident).sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${v}`).join(', ');
  const spaces = Object.entries(v8.spaces).filter(([, v]) => v > 0).map(([k, v]) => `${k.replace('_space', '')} ${v}`).join(', ');
  return `RSS ${mb(m.rss)} MB (V8 heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB [${spaces}], V8 malloc ${v8.mallocedMb} MB (peak ${v8.peakMallocedMb}), external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB; resident MB by mapping: ${where})`;
}

interface LoadResult {
  name: string;
  /** Answers that told the user to try again (counted by the bench connector). */
  tryAgain?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

let connectorStats = '';

async function tryAgainSoFar(): Promise<number> {
  return connectorStats ? ((await (await fetch(`${connectorStats}/stats`)).json()) as { tryAgain: number }).tryAgain : 0;
}

async function load(name: string, port: number, scenario: Scenario, opts: { duration?: number; amount?: number } = {}): Promise<LoadResult> {
  const failedBefore = await tryAgainSoFar();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? DURATION_S }),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          context.conversation ??= Math.floor(Math.random() * 1e9);
          context.turn = Number(context.turn ?? 0) + 1;
          return { ...req, body: JSON.stringify(scenario.activity(Number(context.conversation), Number(context.turn))) };
        }
      }
    ]
  } as autocannon.Options);
  return {
    name,
    // A run of a fixed amount ends mid-second: autocannon's average over whole seconds would divide by
    // the seconds begun (500 turns in 3.0 s and in 2.2 s both give 167), so it is the total over the time.
    rps: Math.round(opts.amount ? result.requests.total / result.duration : result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    tryAgain: (await tryAgainSoFar()) - failedBefore
  };
}

function table(rows: LoadResult[]): string {
  const head = '| scenario | req/s | p50 ms | p99 ms | errors | non-2xx | "försök igen" answers |\n|---|---:|---:|---:|---:|---:|---:|';
  return [head, ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.tryAgain ?? 0} |`)].join('\n');
}

/**
 * Times a turn that happens once per item (approving): `APPROVALS` fresh proposals are made first
 * (bench/approvals.ts, not timed), then exactly that many turns are timed, each deciding one of them.
 */
async function loadOncePerItem(url: string, connectorUrl: string, serviceUrl: string, port: number, scenario: Scenario): Promise<LoadResult> {
  await addFreshProposals(httpPort(url, connectorUrl), serviceUrl, APPROVALS);
  const r = await load(`(c) Trygg: ${scenario.name}, ${APPROVALS} new decisions`, port, scenario, { amount: APPROVALS });
  if (freshLeft() !== 0) throw new Error(`bench: ${freshLeft()} of ${APPROVALS} proposals were not decided in the timed run`);
  return r;
}

/** Every scenario, one after the other by turn: the "mixed turns" of the RSS run. */
function mixed(scenarios: Scenario[]): Scenario {
  return { name: 'mixed', expect: '', activity: (c, t) => scenarios[(c + t) % scenarios.length].activity(c, t) };
}

/** Checks once that every scenario answers what it should (not an error or a refusal) before timing it. */
async function verifyScenarios(url: string, connectorUrl: string, scenarios: Scenario[]): Promise<void> {
  const port = httpPort(url, connectorUrl);
  const problems: string[] = [];
  for (const s of scenarios) {
    const problem = checkReply(s, await replyTo(port, s.activity(1, 1)));
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new Error(`scenarios that answer no real result (fix them before timing):\n${problems.join('\n')}`);
}

async function readTurns(serviceUrl: string, connectorUrl: string, children: Child[]): Promise<void> {
  const baseline = await forkWithPort(join(__dirname, 'baseline-restify.js'), {});
  const echo = await forkWithPort(join(__dirname, 'echo-bot.js'), {});
  const stateBot = await forkWithPort(join(__dirname, 'state-bot.js'), {});
  const trygg = await startTrygg();
  children.push(baseline, echo, stateBot);
  try {
    const url = `http://127.0.0.1:${trygg.port}`;
    await seedTrygg(httpPort(url, connectorUrl), serviceUrl);
    const scenarios = SCENARIOS.trygg(serviceUrl);
    await verifyScenarios(url, connectorUrl, scenarios);

    const hello = SCENARIOS.echo(serviceUrl);
    const rows: LoadResult[] = [];
    // Warm up every server once so JIT and connection pools are in the same state.
    for (const [p, s] of [[baseline.port, hello], [echo.port, hello], [stateBot.port, hello], [trygg.port, mixed(scenarios)]] as const) {
      await load('warm-up', p, s, { duration: 2 });
    }
    rows.push(await load('(a) restify + one reply', baseline.port, hello));
    rows.push(await load('(b) botbuilder echo bot', echo.port, hello));
    rows.push(await load('(b2) botbuilder state bot (CosmosDbPartitionedStorage)', stateBot.port, hello));
    // Interleaved: each Trygg scenario runs between a run of the echo bot and one of the state bot, and
    // its ratios are against those neighbours, so the machine's drift (2 noisy cores) mostly cancels.
    const pairs: Array<{ c: LoadResult; echo: LoadResult; state: LoadResult }> = [];
    for (const scenario of scenarios) {
      const e = await load('(b) echo, interleaved', echo.port, hello);
      const r = scenario.oncePerItem ? await loadOncePerItem(url, connectorUrl, serviceUrl, trygg.port, scenario) : await load(`(c) Trygg: ${scenario.name}`, trygg.port, scenario);
      const st = await load('(b2) state bot, interleaved', stateBot.port, hello);
      pairs.push({ c: r, echo: e, state: st });
      rows.push(r);
    }
    console.log(`\n## Read and write turns — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`${CONNECTIONS} concurrent conversations, ${DURATION_S} s per run; Trygg on the standard data set (${STANDARD_SET}), embedded store with the journal on\n`);
    console.log(table(rows));
    console.log('\nInterleaved ratios (each Trygg run against the echo and state-bot runs just before and after it):\n');
    console.log('| Trygg scenario | Trygg req/s | echo req/s | ×echo | p99 ×echo | state bot req/s | ×state bot |\n|---|---:|---:|---:|---:|---:|---:|');
    for (const { c, echo: e, state: st } of pairs) {
      console.log(`| ${c.name.replace('(c) Trygg: ', '')} | ${c.rps} | ${e.rps} | ${(c.rps / e.rps).toFixed(2)} | ${(c.p99 / Math.max(1, e.p99)).toFixed(2)} | ${st.rps} | ${(c.rps / st.rps).toFixed(2)} |`);
    }
  } finally {
    await stopTrygg(trygg);
  }
}

/** RSS after `global.gc()` in the forked Trygg: idle on the standard data set, then after RSS_TURNS mixed turns. */
async function rssAfterTurns(serviceUrl: string, connectorUrl: string): Promise<void> {
  const trygg = await startTrygg();
  try {
    const url = `http://127.0.0.1:${trygg.port}`;
    await seedTrygg(httpPort(url, connectorUrl), serviceUrl);
    const scenarios = SCENARIOS.trygg(serviceUrl);
    await verifyScenarios(url, connectorUrl, scenarios);
    const idle = await memoryAfterGc(trygg.proc);
    const run = await load('(c) Trygg mixed turns', trygg.port, mixed(scenarios), { amount: RSS_TURNS });
    const peak = rssMb(trygg.proc.pid!);
    const after = await memoryAfterGc(trygg.proc);
    console.log(`\n## Memory (forked Trygg, embedded store in-process, ${process.env.BENCH_PERSIST === 'false' ? 'no data file, no journal' : 'journal on'}; standard data set: ${STANDARD_SET})\n`);
    console.log(`- after seeding, idle, after global.gc(): ${memoryLine(idle)}`);
    console.log(`- right after ${RSS_TURNS} mixed turns at ${CONNECTIONS} concurrent (${run.rps} turns/s, ${run.errors} errors, ${run.non2xx} non-2xx, ${run.tryAgain} "försök igen" answers), before GC: RSS ${peak} MB`);
    console.log(`- then after global.gc(): ${memoryLine(after)} (target RSS < 250 MB)`);
  } finally {
    await stopTrygg(trygg);
  }
}

/** Runs a bench part in its own process (own heap, so its RSS is its own). */
async function runChild(script: string): Promise<void> {
  const proc = fork(join(__dirname, script), [], { execArgv: ['--expose-gc'], stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`bench parts: ${[...ONLY].join(', ')}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const connector = await forkWithPort(join(__dirname, 'connector-server.js'), { ROSTER: JSON.stringify(SCENARIOS.roster) });
  const serviceUrl = `http://127.0.0.1:${connector.port}`;
  connectorStats = serviceUrl;
  const children: Child[] = [connector];
  try {
    if (ONLY.has('reads')) await readTurns(serviceUrl, serviceUrl, children);
    if (ONLY.has('requests')) {
      console.log('\n## Store requests per turn (embedded store, counted at the store, steady state; each reply checked)\n');
      console.log('| turn | point reads | queries | cross-partition queries | query plans | writes |\n|---|---:|---:|---:|---:|---:|');
      for (const row of await countStoreRequests()) {
        const n = row.counts;
        console.log(`| ${row.name} | ${n.pointReads} | ${n.queries} | ${n.crossPartitionQueries} | ${n.queryPlans} | ${n.writes} |`);
      }
    }
    if (ONLY.has('rss')) await rssAfterTurns(serviceUrl, serviceUrl);
    if (ONLY.has('growth')) await runChild('growth.js');
    if (ONLY.has('summary')) await runChild('summary-scale.js');
    if (ONLY.has('journal')) await journalBench(ROOT);
    console.log(`\nbench finished in ${Math.round((Date.now() - started) / 1000)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    for (const c of children) c.proc.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
