import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/synth';
import { tempDir } from '../support/temp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packingThisDirectory } = require('../../tools/prepare.js') as {
  packingThisDirectory: (resolved: string | undefined) => boolean;
};

/*
 * The package's prepare script builds lib/ only when npm packs this directory (npm pack, npm publish,
 * an install from a git URL), not on a clone's own npm install or npm ci. e2e/suites/package.ts
 * installs the package from a git URL; this is the decision alone.
 */
describe('prepare', () => {
  test('builds when npm names this directory as the one it packs, through a link too', () => {
    expect(packingThisDirectory(ROOT)).toBe(true);
    const link = path.join(tempDir('prepare-link'), 'repo');
    fs.symlinkSync(ROOT, link);
    expect(packingThisDirectory(link)).toBe(true);
  });

  test("does not build on a clone's install: no directory named, the self-link's null, or another directory", () => {
    expect(packingThisDirectory(undefined)).toBe(false);
    expect(packingThisDirectory('')).toBe(false);
    expect(packingThisDirectory('null')).toBe(false);
    expect(packingThisDirectory(tempDir('prepare-other'))).toBe(false);
    expect(packingThisDirectory('https://registry.npmjs.org/@audit-logging/cdktf/-/cdktf-0.3.0.tgz')).toBe(false);
  });
});
