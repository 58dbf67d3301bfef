// `npm run types-versions`: writes each package's "typesVersions" from its "exports". TypeScript's
// node10 resolution (cdktf init's tsconfig: `module: CommonJS`) reads no "exports": it finds a
// subpath's declarations (`@audit-logging/cdktf/kms`) only through "typesVersions", so each export
// with types has an entry there naming the same file. __tests__/package/types-versions.test.ts fails
// when a package.json differs from what this writes.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
/** The packages' manifests, relative to the repository. */
const MANIFESTS = ['package.json', path.join('packages', 'cli', 'package.json')];

/** The typesVersions of `exports`: each subpath with types (the root's is "types") to its file. */
function typesVersionsOf(exports) {
  const paths = {};
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath === '.' || typeof target === 'string' || target.types === undefined) continue;
    paths[subpath.slice(2)] = [target.types.slice(2)];
  }
  return { '*': paths };
}

/** `manifest` with its typesVersions written from its exports, in the place it has. */
function withTypesVersions(manifest) {
  return { ...manifest, typesVersions: typesVersionsOf(manifest.exports) };
}

if (require.main === module) {
  for (const file of MANIFESTS) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    fs.writeFileSync(path.join(ROOT, file), `${JSON.stringify(withTypesVersions(manifest), null, 2)}\n`);
    process.stdout.write(`wrote ${file} typesVersions\n`);
  }
}

module.exports = { MANIFESTS, withTypesVersions };
