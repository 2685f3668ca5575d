/**
 * `npm run bench:profile`: a CPU profile of one kind of turn. The bot runs in this process on the embedded
 * store (journal on, as `npm start` runs it) with the standard data set created through its verbs; the
 * scenario's reply is checked, then it runs at 50 concurrent turns for PROFILE_SECONDS (default 10) under
 * the V8 sampling profiler. Prints CPU ms per turn, self time by package and the hottest functions, and
 * writes `.data/profiles/<scenario>.cpuprofile` (open it in Chrome DevTools or VS Code).
 *
 * `PROFILE_SCENARIOS` names the scenarios, comma-separated, by a part of their name (default
 * `echo,lägesbild Ytterby (channel),insatser,hjälp,Visa detaljer,approve`). `echo` is personal-chat
 * `hej` (an unknown command answered by a short text): the bot's own floor. Approving decides a fresh
 * proposal on every turn (`PROFILE_APPROVALS` of them, bench/approvals.ts); its run ends when they are used up.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { openStore } from '../src/store/store';
import { inProcessBot } from './in-process';
import { addFreshProposals, freshLeft } from './approvals';
import { SCENARIOS, checkReply, replyTo, seedTrygg, type Scenario } from './scenarios';

const ROOT = join(__dirname, '..', '..');
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const WANTED = (process.env.PROFILE_SCENARIOS ?? 'echo,lägesbild Ytterby (channel),insatser,hjälp,Visa detaljer,approve').split(',').map((s) => s.trim());
const CONCURRENCY = 50;
/** Fresh proposals for the profile of approving (`PROFILE_APPROVALS`, default 2 000): each turn decides one. */
const APPROVALS = Number(process.env.PROFILE_APPROVALS ?? 2000);

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** Where a profiled function lives: a package under node_modules, Trygg's own code, Node itself, or V8. */
function owner(url: string): string {
  if (!url) return '(V8 / native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /dist(?:-exp)?\/(src|bench|test)\/(.*?)\/[^/]+\.js$/.exec(url) ?? /dist(?:-exp)?\/(src|bench|test)\/()[^/]+\.js$/.exec(url);
  if (own) return `trygg ${own[1]}/${own[2]}`.replace(/\/$/, '');
  return url.startsWith('node:') ? 'node core' : url;
}

function summarise(profile: Profiler.Profile, turns: number): string {
  const dt = new Map<number, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) dt.set(samples[i], (dt.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const ms = dt.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      idle += functionName === '(idle)' ? ms : 0;
      if (functionName === '(idle)') continue;
    }
    total += ms;
    const o = functionName === '(garbage collector)' ? '(garbage collector)' : owner(url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + ms);
    const f = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
  }
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1)} %`;
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort(([, a], [, b]) => b - a).slice(0, n).map(([k, v]) => `  ${pct(v).padStart(7)}  ${(v / turns).toFixed(3)} ms/turn  ${k}`);
  return [
    `  busy ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms, ${turns} turns: ${(total / turns).toFixed(3)} ms CPU per turn (main thread)`,
    '  self time by owner:',
    ...top(byOwner, 14),
    '  hottest functions (self time):',
    ...top(byFunction, 22)
  ].join('\n');
}

async function main(): Promise<void> {
  const logger = pino({ level: 'silent' });
  mkdirSync(join(ROOT, '.data', 'profiles'), { recursive: true });
  const dataDir = mkdtempSync(join(ROOT, '.data', 'profile-'));
  const store = await openStore({ cosmos: { database: 'profile' }, embedded: { dataFile: join(dataDir, 'cosmos.json'), snapshotMs: 60_000 }, logger });
  const { connector, handle, port } = await inProcessBot(store, logger);
  await seedTrygg(port, connector.url);
  const all: Scenario[] = [SCENARIOS.echo(connector.url), ...SCENARIOS.trygg(connector.url)];
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  for (const want of WANTED) {
    const scenario = all.find((s) => s.name.includes(want));
    if (!scenario) throw new Error(`no scenario named like "${want}" (have: ${all.map((s) => s.name).join('; ')})`);
    // A turn that happens once per item (approving) takes fresh proposals; the runs end when they are used up.
    const supply = (n: number) => (scenario.oncePerItem ? addFreshProposals(port, connector.url, n) : Promise.resolve());
    await supply(1);
    const reply = await replyTo(port, scenario.activity(1, 1));
    const problem = scenario.name === 'echo' ? undefined : checkReply(scenario, reply);
    if (problem) throw new Error(problem);
    const bytes = Buffer.byteLength(reply);
    const drive = async (ms: number) => {
      let turns = 0;
      const end = performance.now() + ms;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, w) => {
          for (let t = 2; performance.now() < end && (!scenario.oncePerItem || freshLeft() > 0); t++, turns++) await handle(scenario.activity(w + 1, t));
        })
      );
      connector.clear();
      return turns;
    };
    await supply(APPROVALS / 4);
    await drive(2000);
    await supply(APPROVALS);
    await post(session, 'Profiler.start');
    const t0 = performance.now();
    const turns = await drive(SECONDS * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
    const file = join(ROOT, '.data', 'profiles', `${scenario.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/-+$/, '')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`\n### ${scenario.name}: ${(turns / elapsed).toFixed(0)} turns/s in process, reply ${bytes} bytes of JSON (${file.replace(`${ROOT}/`, '')})`);
    console.log(summarise(profile, turns));
  }
  session.disconnect();
  await connector.stop();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
