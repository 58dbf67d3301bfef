/**
 * Terraform's state lock, as its "Error acquiring the state lock" message describes it. With the S3
 * backend and `use_lockfile`, the lock is an object `<key>.tflock` written only if absent; a run
 * that is killed (SIGKILL, a cancelled CI job, a closed laptop) leaves it behind, and every later
 * run of the stack stops on it until someone releases it.
 *
 * This project never releases a lock by itself: only a person can know that the run holding it is
 * gone. It says who holds it since when, and the exact command that releases it.
 */

import { shellWord } from '../common/shell-word';

/** The lock that stopped a Terraform command. */
export interface StateLock {
  /** Lock id, the argument of `terraform force-unlock`. */
  readonly id: string;
  /** The lock's path: `<bucket>/<key>` for the S3 backend. */
  readonly path?: string;
  /** What the holder was doing: `OperationTypeApply`, `OperationTypePlan`... */
  readonly operation?: string;
  /** `user@host` of the holder. */
  readonly who?: string;
  /** When the holder took it. */
  readonly created?: string;
}

/** The lock Terraform's output reports it could not take, if that is why it failed. */
export function stateLockOf(output: string): StateLock | undefined {
  if (!/Error acquiring the state lock/.test(output)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(output)?.[1];
  const id = field('ID');
  if (id === undefined) return undefined;
  const optional = (key: keyof StateLock, name: string) => {
    const value = field(name);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    id,
    ...optional('path', 'Path'),
    ...optional('operation', 'Operation'),
    ...optional('who', 'Who'),
    ...optional('created', 'Created'),
  };
}

/** The shell command that releases `lock` of the stack in `stackDir`. */
export function forceUnlockCommand(stackDir: string, lock: StateLock): string {
  return `terraform -chdir=${shellWord(stackDir)} force-unlock -force ${shellWord(lock.id)}`;
}

/** What to tell the user when `lock` stopped a command in `stackDir`. */
export function lockedMessage(stackDir: string, lock: StateLock): string {
  const holder = [
    lock.operation === undefined ? undefined : lock.operation.replace(/^OperationType/, '').toLowerCase(),
    lock.who === undefined ? undefined : `by ${lock.who}`,
    lock.created === undefined ? undefined : `since ${lock.created}`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  return [
    `the state is locked${holder === '' ? '' : ` (${holder})`}: lock ${lock.id}${lock.path === undefined ? '' : ` on ${lock.path}`}.`,
    'If that run is still going, wait for it to finish. If it was killed (a cancelled job, a closed laptop, SIGKILL),',
    'nothing releases the lock by itself; once you are sure no run holds it, release it with',
    `  ${forceUnlockCommand(stackDir, lock)}`,
    'then run the same command again (deploy: with --resume).',
  ].join('\n');
}
