/**
 * The one error type this library throws for problems a user can fix: a bad config value, a
 * construct prop out of range, a name that AWS would reject. The message names where the problem
 * is (a config path or a construct path), the bad value, and what would fix it.
 */
export class AuditLoggingError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'AuditLoggingError';
  }
}

/**
 * An operation that was called correctly but could not be done (AWS throttled or failed every
 * attempt, say): the CLI exits 1 for it, not 2.
 */
export class OperationFailed extends AuditLoggingError {
  public constructor(message: string) {
    super(message);
    this.name = 'OperationFailed';
  }
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
  public constructor(
    /** The config file, as the user named it. */
    public readonly file: string,
    public readonly problems: readonly ConfigProblem[],
    /** What did not happen because of them, as the message's first line says. */
    outcome = 'nothing was synthesized',
  ) {
    super(formatConfigProblems(file, problems, outcome));
    this.name = 'ConfigError';
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
