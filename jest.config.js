/**
 * The fast tier (`npm test`): unit, policy and detection tests, in process. Each other kind of test
 * is named by its suffix and runs in a command of its own, which .ci/run runs:
 * - `*.integration.test.ts`: a child process (the CLI, Terraform or the fake one, python), worker
 *   threads, or whole example configs synthesized end to end (`npm run test:integration`,
 *   jest.integration.config.js);
 * - `*.moto.test.ts`: the local AWS, python3 with moto (`npm run test:moto`);
 * - `*.pack.test.ts`: the package as npm packs it (`npm run test:package`).
 * @type {import('jest').Config}
 */
module.exports = {
  // Node's, and it removes each test file's temporary files when the file ends.
  testEnvironment: '<rootDir>/__tests__/support/environment.ts',
  roots: ['<rootDir>/__tests__'],
  // A folder's test files run together, in one module registry: its fast-tier.test.ts loads them
  // (__tests__/support/fast-tier.ts), and cdktf, the stacks and the simulator load once for the
  // folder. A file that matches snapshots runs alone (`*.snapshot.test.ts`): jest keeps one snapshot
  // file per test file. One file alone: `npm run test:file -- <path>` (jest.files.config.js).
  testMatch: ['**/fast-tier.test.ts', '**/*.snapshot.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.(integration|moto|pack)\\.test\\.ts$'],
  // Each file transpiled on its own by swc, as the command line runs the sources (tools/swc-options.js);
  // the type check is tsc's, beside it.
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/swc-options')],
  },
  moduleNameMapper: {
    '^archiver$': '<rootDir>/__tests__/support/lazy-archiver.js',
  },
  // The packages' entries (`@audit-logging/cdktf/stacks`) resolve to their TypeScript sources, by
  // the export condition package.json names, as node does in a clone (.npmrc).
  testEnvironmentOptions: { customExportConditions: ['audit-logging-source', 'node', 'node-addons'] },
  setupFiles: ['<rootDir>/__tests__/support/token-traces.ts', '<rootDir>/__tests__/support/collation.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // The run gets a temp directory of its own, and fails if a test leaves anything in it.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  // The run ends with its ten slowest files, so that a test that grows is seen where it grows.
  reporters: ['default', '<rootDir>/tools/slowest-test-files.js'],
  // A slow machine takes twice as long; no test of this tier comes near.
  testTimeout: 120000,
  // The moto and package tests mostly wait on child processes: three workers keep two cores busy
  // where jest's default (one fewer than the cores) runs them one at a time. npm test runs them
  // beside the lint checks (tools/checks.js).
  maxWorkers: 3,
};
