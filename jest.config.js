/** @type {import('jest').Config} */
module.exports = {
  // Node's, and it removes each test file's temporary files when the file ends.
  testEnvironment: '<rootDir>/__tests__/support/environment.ts',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Two kinds of test run in steps of their own, so that npm test needs nothing beside the repository
  // and Terraform, and stays within its 3 minutes: those that start the local AWS (`*.moto.test.ts`,
  // python3 with moto: `npm run test:moto`) and the package as npm packs it (`*.pack.test.ts`, a
  // whole tsc build: `npm run test:package`). .ci/run runs both.
  testPathIgnorePatterns: ['/node_modules/', '\\.(moto|pack)\\.test\\.ts$'],
  // Each file transpiled on its own by swc (npm run lint type-checks the project once): a cold cache,
  // as in every fresh clone, costs seconds, not the minute TypeScript's own transpiler took.
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/swc-options')],
  },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // The run gets a temp directory of its own, and fails if a test leaves anything in it.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  // terraform validate and the consumer build run real processes.
  testTimeout: 120000,
  // Several test files spend much of their time waiting on child processes (terraform, moto, the
  // CLI) or timers: on a 2-core machine three workers keep both cores busy where two leave one idle
  // (jest 132 s against 141 s here, BENCHMARKS.md), and jest would otherwise run in band.
  maxWorkers: 3,
};
