/**
 * The deploy bundle test (`npm run test:bundle`): builds `npm run bundle`, unpacks it read-only and starts
 * it under Node 22 as App Service does. Run by .ci/run after it fetched Node 22; kept out of `npm test`
 * because building the bundle installs the production dependencies afresh (minutes, not seconds).
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '../../..',
  roots: ['<rootDir>/test/packaging/bundle'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { warnOnly: false } }] },
  testTimeout: 60000
};
