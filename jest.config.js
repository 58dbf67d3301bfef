/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // terraform validate and the consumer build run real processes.
  testTimeout: 120000,
};
