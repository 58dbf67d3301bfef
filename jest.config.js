/** @type {import('jest').Config} */
module.exports = {
  // Node's, and it removes each test file's temporary files when the file ends.
  testEnvironment: '<rootDir>/__tests__/support/environment.ts',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
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
