import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, STATE_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { Bootstrapped, Migrated } from '../terraform/state-migration';
import type { Terraform } from '../terraform/terraform';
import { selectStacks } from './stack-selection';

/** A synth without the state stack, or stacks named without local state (exit 2). */
export class StateInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Options of {@link bootstrapState} and {@link migrateState}. */
export interface StateOptions {
  /** The synth output folder. */
  readonly out: string;
  /**
   * The folder of the local state files, `terraform.<stack>.tfstate`.
   * @default '.'
   */
  readonly from?: string;
  /** Time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * The Terraform that runs.
   * @default - the one on the PATH (Terraform.find)
   */
  readonly terraform?: Terraform;
}

/** Options of {@link migrateState}. */
export interface MigrateStateOptions extends StateOptions {
  /**
   * The stacks to move, each of which must have a local state file.
   * @default - every stack of the synth with a local state file
   */
  readonly stacks?: readonly string[];
}

/** What {@link migrateState} did with each stack. */
export interface StateMigration {
  /** The stacks moved, with what was moved. */
  readonly moved: readonly (Migrated & { readonly stack: string })[];
  /** The stacks that could not be moved, with why; the others were moved regardless. */
  readonly failed: readonly { readonly stack: string; readonly message: string }[];
}

/** The local state file of `stack` in `folder`: where its LocalBackend kept it (`terraform.<stack>.tfstate`). */
function localStateFile(folder: string, stack: string): string {
  return path.resolve(folder, `terraform.${stack}.tfstate`);
}

async function terraformOf(options: StateOptions): Promise<Terraform> {
  if (options.terraform !== undefined) return options.terraform;
  const { Terraform } = await import('../terraform/terraform');
  return Terraform.find();
}

/**
 * The state bootstrap action: creates the Terraform state bucket from the state stack, applied once
 * with local state, then moves that state into the bucket and reads it back. Changes nothing when the
 * bucket already holds the state stack's state. Says what it did through `io`.
 * @throws StateInputError for a synth without the state stack
 */
export async function bootstrapState(options: StateOptions, io: ToolkitIo = CONSOLE_IO): Promise<Bootstrapped> {
  const { stacks } = selectStacks(options.out, [], undefined, io);
  if (!stacks.includes(STATE_STACK_NAME)) {
    throw new StateInputError(
      `${options.out} has no ${STATE_STACK_NAME} stack: set deployment.stateBucket in the config and synthesize first`,
    );
  }
  const { bootstrapStateStack } = await import('../terraform/state-migration');
  const dir = path.join(options.out, 'stacks', STATE_STACK_NAME);
  const done = await bootstrapStateStack(
    await terraformOf(options),
    dir,
    localStateFile(options.from ?? '.', STATE_STACK_NAME),
    { timeoutSeconds: options.timeoutSeconds },
  );
  io.notify({
    level: 'info',
    text:
      done.done === 'already'
        ? `the state bucket exists and ${done.to} holds the state stack's state (${done.resources} resources): nothing to do`
        : `created the state bucket; the state stack's state (${done.resources} resources, lineage ${done.lineage}) is in ${done.to}; the local copy is ${done.localBackup}`,
  });
  return done;
}

/**
 * The state migrate action: moves the local state of stacks into the S3 backend they are now
 * synthesized with, each read back and compared, the local file then moved aside. A stack that
 * fails is reported (a warning through `io`) and the others are still moved.
 * @throws StateInputError for a stack named without a local state file
 */
export async function migrateState(options: MigrateStateOptions, io: ToolkitIo = CONSOLE_IO): Promise<StateMigration> {
  const from = options.from ?? '.';
  const named = options.stacks ?? [];
  const { stacks } = selectStacks(options.out, named, undefined, io);
  const withLocal = stacks.filter((stack) => fs.existsSync(localStateFile(from, stack)));
  const missing = named.filter((stack) => !withLocal.includes(stack));
  if (missing.length > 0) {
    throw new StateInputError(
      `no local state for ${missing.join(', ')} in ${path.resolve(from)} (terraform.<stack>.tfstate)`,
    );
  }
  if (withLocal.length === 0) {
    io.notify({
      level: 'info',
      text: `no local state files terraform.<stack>.tfstate in ${path.resolve(from)}: nothing to move`,
    });
    return { moved: [], failed: [] };
  }
  const { migrateToS3 } = await import('../terraform/state-migration');
  const terraform = await terraformOf(options);
  const moved: (Migrated & { stack: string })[] = [];
  const failed: { stack: string; message: string }[] = [];
  for (const stack of withLocal) {
    try {
      const done = await migrateToS3(terraform, path.join(options.out, 'stacks', stack), localStateFile(from, stack), {
        timeoutSeconds: options.timeoutSeconds,
      });
      moved.push({ stack, ...done });
      io.notify({
        level: 'info',
        text: `${stack}: ${done.resources} resources moved to ${done.to}, read back the same; local copy ${done.localBackup}`,
      });
    } catch (error) {
      failed.push({ stack, message: (error as Error).message });
      io.notify({ level: 'warn', text: `${stack}: ${(error as Error).message}` });
    }
  }
  return { moved, failed };
}
