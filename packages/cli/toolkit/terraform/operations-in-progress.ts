/** A resource operation Terraform started and had not finished when its output ends. */
export interface OperationInProgress {
  /** The resource address, as Terraform prints it. */
  readonly address: string;
  /** What it was doing. */
  readonly action: 'creating' | 'modifying' | 'destroying' | 'reading';
  /** The last "[... elapsed]" Terraform printed for it, e.g. `6m50s`; absent before the first 10 s. */
  readonly elapsed?: string;
}

const STILL = /^(\S+): Still (creating|modifying|destroying|reading)\.\.\. \[(?:id=[^\]]*, )?([0-9hms]+) elapsed\]/;
const START = /^(\S+): (Creating|Modifying|Destroying|Reading)\.\.\./;
const DONE =
  /^(\S+): (?:Creation|Modifications|Destruction|Read) complete\b|^(\S+): (?:Creation|Modifications|Destruction) errored\b/;

/** The resource an error diagnostic names ("with aws_kms_key.x,"). */
const FAILED = /^\s+with (\S+),$/m;

/**
 * An error that only says the operation was cancelled: what an interrupt (a time limit's SIGINT)
 * makes of every operation in flight, which was still in progress, not failed.
 */
const CANCELLED = /context canceled|request canceled|operation canceled/i;

/**
 * The resource operations an apply (or plan) had started and not finished when its output (the
 * `-no-color` stdout of the command) ends: what a run stopped by its time limit was waiting for.
 * Terraform reports a failed operation only in its error diagnostics (`stderr`): those are not in
 * progress, unless the error only says the operation was cancelled (by the interrupt).
 */
export function operationsInProgress(output: string, errors = ''): OperationInProgress[] {
  const open = new Map<string, OperationInProgress>();
  for (const line of output.split('\n')) {
    const still = STILL.exec(line);
    if (still !== null) {
      open.set(still[1], {
        address: still[1],
        action: still[2] as OperationInProgress['action'],
        elapsed: still[3],
      });
      continue;
    }
    const start = START.exec(line);
    if (start !== null) {
      open.set(start[1], { address: start[1], action: start[2].toLowerCase() as OperationInProgress['action'] });
      continue;
    }
    const done = DONE.exec(line);
    if (done !== null) open.delete(done[1] ?? done[2]);
  }
  for (const diagnostic of errors.split(/^Error: /m).slice(1)) {
    const address = FAILED.exec(diagnostic)?.[1];
    if (address !== undefined && !CANCELLED.test(diagnostic)) open.delete(address);
  }
  return [...open.values()];
}

/** "aws_kms_key.logs (creating, 6m50s elapsed), ..." for a message. */
export function describeOperations(operations: readonly OperationInProgress[]): string {
  return operations
    .map(
      ({ address, action, elapsed }) => `${address} (${action}${elapsed === undefined ? '' : `, ${elapsed} elapsed`})`,
    )
    .join(', ');
}
