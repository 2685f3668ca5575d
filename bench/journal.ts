/**
 * The embedded store's write-ahead journal: what it costs. Writes per second with 12 concurrent writers
 * (group commit) and one sequential writer (p50/p99 per write), journal on against journal off, in
 * interleaved runs on the checkout's own file system; and how long compaction of 100 000 records blocks
 * the event loop at most.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { CosmosClient, type Container } from '@azure/cosmos';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../src/store/embedded';
import { encodeRecord, SNAPSHOT_FORMAT } from '../src/store/journal';

const WRITERS = 12;
const SECONDS = Number(process.env.BENCH_JOURNAL_SECONDS ?? 3);
const SEQUENTIAL_WRITES = Number(process.env.BENCH_JOURNAL_SEQUENTIAL ?? 400);
const PAIRS = Number(process.env.BENCH_JOURNAL_PAIRS ?? 3);

/** Result of one run. */
export interface WriteRun {
  journal: boolean;
  concurrentPerSecond: number;
  sequentialPerSecond: number;
  p50: number;
  p99: number;
}

async function open(dir: string, journal: boolean): Promise<{ store: EmbeddedCosmos; client: CosmosClient; items: Container }> {
  const store = new EmbeddedCosmos({ dataFile: join(dir, 'cosmos.json'), snapshotMs: 1000, journal, logger: pino({ level: 'silent' }) });
  await store.start();
  const client = new CosmosClient({ endpoint: store.endpoint, key: EMBEDDED_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  const { database } = await client.databases.createIfNotExists({ id: 'bench' });
  const { container } = await database.containers.createIfNotExists({ id: 'updates', partitionKey: { paths: ['/groupId'] } });
  return { store, client, items: container };
}

const doc = (i: number, w: number) => ({ id: `u-${w}-${i}`, groupId: `g${w}`, area: 'Ytterby', category: 'narkotika', trend: 'okande', text: 'Ökad oro kring centrum på kvällstid, fler ungdomar samlas vid busstorget.'.repeat(2) });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function oneRun(root: string, journal: boolean): Promise<WriteRun> {
  const dir = mkdtempSync(join(root, journal ? 'on-' : 'off-'));
  const { store, client, items } = await open(dir, journal);
  try {
    let count = 0;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; Date.now() < end; i++) {
          await items.items.create(doc(i, w));
          count++;
        }
      })
    );
    const concurrentPerSecond = count / SECONDS;
    const latencies: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < SEQUENTIAL_WRITES; i++) {
      const s = performance.now();
      await items.items.create(doc(i, 99));
      latencies.push(performance.now() - s);
    }
    const sequentialPerSecond = SEQUENTIAL_WRITES / ((performance.now() - t0) / 1000);
    latencies.sort((a, b) => a - b);
    return { journal, concurrentPerSecond, sequentialPerSecond, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    client.dispose();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Longest event-loop stall while compacting a store of `records` items, and how long compaction took. */
async function compactionStall(root: string, records: number): Promise<{ maxStallMs: number; compactMs: number }> {
  const dir = mkdtempSync(join(root, 'compact-'));
  // A snapshot of `records` items written directly, so the store starts with them at once.
  const frames: Buffer[] = [encodeRecord({ t: 'snap', format: SNAPSHOT_FORMAT, segment: 1, savedAt: new Date().toISOString() })];
  frames.push(encodeRecord({ t: 'db', db: 'bench' }));
  frames.push(encodeRecord({ t: 'coll', db: 'bench', def: { id: 'updates', partitionKey: { paths: ['/groupId'] } } }));
  for (let i = 0; i < records; i++) frames.push(encodeRecord({ t: 'doc', db: 'bench', coll: 'updates', doc: doc(i, i % 20) }));
  frames.push(encodeRecord({ t: 'end', databases: 1, containers: [{ db: 'bench', coll: 'updates', items: records }] }));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cosmos.snapshot.00000001'), Buffer.concat(frames));
  const store = new EmbeddedCosmos({ dataFile: join(dir, 'cosmos.json'), snapshotMs: 1000, logger: pino({ level: 'silent' }) });
  await store.start();
  try {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const t0 = performance.now();
    await store.compact();
    const compactMs = performance.now() - t0;
    histogram.disable();
    return { maxStallMs: histogram.max / 1e6, compactMs };
  } finally {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the journal benchmark in a directory of the checkout and prints a Markdown report. */
export async function journalBench(checkout: string): Promise<void> {
  const root = join(checkout, '.data', 'bench-journal');
  mkdirSync(root, { recursive: true });
  const fs = execFileSync('df', ['-T', root]).toString().trim().split('\n').at(-1) ?? '';
  console.log(`\nWrite-ahead journal (embedded store, in-process, ${WRITERS} concurrent writers for ${SECONDS} s, then ${SEQUENTIAL_WRITES} sequential writes)`);
  console.log(`file system of the data (df -T): ${fs}\n`);
  await oneRun(root, true); // warm-up
  const runs: WriteRun[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Interleaved, order alternating, so drift of the machine hits both sides alike.
    const pair = i % 2 === 0 ? [true, false] : [false, true];
    for (const journal of pair) runs.push(await oneRun(root, journal));
  }
  console.log('| run | journal | concurrent writes/s | sequential writes/s | p50 ms | p99 ms |\n|---|---|---:|---:|---:|---:|');
  runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.journal ? 'on' : 'off'} | ${r.concurrentPerSecond.toFixed(0)} | ${r.sequentialPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`));
  const ratios: number[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const on = runs[i].journal ? runs[i] : runs[i + 1];
    const off = runs[i].journal ? runs[i + 1] : runs[i];
    ratios.push(on.concurrentPerSecond / off.concurrentPerSecond);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`\nconcurrent throughput, journal on / off per interleaved pair: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (target ≥ 0.80)`);
  // Three times: on a shared machine one run's longest stall can be the OS scheduling another process.
  for (let i = 0; i < 3; i++) {
    const stall = await compactionStall(root, 100_000);
    console.log(`compaction of 100 000 records, run ${i + 1}: ${stall.compactMs.toFixed(0)} ms in all, longest event-loop stall ${stall.maxStallMs.toFixed(1)} ms (target ≤ 50 ms)`);
  }
  rmSync(root, { recursive: true, force: true });
}

if (require.main === module) {
  void journalBench(join(__dirname, '..', '..')).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
