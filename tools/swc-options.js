// How the TypeScript sources are transpiled where they run as they are (jest, and the worker threads
// a synth starts from the sources: tools/swc-register.js): each file on its own by swc, as
// tsc compiles it (no esModuleInterop). npm run lint type-checks the project once.
'use strict';

module.exports = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
  // As tsc compiles them: `import * as fs` is require('fs') itself, so a test's jest.spyOn(fs, ...)
  // reaches the module under test.
  module: { type: 'commonjs', importInterop: 'none' },
  sourceMaps: 'inline',
};
