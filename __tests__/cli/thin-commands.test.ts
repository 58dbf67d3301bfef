import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';

/*
 * Each command is a thin adapter: it parses its options, calls its toolkit action
 * (toolkit/actions/) and renders the result. What it may import of the toolkit besides its action:
 * toolkit/common (paths, config warnings, days, the io), the renderers of a result, and values its
 * options are checked against. Every command is over an action.
 */

/** Toolkit modules that render a result or hold what an option is checked against: a command may import them. */
const RENDERING = new Set([
  'toolkit/compliance/compliance-report',
  'toolkit/compliance/html-report',
  'toolkit/compliance/live-report',
  'toolkit/cost/cost-report',
  'toolkit/investigate/result-format',
  // `--threads`' upper bound.
  'toolkit/synth/synth-workers',
  // Type-only: the volume options' names.
  'toolkit/cost/cost-estimate',
]);

const COMMANDS = path.join(ROOT, 'packages', 'cli', 'cli', 'commands');

/** The toolkit modules a command's text imports, statically or when it runs. */
function toolkitImportsOf(text: string): string[] {
  const found = [...text.matchAll(/['"](?:\.\.\/)+(toolkit\/[\w/-]+)['"]/g)].map((m) => m[1]);
  return [...new Set(found)].sort();
}

/** The toolkit modules a command file imports. */
const toolkitImports = (file: string): string[] => toolkitImportsOf(fs.readFileSync(path.join(COMMANDS, file), 'utf8'));

const commandFiles = fs.readdirSync(COMMANDS).filter((file) => file.endsWith('.ts'));

test.each(commandFiles)('%s imports of the toolkit only its action, toolkit/common and renderers', (file) => {
  const name = path.basename(file, '.ts');
  const beyond = toolkitImports(file).filter(
    (module) =>
      !module.startsWith('toolkit/actions/') && !module.startsWith('toolkit/common/') && !RENDERING.has(module),
  );
  expect([name, beyond]).toEqual([name, []]);
});

test('no command imports another command', () => {
  const commands = commandFiles.filter((file) =>
    fs.readFileSync(path.join(COMMANDS, file), 'utf8').includes('new Command('),
  );
  for (const file of commandFiles) {
    const text = fs.readFileSync(path.join(COMMANDS, file), 'utf8');
    const imported = [...text.matchAll(/from '\.\/([\w-]+)'/g)].map((m) => `${m[1]}.ts`);
    expect([file, imported.filter((other) => commands.includes(other))]).toEqual([file, []]);
  }
});

test('the check reads a command that runs a toolkit module itself (it is not a check that cannot fail)', () => {
  const text =
    "const { verifyTree } = await import('../../toolkit/integrity/verify-tree');\nimport { x } from '../../toolkit/actions/a';";
  expect(toolkitImportsOf(text)).toEqual(['toolkit/actions/a', 'toolkit/integrity/verify-tree']);
});
