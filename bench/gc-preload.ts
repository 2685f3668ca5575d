/**
 * Bench-only preload for the forked Trygg (`node --expose-gc --require dist/bench/gc-preload.js`): answers
 * the bench's IPC message `gc` with `process.memoryUsage()` taken after two full collections. Product code
 * has no bench hook; this file is loaded only by bench/run.ts.
 */
process.on('message', (message: unknown) => {
  if (message !== 'gc') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    process.send?.({ type: 'memory', error: 'started without --expose-gc' });
    return;
  }
  gc();
  gc();
  process.send?.({ type: 'memory', memory: process.memoryUsage() });
});
