/**
 * What an error means to whoever ran the operation, and so how a command ends (the command line
 * maps each kind to its exit code in one place, cli/commands/exit-codes.ts):
 * - `usage`: how it was called or what it was given cannot work (a bad config value or option, a
 *   file that is not there); fixed by changing the call;
 * - `finding`: it ran and found something wrong (a failed check, evidence that does not verify);
 * - `operation`: it was called correctly but could not be done (AWS or Terraform failed every
 *   attempt); the same call may work later.
 */
export type ErrorKind = 'usage' | 'finding' | 'operation';

/**
 * The brand every {@link AuditLoggingError} carries: its kind under a registered symbol, so that
 * {@link errorKindOf} knows an error of any copy of this package (a team's app may load two, and
 * `instanceof` knows only its own).
 */
const ERROR_KIND = Symbol.for('@audit-logging/cdktf/error-kind');

/** The kind of an error this package threw, from any copy of it; undefined for any other error. */
export function errorKindOf(error: unknown): ErrorKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const kind = (error as { [ERROR_KIND]?: unknown })[ERROR_KIND];
  return kind === 'usage' || kind === 'finding' || kind === 'operation' ? kind : undefined;
}

/**
 * The root of the errors this library throws. Its own instances are problems a user can fix: a
 * bad config value, a construct prop out of range, a name that AWS would reject. The message names
 * where the problem is (a config path or a construct path), the bad value, and what would fix it.
 *
 * Every subclass states its {@link ErrorKind} as a static `kind` (a test fails on one that does
 * not), and takes its own class name as its `name`.
 */
export class AuditLoggingError extends Error {
  /** The kind of every error of this class. */
  public static readonly kind: ErrorKind = 'usage';

  public constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, ERROR_KIND, { value: (new.target as typeof AuditLoggingError).kind });
  }

  /** What this error means to whoever ran the operation: its class's {@link AuditLoggingError.kind}. */
  public get kind(): ErrorKind {
    return errorKindOf(this) ?? 'usage';
  }
}

/**
 * An operation that was called correctly but could not be done (AWS throttled or failed every
 * attempt, say): the CLI exits 1 for it, not 2.
 */
export class OperationFailed extends AuditLoggingError {
  public static override readonly kind: ErrorKind = 'operation';
}

/** One problem found in a config file. */
export interface ConfigProblem {
  /** Where in the file, as `members[1].accountId`; empty for the file as a whole. */
  readonly path: string;
  /** What is wrong and what would fix it. */
  readonly message: string;
  /** 1-based line in the file, when the problem can be placed. */
  readonly line?: number;
  /** 1-based column in the file, when the problem can be placed. */
  readonly column?: number;
}

/** A config file that cannot be used: every problem found, not only the first. */
export class ConfigError extends AuditLoggingError {
  public static override readonly kind: ErrorKind = 'usage';

  public constructor(
    /** The config file, as the user named it. */
    public readonly file: string,
    public readonly problems: readonly ConfigProblem[],
    /** What did not happen because of them, as the message's first line says. */
    outcome = 'nothing was synthesized',
  ) {
    super(formatConfigProblems(file, problems, outcome));
    // The problems are in the user's file, and the message says where: the frames would name only
    // this package's code, and an app whose source maps are on (ts-node's are) would print them as
    // TypeScript files the installed package does not hold.
    this.stack = `${this.name}: ${this.message}`;
  }
}

function formatConfigProblems(file: string, problems: readonly ConfigProblem[], outcome: string): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => {
    const where = p.line === undefined ? '' : `(line ${p.line}, column ${p.column ?? 1})`;
    const label = [p.path, where].filter((part) => part !== '').join(' ');
    return label === '' ? `  - ${p.message}` : `  - ${label}: ${p.message}`;
  });
  return `${file}: ${count}; ${outcome}.\n${lines.join('\n')}`;
}
