// Mutation testing (StrykerJS, `npm run test:mutation`): Stryker plants one small bug at a time (a
// string emptied, a condition flipped, a statement removed) in the code whose silent failure would
// hurt users most, runs the tests that cover it, and counts the bugs no test caught. BENCHMARKS.md,
// "Mutation testing", has the score of each family, the survivors' kinds and the times.
//
// Each family is the code and the tests that are meant to catch its bugs. A mutant runs only the
// tests that executed its line in the first run (perTest coverage); a mutant in code that runs when a
// module loads (the deny lists) runs every test of the families below.
//
// CI runs it with --incremental: the results of the last run are kept in
// bench/mutation/stryker-incremental.json (committed), and only mutants in changed code, or covered
// by changed tests, are tested again.
//
// MUTATION_FAMILIES=guardrails,compliance picks whole families by name; without it, the files CI
// re-tests (each family's `ci`).
const families = {
  // The statements of the service and resource control policies that keep evidence and recording
  // safe. Not in CI's run: the policy tests build the stacks once per file, so 97% of its mutants
  // run when the stack is built, outside any test, and each then runs every test of the family
  // (826 tests, 13 s): 864 mutants, hours here. Run it a few files at a time, with a timeout long
  // enough that a slow machine times nothing out (a timeout counts as killed):
  //   MUTATION_FAMILIES=guardrails npx stryker run --concurrency 2 --timeoutMS 120000 \
  //     --mutate modules/guardrails/trail-protection.ts,modules/guardrails/recording-protection.ts
  // (BENCHMARKS.md, "Mutation testing", has each part's score and time).
  guardrails: {
    ci: [],
    mutate: ['modules/guardrails/*.ts', '!modules/guardrails/index.ts'],
    tests: [
      '__tests__/guardrails/**/*.test.ts',
      '__tests__/stacks/policy/**/*.policy.test.ts',
      '__tests__/stacks/policy/adversary-path.snapshot.test.ts',
    ],
  },
  // The control matrix's rules, which judge the synthesized stacks for the compliance report. CI
  // re-tests the files whose results the incremental file holds (a full run of the family, 1,029
  // mutants, took 46 minutes here with two test processes; its tests judge each rule inside a test,
  // so that a rule's mutants run only the tests that judge it).
  compliance: {
    ci: ['packages/cli/toolkit/compliance/rules/kms-rotation.ts'],
    mutate: ['packages/cli/toolkit/compliance/rules/*.ts', '!packages/cli/toolkit/compliance/rules/index.ts'],
    tests: [
      '__tests__/toolkit/compliance/{rules,rule-details,rule-defaults,shipped-configs,kms-rotation,search-tier-locked-down,compliance,live}.test.ts',
      '__tests__/cli/compliance-live-nothing.test.ts',
    ],
  },
  // The config's cross-field checks: what the schema alone cannot refuse.
  'config-checks': {
    ci: [],
    mutate: ['modules/org-config/checks.ts'],
    tests: ['__tests__/org-config/*.test.ts'],
  },
};
const chosen = process.env.MUTATION_FAMILIES
  ? process.env.MUTATION_FAMILIES.split(',').map((name) => {
      if (!(name in families))
        throw new Error(`MUTATION_FAMILIES: no family ${name}; one of ${Object.keys(families).join(', ')}`);
      return families[name];
    })
  : Object.values(families)
      .filter((family) => family.ci.length > 0)
      .map((family) => ({ ...family, mutate: family.ci }));

export default {
  testRunner: 'jest',
  coverageAnalysis: 'perTest',
  mutate: chosen.flatMap((family) => family.mutate),
  jest: {
    projectType: 'custom',
    // The test files one by one (jest.files.config.js), not a folder's together as npm test runs
    // them: a mutant is then tested by the files that cover it, not by whole folders.
    configFile: 'jest.files.config.js',
    // Every test of the chosen families: jest's related-test search (Stryker's default) misses the
    // tests that reach the code through the stacks' package entries.
    enableFindRelatedTests: false,
    // Only the families' tests; the rest of jest.files.config.js. Stryker's coverage
    // environment wraps the test environment, which it requires by a path relative to the sandbox
    // (it does not replace <rootDir>).
    config: {
      testMatch: chosen.flatMap((family) => family.tests.map((glob) => `<rootDir>/${glob}`)),
      testEnvironment: './__tests__/support/environment.ts',
    },
  },
  // jest.config.js's test environment is TypeScript; Stryker's coverage environment requires it with
  // Node's require, which reads TypeScript through the sources' own hook.
  testRunnerNodeArgs: ['--require', './tools/swc-register.js'],
  // Two cores shared with every other job on the machine.
  concurrency: 1,
  timeoutMS: 10000,
  incrementalFile: 'bench/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only'],
  // What the sandbox need not copy: build output and what commands leave behind.
  ignorePatterns: [
    'lib',
    'cdktf.out',
    'coverage',
    'local-aws',
    'deploy-role.out',
    'packages/cli/lib',
    'examples/consumer/node_modules',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
