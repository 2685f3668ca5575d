/**
 * The tests StrykerJS runs against each mutant of src/privacy and src/access (`npm run test:mutation`):
 * the unit and property tests of those folders and the in-process HTTP tests of access (the bot over
 * /api/messages against the embedded Cosmos server, in this process). Never the process-spawning tests
 * (kill, process, load, store-faults) or the browser tests: a mutant lives in this process only.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '../..',
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/privacy/**/*.test.ts',
    '<rootDir>/test/access/**/*.test.ts',
    '<rootDir>/test/e2e/*access*.test.ts'
  ],
  setupFiles: ['<rootDir>/test/mutation/fast-check-setup.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { warnOnly: false } }] },
  testTimeout: 30000
};
