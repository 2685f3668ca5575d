/**
 * Bench-only preload for the forked Trygg (`node --expose-gc --require dist/bench/gc-preload.js`): answers
 * the bench's IPC message `gc` with `process.memoryUsage()` taken after two full collections (a second
 * apart, so V8 has returned the freed pages), V8's own
 * heap statistics and where the resident memory lies (from /proc/self/smaps). Product code has no bench
 * hook; this file is loaded only by bench/run.ts.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

/** Resident MB per kind of mapping: the malloc heap, anonymous mappings (V8 pages, thread stacks, mmap'd malloc chunks), files. */
function residentByKind(): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = 'other';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1];
      kind = name === '' ? 'anonymous' : name === '[heap]' ? 'malloc heap' : name.startsWith('[') ? name : name.endsWith('.node') ? 'native addons' : name.includes('/node') ? 'node binary' : 'files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v)]));
}

process.on('message', (message: unknown) => {
  if (message !== 'gc') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    process.send?.({ type: 'memory', error: 'started without --expose-gc' });
    return;
  }
  // V8 gives freed pages back to the OS in a background task after a collection: collect, let it run, collect again.
  gc();
  setTimeout(() => {
    gc();
    setTimeout(() => report(), 1000);
  }, 1000);
});

function report(): void {
  const heap = v8.getHeapStatistics();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.physical_space_size / 1048576)]));
  process.send?.({
    type: 'memory',
    memory: process.memoryUsage(),
    v8: { physicalMb: Math.round(heap.total_physical_size / 1048576), mallocedMb: Math.round(heap.malloced_memory / 1048576), peakMallocedMb: Math.round(heap.peak_malloced_memory / 1048576), spaces },
    resident: residentByKind()
  });
}
