import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';
import { tempDir } from '../support/synth';

/*
 * The dead-code check of npm test (knip, with the repository's knip.jsonc) on a small project laid
 * out as ours: an export nothing imports and a file nothing reaches fail it, each named; the same
 * project without them passes.
 */

function project(files: Record<string, string>): string {
  const dir = tempDir('dead-code');
  fs.copyFileSync(path.join(ROOT, 'knip.jsonc'), path.join(dir, 'knip.jsonc'));
  // Its entry point is the package's, as ours is (package.json "exports").
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', private: true, main: 'index.ts' }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function knip(dir: string) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'knip'), ['--no-progress', '--directory', dir], {
    encoding: 'utf8',
  });
}

const USED = {
  'index.ts': "export { used } from './modules/core/values';\n",
  'modules/core/values.ts':
    'export const used = 1;\nexport const alsoHere = 2;\nif (alsoHere > used) process.exitCode = 0;\n',
};

test('an export nothing imports and a file nothing reaches fail the check, each named', () => {
  const result = knip(
    project({
      ...USED,
      'modules/core/values.ts': `${USED['modules/core/values.ts']}export const UNUSED_PROBE = 3;\n`,
      'modules/core/orphan.ts': 'export const orphan = 4;\n',
    }),
  );
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/Unused files \(1\)[\s\S]*modules\/core\/orphan\.ts/);
  expect(result.stdout).toMatch(/Unused exports \(1\)[\s\S]*UNUSED_PROBE\s+modules\/core\/values\.ts/);
  // An export used in its own file (alsoHere) is not reported.
  expect(result.stdout).not.toContain('alsoHere');
});

test('the same project without them passes', () => {
  const result = knip(project(USED));
  expect(result.stdout).not.toMatch(/Unused|Unlisted/);
  expect(result.status).toBe(0);
});
