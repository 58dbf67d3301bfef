import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { shellWord } from '../common/shell-word';
import { resourceAddress } from './interrupted-apply';
import { succeeded } from './plan';
import { ExecOptions, Terraform } from './terraform';

/**
 * The override that points a stack at a local state file for one step. Terraform applies override
 * files in name order after the stack's own files, and a backend block in an override replaces the
 * stack's, so this one (named after any other `*_override.tf.json`) wins.
 */
export const LOCAL_STATE_OVERRIDE = 'zz_local_state_override.tf.json';

/** Options of {@link migrateToS3} and {@link bootstrapStateStack}. */
export interface StateMigrationOptions extends Pick<ExecOptions, 'env' | 'logFile'> {
  /** Time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
}

/** What a migration moved. */
export interface Migrated {
  /** Resources in the state, before and after (the same). */
  readonly resources: number;
  /** The state's lineage in S3 (Terraform may give the moved state a new one). */
  readonly lineage: string;
  /** `s3://<bucket>/<key>` */
  readonly to: string;
  /** Where the local file was moved aside to, so that it is not used again by mistake. */
  readonly localBackup: string;
}

/** A Terraform state file as JSON, the parts compared. */
interface StateJson {
  readonly lineage?: string;
  readonly serial?: number;
  readonly resources?: readonly unknown[];
  readonly outputs?: Record<string, unknown>;
}

/** Where the stack's S3 backend keeps its state, from its synthesized Terraform JSON. */
export function s3StateLocation(stackDir: string): { bucket: string; key: string } {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: { s3?: { bucket?: string; key?: string } } };
  };
  const s3 = stack.terraform?.backend?.s3;
  if (s3?.bucket === undefined || s3.key === undefined) {
    throw new AuditLoggingError(
      `${path.basename(stackDir)} is synthesized with local state: set deployment.stateBucket in the config and synthesize again before moving its state to S3`,
    );
  }
  return { bucket: s3.bucket, key: s3.key };
}

function readState(file: string): StateJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StateJson;
}

/** The state the configured backend holds now (`terraform state pull`); empty when there is none. */
async function pullState(terraform: Terraform, dir: string, options: StateMigrationOptions): Promise<StateJson> {
  const pulled = succeeded('state pull', await terraform.exec(dir, ['state', 'pull'], options)).stdout.trim();
  return pulled === '' ? {} : (JSON.parse(pulled) as StateJson);
}

function withLocalState<T>(dir: string, localState: string, run: () => Promise<T>): Promise<T> {
  const override = path.join(dir, LOCAL_STATE_OVERRIDE);
  fs.writeFileSync(
    override,
    `${JSON.stringify({ terraform: { backend: { local: { path: path.resolve(localState) } } } }, null, 2)}\n`,
  );
  return run().finally(() => fs.rmSync(override, { force: true }));
}

/**
 * Moves the local state file `localState` of the stack in `stackDir` into its S3 backend with
 * Terraform's own `init -migrate-state`, and proves the move: the state pulled back from S3 has the
 * same resources, attribute for attribute, and the same outputs ({@link stateDifference}). Refuses when the backend already holds other state of the
 * stack (it never overwrites one); answers at once when the same state is already there. The local
 * file is then renamed `<file>.migrated`, so that a stack synthesized with local state again cannot
 * silently start from it.
 */
export async function migrateToS3(
  terraform: Terraform,
  stackDir: string,
  localState: string,
  options: StateMigrationOptions,
): Promise<Migrated> {
  const stack = path.basename(stackDir);
  const { bucket, key } = s3StateLocation(stackDir);
  const to = `s3://${bucket}/${key}`;
  if (!fs.existsSync(localState)) {
    throw new AuditLoggingError(`${stack}: there is no local state at ${localState} to move (--from names its folder)`);
  }
  const local = readState(localState);
  const init = await terraform.exec(stackDir, ['init', '-input=false', '-reconfigure'], options);
  if (init.code !== 0) {
    const missing = /does not exist|NoSuchBucket/.test(init.stderr + init.stdout);
    throw new AuditLoggingError(
      missing
        ? `${stack}: the state bucket ${bucket} does not exist yet: create it first with state bootstrap`
        : `${stack}: terraform init with the S3 backend failed:\n${(init.stderr || init.stdout).trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  const remote = await pullState(terraform, stackDir, options);
  if ((remote.resources?.length ?? 0) > 0) {
    if (stateDifference(local, remote) === undefined) {
      return moveAside(localState, { resources: local.resources?.length ?? 0, lineage: remote.lineage ?? '', to });
    }
    throw new AuditLoggingError(
      `${stack}: ${to} already holds state of this stack (${remote.resources?.length} resources, lineage ${remote.lineage}) ` +
        `that differs from ${localState} (lineage ${local.lineage}); nothing was moved. Decide which one is right: ` +
        'compare them (terraform state pull), then move the other one aside by hand.',
    );
  }
  // Register the local file as the stack's current backend, then let Terraform copy it to S3.
  await withLocalState(stackDir, localState, async () => {
    succeeded('init (local state)', await terraform.exec(stackDir, ['init', '-input=false', '-reconfigure'], options));
  });
  succeeded(
    'init -migrate-state',
    await terraform.exec(stackDir, ['init', '-input=false', '-migrate-state', '-force-copy'], options),
  );
  const moved = await pullState(terraform, stackDir, options);
  const difference = moved.serial === undefined ? 'no state was written' : stateDifference(local, moved);
  if (difference !== undefined) {
    throw new AuditLoggingError(
      `${stack}: the state read back from ${to} differs from ${localState} (${difference}); the local file is kept. ` +
        'Compare them with terraform state pull before going on.',
    );
  }
  return moveAside(localState, { resources: local.resources?.length ?? 0, lineage: moved.lineage ?? '', to });
}

/**
 * How `after` differs from `before` in what it records: the resources with every attribute, and the
 * outputs; undefined when it does not. The lineage is not compared: Terraform gives a state a new
 * lineage when it writes it to a new S3 key (measured with Terraform 1.11.4), which only means that
 * plans saved before the move cannot be applied after it.
 */
export function stateDifference(before: StateJson, after: StateJson): string | undefined {
  if (!isDeepStrictEqual(before.outputs ?? {}, after.outputs ?? {})) return 'the outputs differ';
  const a = before.resources ?? [];
  const b = after.resources ?? [];
  if (a.length !== b.length) return `${a.length} resources became ${b.length}`;
  const index = a.findIndex((resource, i) => !isDeepStrictEqual(resource, b[i]));
  return index < 0 ? undefined : `${resourceAddress(a[index] as Parameters<typeof resourceAddress>[0])} differs`;
}

function moveAside(localState: string, moved: Omit<Migrated, 'localBackup'>): Migrated {
  const localBackup = `${localState}.migrated`;
  fs.renameSync(localState, localBackup);
  return { ...moved, localBackup };
}

/**
 * What the state bootstrap did: nothing (the bucket held the state already), or the bucket created
 * and the state moved.
 */
export type Bootstrapped =
  | { readonly done: 'already'; readonly to: string; readonly resources: number }
  | ({ readonly done: 'created' } & Migrated);

/**
 * Creates the state bucket from the `state` stack in `stackDir`, whose backend is that very bucket:
 * applies the stack with local state in `localState`, then moves that state into the bucket
 * ({@link migrateToS3}). Safe to run again: when the bucket already holds the stack's state it
 * changes nothing, and after a failure between the apply and the move it applies again (a no-op
 * on the local state) and moves.
 */
export async function bootstrapStateStack(
  terraform: Terraform,
  stackDir: string,
  localState: string,
  options: StateMigrationOptions,
): Promise<Bootstrapped> {
  const { bucket, key } = s3StateLocation(stackDir);
  const to = `s3://${bucket}/${key}`;
  if (!fs.existsSync(localState)) {
    const init = await terraform.exec(stackDir, ['init', '-input=false', '-reconfigure'], options);
    if (init.code === 0) {
      const remote = await pullState(terraform, stackDir, options);
      const resources = remote.resources?.length ?? 0;
      if (resources > 0) return { done: 'already', to, resources };
      throw new AuditLoggingError(
        `the state bucket ${bucket} exists but ${to} holds no state of the state stack: it was made by hand or by ` +
          `another tool. Import it into the stack (terraform -chdir=${shellWord(stackDir)} import ` +
          `aws_s3_bucket.<address> ${bucket}, and its settings) instead of bootstrapping, or choose another deployment.stateBucket.`,
      );
    }
    if (!/does not exist|NoSuchBucket/.test(init.stderr + init.stdout)) succeeded('init', init);
  }
  await withLocalState(stackDir, localState, async () => {
    succeeded('init (local state)', await terraform.exec(stackDir, ['init', '-input=false', '-reconfigure'], options));
    succeeded('apply', await terraform.exec(stackDir, ['apply', '-auto-approve', '-input=false'], options));
  });
  return { done: 'created', ...(await migrateToS3(terraform, stackDir, localState, options)) };
}
