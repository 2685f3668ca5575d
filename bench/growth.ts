/**
 * Growth: do read turns stay as fast when one group's data grows? Three bots in this process, each on its
 * own embedded store: the bench group with 1 000, 10 000 and 100 000 situation updates (plus 5 % as many
 * actions), and four other groups at the standard size. The standard data set is created through the
 * bot's verbs; the growth is cloned from those documents and the read models are then brought in line
 * through the app's registry. Each read turn's reply is checked, then its throughput is measured at 50
 * concurrent turns through the bot's real handler, interleaved 1 000 → 10 000 → 100 000 → 1 000, and its
 * store requests per turn are counted at each size.
 *
 * `BENCH_GROWTH_SIZES` (default `1000,10000,100000`), `BENCH_GROWTH_SECONDS` (default 2 per run).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { StoreRequestCounts } from '../src/store/embedded';
import { openStore, type Store } from '../src/store/store';
import { SETUP_TIMEOUT_MS, cloneMany, daysBefore, templatesOf } from './clone';
import { ConnectorStandIn } from '../test/support/connector';
import { inProcessBot } from './in-process';
import { SCENARIOS, channelInvoke, checkReply, groupIdOfTeam, inProcessPort, inTeam, replyTo, seedTrygg, type Scenario } from './scenarios';

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_GROWTH_SECONDS ?? 2);
const CONCURRENCY = 50;
const OTHER_GROUPS = 4;

interface World {
  size: number;
  store: Store;
  connector: ConnectorStandIn;
  handle(activity: unknown): Promise<{ body?: unknown } | undefined>;
  scenarios: Scenario[];
  seedSeconds: number;
  rebuildSeconds: number;
  rebuilt: Record<string, Record<string, number>>;
}

async function makeWorld(size: number): Promise<World> {
  const logger = pino({ level: 'silent' });
  const store = await openStore({ cosmos: { database: `growth-${size}` }, embedded: { snapshotMs: 60_000 }, logger, requestTimeoutMs: SETUP_TIMEOUT_MS });
  const { connector, bot, handle, port } = await inProcessBot(store, logger);
  await seedTrygg(port, connector.url);
  const [coordinator] = SCENARIOS.roster;
  const others: string[] = [];
  for (let g = 0; g < OTHER_GROUPS; g++) {
    const team = `growth-other-${g}`;
    const res = JSON.stringify(await port.send(inTeam(channelInvoke(connector.url, coordinator, 'groups.register', { kind: 'sspf', name: `SSPF Annan ${g}`, municipality: 'Kungälv', areas: 'Ytterby, Kareby', language: 'sv', agency: 'socialtjanst' }), team)));
    if (!res.includes(`SSPF Annan ${g}`)) throw new Error(`growth: registration refused: ${res.slice(0, 300)}`);
    others.push(groupIdOfTeam(team));
  }
  const updates = await templatesOf(store, 'updates', SCENARIOS.groupId);
  const actions = await templatesOf(store, 'actions', SCENARIOS.groupId);
  if (updates.length !== 40 || actions.length !== 40) throw new Error(`growth: templates missing (${updates.length} updates, ${actions.length} actions)`);
  const now = new Date();
  const update = (groupId: string) => (i: number) => {
    const day = daysBefore(now, i % 70);
    const t = updates[i % updates.length];
    return { ...t, id: randomUUID(), groupId, observedOn: day, ...('createdAt' in t ? { createdAt: `${day}T12:00:00.000Z` } : {}) };
  };
  const action = (groupId: string) => (i: number) => {
    const t = actions[i % actions.length];
    // Due dates from 30 days ago to 30 days ahead, spread over that range from the first clone on (step 7
    // of 61), so every size has overdue actions for the list turns to show.
    return { ...t, id: `${String(t.id)}-${groupId.length}-${i}-${randomUUID().slice(0, 8)}`, groupId, dueDate: daysBefore(now, ((i * 7) % 61) - 30) };
  };
  const started = performance.now();
  for (const g of others) {
    await cloneMany(store, 'updates', 40, update(g));
    await cloneMany(store, 'actions', 40, action(g));
  }
  await cloneMany(store, 'updates', size - updates.length, update(SCENARIOS.groupId));
  await cloneMany(store, 'actions', Math.max(0, Math.round(size * 0.05) - actions.length), action(SCENARIOS.groupId));
  const seedSeconds = (performance.now() - started) / 1000;
  const r0 = performance.now();
  const rebuilt = await bot.readModels.rebuildAll(new Date());
  const rebuildSeconds = (performance.now() - r0) / 1000;
  return { size, store, connector, handle, scenarios: SCENARIOS.reads(connector.url), seedSeconds, rebuildSeconds, rebuilt };
}

/**
 * Waits until the event loop is idle again: a store request the client gave up on (timeout) still runs in
 * the embedded server, and would slow the next measurement, whichever world it belongs to.
 */
async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 4; ) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    quiet = performance.now() - t < 60 ? quiet + 1 : 0;
  }
}

/** 50 concurrent conversations for SECONDS: turns per second, p99 latency and answers that were errors. */
async function drive(world: World, scenario: Scenario): Promise<{ tps: number; p99: number; errors: number }> {
  await settle();
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let turn = 1; performance.now() < end; turn++) {
        const t = performance.now();
        await world.handle(scenario.activity(w + 1, turn));
        latencies.push(performance.now() - t);
      }
    })
  );
  const elapsed = (performance.now() - t0) / 1000;
  const errors = world.connector.activities.filter((a) => /försök igen/i.test(JSON.stringify(a.body))).length;
  world.connector.clear();
  latencies.sort((a, b) => a - b);
  return { tps: latencies.length / elapsed, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, errors };
}

async function requestsPerTurn(world: World, scenario: Scenario): Promise<StoreRequestCounts> {
  await settle();
  await world.handle(scenario.activity(1, 1));
  const before = world.store.requestCounts!();
  await world.handle(scenario.activity(1, 2));
  const after = world.store.requestCounts!();
  world.connector.clear();
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof StoreRequestCounts]])) as unknown as StoreRequestCounts;
}

async function main(): Promise<void> {
  const worlds: World[] = [];
  for (const size of SIZES) worlds.push(await makeWorld(size));
  console.log(`\n## Growth (in process: the bot's handler on the embedded store, ${CONCURRENCY} concurrent turns, ${SECONDS} s per run)\n`);
  for (const w of worlds) {
    const rebuilt = Object.entries(w.rebuilt).map(([name, counts]) => `${name} ${JSON.stringify(counts)}`).join('; ');
    console.log(`- ${w.size} updates + ${Math.round(w.size * 0.05)} actions in the bench group, ${OTHER_GROUPS} other groups at 40 + 40: cloned in ${w.seedSeconds.toFixed(1)} s; read models rebuilt in ${w.rebuildSeconds.toFixed(1)} s (${rebuilt || 'no read models registered'})`);
  }
  const first = worlds[0];
  const last = worlds[worlds.length - 1];
  console.log(`\n| read turn | ${worlds.map((w) => `${w.size} turns/s`).join(' | ')} | ${first.size} again | ${last.size} ÷ ${first.size} (mean of both) | p99 ms at ${first.size} / ${last.size} | error answers | requests per turn at ${first.size} → ${last.size} (point reads, queries, query plans) | reply bytes at ${worlds.map((w) => w.size).join(' / ')} |`);
  console.log(`|---|${worlds.map(() => '---:').join('|')}|---:|---:|---:|---:|---|---:|`);
  for (let s = 0; s < first.scenarios.length; s++) {
    // At the smallest size a wrong answer is a broken scenario (stop); at a larger one it is what the
    // bot does with that much data (reported in the row, and timed all the same).
    const answers: string[] = [];
    const bytes: number[] = [];
    for (const w of worlds) {
      await settle();
      const reply = await replyTo(inProcessPort(w.handle, w.connector), w.scenarios[s].activity(1, 1));
      bytes.push(Buffer.byteLength(reply));
      const problem = checkReply(w.scenarios[s], reply);
      if (problem && w === worlds[0]) throw new Error(`growth at ${w.size}: ${problem}`);
      if (problem) answers.push(`at ${w.size}: ${/försök igen/i.test(problem) ? '"försök igen"' : 'no expected answer'}`);
    }
    const runs: Array<{ tps: number; p99: number; errors: number }> = [];
    for (const w of worlds) runs.push(await drive(w, w.scenarios[s]));
    const again = await drive(first, first.scenarios[s]);
    const lastRun = runs[runs.length - 1];
    const ratio = lastRun.tps / ((runs[0].tps + again.tps) / 2);
    const rq = async (w: World) => {
      const n = await requestsPerTurn(w, w.scenarios[s]);
      return `${n.pointReads}, ${n.queries}, ${n.queryPlans}`;
    };
    console.log(`| ${first.scenarios[s].name}${answers.length ? ` (checked reply ${answers.join(', ')})` : ''} | ${runs.map((r) => r.tps.toFixed(0)).join(' | ')} | ${again.tps.toFixed(0)} | ${ratio.toFixed(2)} | ${runs[0].p99.toFixed(0)} / ${lastRun.p99.toFixed(0)} | ${[...runs, again].reduce((n, r) => n + r.errors, 0)} | ${await rq(first)} → ${await rq(last)} | ${bytes.join(' / ')} |`);
  }
  for (const w of worlds) {
    await w.connector.stop();
    await w.store.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
