import * as fs from 'fs';
import * as path from 'path';
import { schemaReference } from '../../../packages/cli/toolkit/discovery/schema-reference';
import { ROOT } from '../../support/synth';
import { tempDir } from '../../support/temp';

/*
 * The $schema discover writes into a new config resolves from the config's folder: a cdktf app's
 * installed package (as the starter names it), else a schema beside the config (an older clone).
 */

const STARTER_SCHEMA = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8')) as { $schema: string }
).$schema;

test("in an app that installs the package, the installed package's schema, as the starter names it", () => {
  const app = tempDir('schema-app');
  fs.mkdirSync(path.join(app, 'node_modules', '@audit-logging', 'cdktf'), { recursive: true });
  fs.writeFileSync(path.join(app, 'node_modules', '@audit-logging', 'cdktf', 'audit-config.schema.json'), '{}');
  expect(schemaReference(app)).toBe(STARTER_SCHEMA);
});

test('in a clone, the same path, through the link npm makes from the package to itself', () => {
  expect(schemaReference(ROOT)).toBe(STARTER_SCHEMA);
});

test('a schema beside the config, when no package is installed', () => {
  const dir = tempDir('schema-beside');
  fs.writeFileSync(path.join(dir, 'audit-config.schema.json'), '{}');
  expect(schemaReference(dir)).toBe('./audit-config.schema.json');
});

test('none where no schema resolves (npx alone, in an empty folder): no $schema that names nothing', () => {
  expect(schemaReference(tempDir('schema-none'))).toBeUndefined();
});
