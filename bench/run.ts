/**
 * `npm run bench`: on loopback, in one run, (a) a bare restify server that posts one reply (the
 * ceiling), (b) a plain botbuilder echo bot (the framework's floor) and (c) Trygg on the embedded store
 * answering real commands and card invokes. Prints throughput and p50/p99 latency at 50 concurrent
 * conversations, the ratios c/a and c/b, Trygg's RSS after 10 000 turns, store requests per turn type,
 * and the weekly summary over 100 000 records.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SCENARIOS, seedTrygg, type Scenario } from './scenarios';
import { freePort, waitHealthy } from '../test/support/net';
import { countStoreRequests } from './store-requests';
import { summaryAtScale } from './summary-scale';
import { journalBench } from './journal';

const DIST = join(__dirname, '..');
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const RSS_TURNS = Number(process.env.BENCH_RSS_TURNS ?? 10_000);

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

async function startTrygg(): Promise<Child> {
  const port = await freePort();
  const proc = fork(join(DIST, 'src', 'index.js'), [], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PERSIST: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  await waitHealthy(port);
  return { port, proc };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, port: number, scenario: Scenario, opts: { duration?: number; amount?: number } = {}): Promise<LoadResult> {
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
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  };
}

function table(rows: LoadResult[]): string {
  const head = '| scenario | req/s | p50 ms | p99 ms | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|';
  return [head, ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  // BENCH_ONLY=journal runs the journal section alone (about a minute).
  if (process.env.BENCH_ONLY === 'journal') return journalBench(join(__dirname, '..', '..'));
  const connector = await forkWithPort(join(__dirname, 'connector-server.js'), { ROSTER: JSON.stringify(SCENARIOS.roster) });
  const serviceUrl = `http://127.0.0.1:${connector.port}`;
  const children: Child[] = [connector];
  try {
    const baseline = await forkWithPort(join(__dirname, 'baseline-restify.js'), {});
    const echo = await forkWithPort(join(__dirname, 'echo-bot.js'), {});
    const stateBot = await forkWithPort(join(__dirname, 'state-bot.js'), {});
    const trygg = await startTrygg();
    children.push(baseline, echo, stateBot, trygg);
    await seedTrygg(`http://127.0.0.1:${trygg.port}`, serviceUrl);

    const hello = SCENARIOS.echo(serviceUrl);
    const rows: LoadResult[] = [];
    // Warm up every server once so JIT and connection pools are in the same state.
    for (const [p, s] of [[baseline.port, hello], [echo.port, hello], [stateBot.port, hello], [trygg.port, SCENARIOS.trygg(serviceUrl)[0]]] as const) {
      await load('warm-up', p, s, { duration: 2 });
    }
    rows.push(await load('(a) restify + one reply', baseline.port, hello));
    rows.push(await load('(b) botbuilder echo bot', echo.port, hello));
    rows.push(await load('(b2) botbuilder state bot (CosmosDbPartitionedStorage)', stateBot.port, hello));
    const tryggRows: LoadResult[] = [];
    // Interleaved: each Trygg scenario runs between a run of the echo bot and one of the state bot, and
    // its ratios are against those neighbours, so the machine's drift (2 noisy cores) mostly cancels.
    const pairs: Array<{ c: LoadResult; echo: LoadResult; state: LoadResult }> = [];
    for (const scenario of SCENARIOS.trygg(serviceUrl)) {
      const e = await load('(b) echo, interleaved', echo.port, hello);
      const r = await load(`(c) Trygg: ${scenario.name}`, trygg.port, scenario);
      const st = await load('(b2) state bot, interleaved', stateBot.port, hello);
      pairs.push({ c: r, echo: e, state: st });
      tryggRows.push(r);
      rows.push(r);
    }
    const [a, b] = rows;
    console.log(`\nTrygg benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
    console.log(`${CONNECTIONS} concurrent conversations, ${DURATION_S} s per scenario\n`);
    console.log(table(rows));
    console.log('\n| Trygg scenario | c/a throughput | c/b throughput | p99 vs echo p99 |\n|---|---:|---:|---:|');
    for (const c of tryggRows) {
      console.log(`| ${c.name.replace('(c) Trygg: ', '')} | ${(c.rps / a.rps).toFixed(2)} | ${(c.rps / b.rps).toFixed(2)} | ${(c.p99 / Math.max(1, b.p99)).toFixed(2)}× |`);
    }
    console.log('\nInterleaved ratios (each Trygg run against the echo and state-bot runs just before and after it):\n');
    console.log('| Trygg scenario | Trygg req/s | echo req/s | ×echo | p99 ×echo | state bot req/s | ×state bot |\n|---|---:|---:|---:|---:|---:|---:|');
    for (const { c, echo: e, state: st } of pairs) {
      console.log(`| ${c.name.replace('(c) Trygg: ', '')} | ${c.rps} | ${e.rps} | ${(c.rps / e.rps).toFixed(2)} | ${(c.p99 / Math.max(1, e.p99)).toFixed(2)} | ${st.rps} | ${(c.rps / st.rps).toFixed(2)} |`);
    }

    const before = rssMb(trygg.proc.pid!);
    const rss = await load('(c) Trygg RSS run', trygg.port, SCENARIOS.trygg(serviceUrl)[0], { amount: RSS_TURNS });
    console.log(`\nTrygg RSS: ${before} MB before, ${rssMb(trygg.proc.pid!)} MB after ${RSS_TURNS} more turns (${rss.errors} errors, ${rss.non2xx} non-2xx); target < 200 MB`);

    console.log('\nStore requests per turn (embedded store, measured in-process):\n');
    console.log('| turn | point reads | queries | cross-partition queries | query plans | writes |\n|---|---:|---:|---:|---:|---:|');
    for (const row of await countStoreRequests()) {
      const n = row.counts;
      console.log(`| ${row.name} | ${n.pointReads} | ${n.queries} | ${n.crossPartitionQueries} | ${n.queryPlans} | ${n.writes} |`);
    }
    console.log('\nWeekly summary at scale (in-process, embedded store):\n');
    const scale = await summaryAtScale();
    console.log(`${scale.records} records over 20 SSPF groups (seeded in ${scale.seedSeconds} s); coordinator's preview: ${scale.summaryMs} ms (target < 2000 ms)`);
    console.log(`store requests: ${scale.requests.pointReads} point reads, ${scale.requests.queries} partition queries (+${scale.requests.queryPlans} query plans), ${scale.requests.crossPartitionQueries} cross-partition, ${scale.requests.writes} writes`);
    console.log(`heap used after GC: ${scale.heapMb.before} MB before, ${scale.heapMb.after} MB after the summary`);
    await journalBench(join(__dirname, '..', '..'));
    console.log(`\nbench finished in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    for (const c of children) c.proc.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
