// The constructs package's entries (package.json "exports") and the TypeScript file each is built
// from. The toolkit and the command import the constructs through these entries, as the published
// CLI package does; in a clone, tools/swc-register.js and jest (jest.config.js) run each entry's
// source instead of the build, and tsconfig.json's "paths" give the type check the same files.
'use strict';
const path = require('path');
const { name, exports: entries } = require('../package.json');

const ROOT = path.join(__dirname, '..');

/** Each entry's module name (`@audit-logging/cdktf/stacks`) and its source (`<root>/stacks/index.ts`). */
function sourceEntries() {
  const sources = new Map();
  for (const [subpath, target] of Object.entries(entries)) {
    if (typeof target === 'string') continue;
    const source = target.types.replace(/^\.\/lib\//, '').replace(/\.d\.ts$/, '.ts');
    sources.set(subpath === '.' ? name : `${name}/${subpath.slice(2)}`, path.join(ROOT, source));
  }
  return sources;
}

module.exports = { sourceEntries };
