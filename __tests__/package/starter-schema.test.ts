import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/synth';

/*
 * A user copies the starter (or the minimal example) to audit.config.json at the root of a clone or
 * of a cdktf app that installs @audit-logging/cdktf: its $schema must resolve in both, so it names
 * the schema inside the installed package (a clone's node_modules links the package to itself).
 */

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  files: string[];
  devDependencies: Record<string, string>;
};
const INSTALLED = `./node_modules/${PACKAGE.name}/`;

test.each(['examples/starter.config.json', 'examples/minimal.config.json'])(
  '%s names the schema inside the installed package, a file the package ships',
  (example) => {
    const schema = (JSON.parse(fs.readFileSync(path.join(ROOT, example), 'utf8')) as { $schema: string }).$schema;
    expect(schema.startsWith(INSTALLED)).toBe(true);
    expect(PACKAGE.files).toContain(schema.slice(INSTALLED.length));
  },
);

test('a clone installs the package into its own node_modules, where the same path resolves', () => {
  expect(PACKAGE.devDependencies[PACKAGE.name]).toBe('file:.');
});
