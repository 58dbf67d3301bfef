/**
 * The fast tier's test files one by one, each in a module registry of its own, as mutation testing
 * runs them (stryker.config.mjs): `npm run test:file -- __tests__/stacks/stacks.test.ts`. The rest is
 * jest.config.js, whose run loads a folder's files together (its fast-tier.test.ts).
 * @type {import('jest').Config}
 */
const fastTier = require('./jest.config');

module.exports = {
  ...fastTier,
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [...fastTier.testPathIgnorePatterns, '/fast-tier\\.test\\.ts$'],
};
