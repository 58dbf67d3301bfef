import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';

/**
 * Every error a user can fix is an AuditLoggingError (modules/core/errors.ts): cli/program.ts prints
 * its message alone and exits 2, or 1 for an OperationFailed; no command translates errors by hand.
 * Two failures are not: the commands that run them read their fields and report them themselves.
 */
const HANDLED_BY_THEIR_COMMAND: Record<string, string> = {
  TerraformFailed: 'deploy reads which stack failed and whether the plan went stale, and plans again or resumes',
  BackfillFailed: 'columnar-copy reports the days it copied before the failure',
};

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test('every error class of the library, the toolkit and the CLI extends AuditLoggingError, but two that their commands handle', () => {
  const parents = new Map<string, { parent: string; file: string }>();
  for (const file of ['modules', 'toolkit', 'cli'].flatMap(sourceFiles)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/class (\w+) extends (\w+)/g)) {
      parents.set(match[1], { parent: match[2], file: path.relative(ROOT, file) });
    }
  }
  const isAuditLoggingError = (name: string): boolean =>
    name === 'AuditLoggingError' || (parents.has(name) && isAuditLoggingError(parents.get(name)?.parent ?? ''));
  const errors = [...parents].filter(([name]) => /(Error|Failed|Unreadable)$/.test(name));
  expect(errors.length).toBeGreaterThan(10);
  const outside = errors
    .filter(([name]) => name !== 'AuditLoggingError' && !isAuditLoggingError(name))
    .map(([name, { file }]) => `${name} (${file})`);
  expect(outside.sort()).toEqual(
    Object.keys(HANDLED_BY_THEIR_COMMAND)
      .map((name) => `${name} (${parents.get(name)?.file})`)
      .sort(),
  );
});
