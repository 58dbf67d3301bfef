/**
 * The integration tier (`npm run test:integration`): the tests that start processes or threads, run
 * Terraform, or synthesize whole example configs (`*.integration.test.ts`). The rest of the setup is
 * the fast tier's (jest.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config'),
  testMatch: ['**/*.integration.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
