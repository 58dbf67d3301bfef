// A jest reporter: after the run, the ten test files that took longest, slowest first, with their
// wall time in seconds (as jest measured each file, from its start to its end). In npm test, a
// folder's fast-tier.test.ts is its folder's test files, run together (__tests__/support/fast-tier.ts).
'use strict';

class SlowestTestFiles {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((file) => ({ seconds: (file.perfStats.end - file.perfStats.start) / 1000, path: file.testFilePath }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 10);
    if (files.length === 0) return;
    const lines = files.map(
      ({ seconds, path }) => `${seconds.toFixed(1).padStart(7)} s  ${require('path').relative(this.rootDir, path)}`,
    );
    process.stderr.write(`\nThe ten slowest test files:\n${lines.join('\n')}\n`);
  }
}

module.exports = SlowestTestFiles;
