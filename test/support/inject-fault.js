'use strict';
// Preloaded into a spawned Trygg (`node --require`) by the process-fault tests only: on SIGUSR2 it
// causes the fault named in TRYGG_TEST_FAULT, from outside any request, as a bug in the app would.
process.on('SIGUSR2', () => {
  if (process.env.TRYGG_TEST_FAULT === 'exception') {
    setImmediate(() => {
      throw new Error('injected uncaught exception');
    });
  } else {
    void Promise.reject(new Error('injected unhandled rejection'));
  }
});
