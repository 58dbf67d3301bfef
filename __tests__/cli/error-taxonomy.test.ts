import { execFileSync } from 'child_process';
import { exitCodeOf, EXIT, UsageError } from '../../packages/cli/cli/commands/exit-codes';
import { AuditLoggingError, ConfigError, errorKindOf, OperationFailed } from '../../modules/core/errors';
import {
  ArchiveAccessError,
  ArchiveCopyMissing,
  ArchiveReadError,
} from '../../packages/cli/toolkit/delivery/archive-lister';
import { LiveReadError } from '../../packages/cli/toolkit/compliance/live-compliance';
import { readRepoFile } from '../support/docs';
import { ROOT } from '../support/synth';

/*
 * Every error the product throws is an AuditLoggingError (modules/core/errors.ts) that states its
 * kind (usage, finding, operation); cli/program.ts prints its message alone and exits with the
 * code exit-codes.ts gives that kind. TerraformFailed and BackfillFailed are OperationFailed too:
 * deploy and columnar-copy read their fields (which stack, a stale plan, the days copied) and
 * report them themselves.
 */

/** Every error class of the product's code: its name, the class it extends, and its body's text. */
interface ErrorClass {
  readonly file: string;
  readonly name: string;
  readonly base: string;
  readonly body: string;
}

const SOURCES = execFileSync(
  'git',
  ['ls-files', 'modules', 'stacks', 'packages/cli/toolkit', 'packages/cli/cli', 'index.ts'],
  {
    cwd: ROOT,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => file.endsWith('.ts'));

function classesIn(file: string): ErrorClass[] {
  const text = readRepoFile(file);
  return [...text.matchAll(/^export class (\w+) extends (\w+)(?:<[^>]*>)? \{(\}|[\s\S]*?\n\})/gm)].map((match) => ({
    file,
    name: match[1],
    base: match[2],
    body: match[3],
  }));
}

const CLASSES = SOURCES.flatMap(classesIn);
const BY_NAME = new Map(CLASSES.map((declared) => [declared.name, declared]));

/** The chain of bases up to a class this code does not declare (Error, Construct, ...). */
function rootOf(declared: ErrorClass): string {
  let base = declared.base;
  for (let parent = BY_NAME.get(base); parent !== undefined; parent = BY_NAME.get(base)) base = parent.base;
  return base;
}

const ERROR_CLASSES = CLASSES.filter((declared) => rootOf(declared) === 'Error');

describe('error kinds', () => {
  test('every error class descends from AuditLoggingError and states its kind', () => {
    expect(ERROR_CLASSES.length).toBeGreaterThan(20);
    const outside = ERROR_CLASSES.filter(
      (declared) => declared.name !== 'AuditLoggingError' && declared.base === 'Error',
    ).map((declared) => `${declared.file}: ${declared.name} extends Error`);
    const kindless = ERROR_CLASSES.filter((declared) => !/static (override )?readonly kind\b/.test(declared.body)).map(
      (declared) => `${declared.file}: ${declared.name} states no kind`,
    );
    expect([...outside, ...kindless]).toEqual([]);
  });

  test('the scan finds a class without a kind', () => {
    const found = [
      ...'export class Quiet extends AuditLoggingError {}\n'.matchAll(
        /^export class (\w+) extends (\w+)(?:<[^>]*>)? \{(\}|[\s\S]*?\n\})/gm,
      ),
    ];
    expect(found.map((match) => [match[1], /static (override )?readonly kind\b/.test(match[3])])).toEqual([
      ['Quiet', false],
    ]);
  });

  test('each kind ends a command with its exit code, in one place', () => {
    expect(exitCodeOf(new AuditLoggingError('bad value'))).toBe(EXIT.usage);
    expect(exitCodeOf(new ConfigError('audit.config.json', []))).toBe(EXIT.usage);
    expect(exitCodeOf(new UsageError('no such file'))).toBe(EXIT.usage);
    expect(exitCodeOf(new OperationFailed('AWS failed every attempt'))).toBe(EXIT.finding);
    // AWS failing every attempt to list the archive is an operation that failed, as OperationFailed says
    // (it exited 2); no credentials, access denied or no such bucket are the caller's to fix.
    expect(exitCodeOf(new ArchiveReadError('SlowDown, 8 attempts'))).toBe(EXIT.finding);
    expect(exitCodeOf(new ArchiveAccessError('no AWS credentials'))).toBe(EXIT.usage);
    // A local copy that lacks a bucket's folder is the caller's to fix.
    expect(exitCodeOf(new ArchiveCopyMissing('no copy of s3://b'))).toBe(EXIT.usage);
    expect(exitCodeOf(new Error('a bug'))).toBe(EXIT.finding);
    expect(exitCodeOf('thrown text')).toBe(EXIT.finding);
  });

  test('an error from another copy of the package is known by its brand, not by instanceof', () => {
    const fromAnotherCopy = Object.assign(new Error('bad value'), {
      [Symbol.for('@audit-logging/cdktf/error-kind')]: 'usage',
    });
    expect(fromAnotherCopy instanceof AuditLoggingError).toBe(false);
    expect(errorKindOf(fromAnotherCopy)).toBe('usage');
    expect(exitCodeOf(fromAnotherCopy)).toBe(EXIT.usage);
  });

  test('an error takes its own class name, a class with an empty body too', () => {
    const error = new LiveReadError('--region x is not an AWS Region');
    expect(error.name).toBe('LiveReadError');
    expect(error.kind).toBe('usage');
    expect(new ArchiveReadError('x').name).toBe('ArchiveReadError');
  });
});
