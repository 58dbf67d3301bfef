/**
 * Writes the files generated from the config schema (modules/org-config/schema/): the JSON Schema that
 * editors read through a config's `$schema` key, and the config reference. Tests in __tests__/org-config
 * and __tests__/readme.test.ts fail when either is stale.
 *
 * npm run schema
 * node --conditions=audit-logging-source -r ./tools/swc-register.js tools/write-schema.ts [schema file] [reference file]
 *   (default audit-config.schema.json and docs/config-reference.md, from the repository root)
 */
import * as fs from 'fs';
import * as path from 'path';
import { configReferenceMarkdown } from '../modules/org-config/config-reference';
import { configJsonSchemaText } from '../modules/org-config/json-schema';

const ROOT = path.resolve(__dirname, '..');

function main(schemaFile: string, referenceFile: string): void {
  fs.writeFileSync(schemaFile, configJsonSchemaText());
  fs.writeFileSync(referenceFile, configReferenceMarkdown());
  process.stdout.write(`wrote ${path.relative(ROOT, schemaFile)} and ${path.relative(ROOT, referenceFile)}\n`);
}

const [
  schemaFile = path.join(ROOT, 'audit-config.schema.json'),
  referenceFile = path.join(ROOT, 'docs', 'config-reference.md'),
] = process.argv.slice(2);
main(path.resolve(schemaFile), path.resolve(referenceFile));
