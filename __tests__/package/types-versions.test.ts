import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MANIFESTS, withTypesVersions } = require('../../tools/write-types-versions') as {
  MANIFESTS: string[];
  withTypesVersions(manifest: Manifest): Manifest;
};

interface Manifest {
  readonly exports: Record<string, string | { readonly types?: string }>;
  readonly typesVersions?: unknown;
}

const read = (file: string): Manifest => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Manifest;

test.each(MANIFESTS)('%s: typesVersions is what its exports give (npm run types-versions)', (file) => {
  const manifest = read(file);
  expect(manifest.typesVersions).toEqual(withTypesVersions(manifest).typesVersions);
});

test('an export added without its typesVersions entry is found', () => {
  const manifest = read('package.json');
  const added = {
    ...manifest,
    exports: { ...manifest.exports, './extra': { types: './lib/extra.d.ts', default: './lib/extra.js' } },
  };
  expect(withTypesVersions(added).typesVersions).not.toEqual(manifest.typesVersions);
  expect(withTypesVersions(added).typesVersions).toMatchObject({ '*': { extra: ['lib/extra.d.ts'] } });
});
