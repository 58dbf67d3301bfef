/**
 * What an interrupted apply leaves behind, and the commands that repair it.
 *
 * Resources left "tainted" by an interrupted apply. When Terraform is stopped (SIGINT, a cancelled
 * job) while a resource is being created, the provider's create returns early, and Terraform keeps
 * the resource in its state marked tainted: created, but not known to be complete. The next plan
 * replaces it, and for the resources this project protects with `prevent_destroy` (buckets, keys,
 * trails, log groups) that plan stops with "Instance cannot be destroyed".
 *
 * The fix is for a person to decide: check that the resource exists, then `terraform untaint` it, so
 * that the next apply completes it in place.
 *
 * Resources created but never recorded. An apply killed outright (SIGKILL, a lost machine, an
 * out-of-memory kill) cannot save its state: the S3 backend saves it at most every 20 seconds
 * during an apply (TF_STATE_PERSIST_INTERVAL, which cannot be lower). What it created since then
 * exists in AWS but not in the state; the next apply tries to create it again, and AWS refuses a
 * second bucket, role, alias or trail of the same name ("already exists"). An apply's own create
 * whose answer was lost (a dropped connection, a server error after AWS acted) leaves the same: the
 * SDK's retry is told the resource exists. The fix is `terraform import` of each. (A resource
 * without a name, a KMS key, is created again instead: docs/failures.md says how to find the one
 * left behind.)
 *
 * This module finds both from Terraform's output and the state, and gives the commands; it never
 * untaints or imports anything itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { counted, partitionOf } from '@audit-logging/cdktf/toolkit-api/core';
import { LostCreate } from './retry-log';
import { Terraform } from './terraform';
import { shellWord } from '../common/shell-word';

/** A resource instance marked tainted in a state, by its address. */
export interface TaintedInstance {
  readonly address: string;
}

interface StateJson {
  readonly resources?: readonly {
    readonly module?: string;
    readonly mode?: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly { readonly status?: string; readonly index_key?: string | number }[];
  }[];
}

/** A state resource's address without its index: `[module.]<[data.]type>.<name>`. */
export function resourceAddress(resource: {
  readonly module?: string;
  readonly mode?: string;
  readonly type?: string;
  readonly name?: string;
}): string {
  return [resource.module, resource.mode === 'data' ? 'data' : undefined, resource.type, resource.name]
    .filter((part) => part !== undefined)
    .join('.');
}

/** The tainted instances of a state (`terraform state pull` JSON). */
export function taintedInstances(state: StateJson): TaintedInstance[] {
  return (state.resources ?? []).flatMap((resource) =>
    resource.instances
      .filter((instance) => instance.status === 'tainted')
      .map((instance) => {
        const base = resourceAddress(resource);
        const index =
          instance.index_key === undefined
            ? ''
            : typeof instance.index_key === 'number'
              ? `[${instance.index_key}]`
              : `[${JSON.stringify(instance.index_key)}]`;
        return { address: `${base}${index}` };
      }),
  );
}

/** What to tell the user about `tainted` resources of the stack in `stackDir`. */
export function taintedMessage(stackDir: string, tainted: readonly TaintedInstance[]): string {
  return [
    `${tainted.length} resources are tainted: an earlier apply was stopped while it created them, and`,
    'prevent_destroy keeps Terraform from replacing them. Check that each exists in AWS, then mark it',
    'as created, so that the next apply completes it in place:',
    ...tainted.map(({ address }) => `  terraform -chdir=${shellWord(stackDir)} untaint '${address}'`),
    'then run the same command again (deploy: with --resume; with --plan-dir, plan and review the stack again',
    'first: untaint changes its state).',
  ].join('\n');
}

/** A resource that exists in AWS but not in the state, from an "already exists" error. */
export interface UnrecordedResource {
  /** The resource's address in the stack. */
  readonly address: string;
  /** The name AWS knows it by, from the error: the import id of most types (a bucket, role, alias, log group, trail). */
  readonly id: string;
  /**
   * The call AWS refused, as the SDK names it in the error (`Glue CreateDatabase`), when the
   * error names it: matched against the calls the same apply retried.
   */
  readonly operation?: { readonly service: string; readonly operation: string };
}

/** AWS's error codes for a create of something that exists (BucketAlreadyOwnedByYou, FlowLogAlreadyExists...). */
const ALREADY_EXISTS = /(AlreadyExists|AlreadyOwnedByYou|already exists)/;

/** The AWS SDK's name of a failed call: `operation error Glue: CreateDatabase,`. */
const OPERATION_ERROR = /operation error ([A-Za-z0-9 -]+): ([A-Za-z0-9]+),/;

/** The resources Terraform's output says it could not create because they exist already. */
export function unrecordedResources(output: string): UnrecordedResource[] {
  const found: UnrecordedResource[] = [];
  // Each diagnostic: "Error: creating <type> (<id>): ... <code> ..." then "with <address>,".
  for (const block of output.split(/^Error: /m).slice(1)) {
    const created = /^creating [^(\n]+ \(([^)\n]+)\):/.exec(block);
    const address = /^\s*with ([^,\s]+),/m.exec(block);
    const error = block.split(/^\s*with /m)[0];
    if (created !== null && address !== null && ALREADY_EXISTS.test(error)) {
      const call = OPERATION_ERROR.exec(error);
      found.push({
        address: address[1],
        id: created[1],
        ...(call === null ? {} : { operation: { service: call[1], operation: call[2] } }),
      });
    }
  }
  return found;
}

/** The parts of a synthesized stack's Terraform JSON that import ids are made from. */
interface StackJson {
  readonly provider?: { readonly aws?: readonly { alias?: string; region?: string; allowed_account_ids?: string[] }[] };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

function readStack(stackDir: string): StackJson {
  try {
    return JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
  } catch {
    return {};
  }
}

/** A literal attribute of a resource, or the literal `name` of the resource a `${type.name.name}` reference points to. */
function literal(stack: StackJson, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const reference = /^\$\{([a-z0-9_]+)\.([^.]+)\.name\}$/.exec(value);
  if (reference === null) return value.includes('${') ? undefined : value;
  const name = stack.resource?.[reference[1]]?.[reference[2]]?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The import id argument of `resource` as a shell word. Most types import by the name the error
 * gives (a bucket, role, alias, log group, trail, workgroup, crawler, SSM document). The others this
 * project creates: a Glue database (`<account>:<name>`), a Glue table (`<account>:<database>:<name>`),
 * an IAM policy and a Firehose stream (their ARNs), a Scheduler schedule (`<group>/<name>`), and a
 * flow log, whose error names the VPC while the import takes the flow
 * log's own id: the lookup of that id with the AWS CLI, in the Region of the resource's provider.
 */
export function importIdArgument(stackDir: string, resource: UnrecordedResource): string {
  const stack = readStack(stackDir);
  const [type, name] = resource.address.split('.');
  const attributes = stack.resource?.[type]?.[name] ?? {};
  const alias = typeof attributes.provider === 'string' ? attributes.provider.replace(/^aws\./, '') : undefined;
  const provider = stack.provider?.aws?.find((candidate) => candidate.alias === alias);
  const account = provider?.allowed_account_ids?.[0];
  const region = provider?.region;
  switch (type) {
    case 'aws_flow_log':
      return (
        `"$(aws ec2 describe-flow-logs${region === undefined ? '' : ` --region ${region}`} ` +
        `--filter Name=resource-id,Values=${resource.id} --query 'FlowLogs[0].FlowLogId' --output text)"`
      );
    case 'aws_glue_catalog_database': {
      const catalog = literal(stack, attributes.catalog_id) ?? account;
      return catalog === undefined ? `'${resource.id}'` : `'${catalog}:${resource.id}'`;
    }
    case 'aws_glue_catalog_table': {
      const database = literal(stack, attributes.database_name);
      const catalog = literal(stack, attributes.catalog_id) ?? account;
      return catalog === undefined || database === undefined
        ? `'${resource.id}'`
        : `'${catalog}:${database}:${resource.id}'`;
    }
    case 'aws_iam_policy': {
      const policyPath = literal(stack, attributes.path) ?? '/';
      return account === undefined
        ? `'${resource.id}'`
        : `'arn:${partitionOf(region ?? 'us-east-1')}:iam::${account}:policy${policyPath}${resource.id}'`;
    }
    case 'aws_scheduler_schedule': {
      const group = literal(stack, attributes.group_name) ?? 'default';
      return `'${group}/${resource.id}'`;
    }
    case 'aws_kinesis_firehose_delivery_stream':
      return account === undefined || region === undefined
        ? `'${resource.id}'`
        : `'arn:${partitionOf(region)}:firehose:${region}:${account}:deliverystream/${resource.id}'`;
    default:
      return `'${resource.id}'`;
  }
}

/**
 * The words that say an "already exists" came of the apply's own retried create (`npm run local`
 * repairs that case by them).
 */
export const OWN_CREATE_CAUSE = 'This apply most likely made them itself';

/**
 * What to tell the user about resources that exist but are not in the state of `stackDir`. Each
 * was made either by an earlier apply that was killed before it saved its state, or by this apply
 * itself: a create whose answer was lost (a dropped connection, a timeout, a server error after AWS
 * acted) is retried by the SDK, and the retry finds what the first call made. `lostCreates`
 * (`TerraformResult.lostCreates`: the calls of this apply whose retry was told so) tells the two
 * apart, an operation's resources being this apply's when it had as many such calls; undefined
 * when the provider's retries were not watched, and either cause may hold. The repair is the same.
 */
export function unrecordedMessage(
  stackDir: string,
  unrecorded: readonly UnrecordedResource[],
  lostCreates: readonly LostCreate[] | undefined,
): string {
  const key = (service: string, operation: string) => `${service} ${operation}`;
  const lostCalls = new Map((lostCreates ?? []).map((lost) => [key(lost.service, lost.operation), lost]));
  const ofOperation = (resource: UnrecordedResource) =>
    resource.operation === undefined ? undefined : key(resource.operation.service, resource.operation.operation);
  const own = unrecorded.filter((resource) => {
    const operation = ofOperation(resource);
    const lost = operation === undefined ? undefined : lostCalls.get(operation);
    return lost !== undefined && unrecorded.filter((other) => ofOperation(other) === operation).length <= lost.calls;
  });
  const ownCalls = [...new Set(own.map((resource) => lostCalls.get(ofOperation(resource) ?? '') as LostCreate))];
  const exist = `${counted(unrecorded.length, 'resource')} ${unrecorded.length === 1 ? 'exists' : 'exist'} in AWS but not in the state`;
  const killed = 'an earlier apply created them and was killed before it saved its state (SIGKILL, a lost machine)';
  const cause =
    lostCreates === undefined
      ? [
          `${exist}: ${killed}, or this apply made them with a create whose answer was lost and that it retried`,
          "(the provider's retries were not watched: TF_LOG_PATH shared, or a log level below DEBUG).",
        ]
      : own.length === 0
        ? [`${exist}: ${killed}.`]
        : [
            `${exist}. ${OWN_CREATE_CAUSE}${own.length === unrecorded.length ? '' : ` (${own.map(({ address }) => address).join(', ')})`}:`,
            ...ownCalls.map(
              ({ service, operation, calls, lostAnswer }) =>
                `${counted(calls, 'call')} of ${service} ${operation} got ${lostAnswer}, and ${calls === 1 ? 'its retry was' : 'their retries were'} told the resource exists.`,
            ),
            'The first attempt made it; its answer was lost (a dropped connection, a timeout, a server error after AWS acted).' +
              (own.length === unrecorded.length ? '' : ` For the others, ${killed}.`),
          ];
  return [
    ...cause,
    'Check that each is the one this stack made (its tags ManagedBy and Stack), then bring it into the state:',
    ...unrecorded.map(
      (resource) =>
        `  terraform -chdir=${shellWord(stackDir)} import '${resource.address}' ${importIdArgument(stackDir, resource)}`,
    ),
    'then run the same command again (deploy: with --resume; with --plan-dir, plan and review the stack again',
    'first: the import changes its state). If the id is not what the resource type imports by, the provider',
    'documentation of the type names it. A KMS key of such a run has no name and was created again: see',
    'docs/failures.md for the one left behind.',
  ].join('\n');
}

/**
 * When a plan or apply failed because of what an interrupted apply left (tainted resources that
 * prevent_destroy keeps, or resources created but not recorded), the commands that repair it;
 * undefined when that is not why it failed.
 */
export async function interruptedApplyAdvice(
  terraform: Terraform,
  stackDir: string,
  output: string,
  timeoutSeconds: number,
  /** The lost creates of the failed command (`TerraformResult.lostCreates`); undefined when not watched. */
  lostCreates?: readonly LostCreate[],
): Promise<string | undefined> {
  const unrecorded = unrecordedResources(output);
  const tainted = await taintedAdvice(terraform, stackDir, output, timeoutSeconds);
  if (unrecorded.length === 0) return tainted;
  return [unrecordedMessage(stackDir, unrecorded, lostCreates), ...(tainted === undefined ? [] : [tainted])].join('\n');
}

/**
 * When a plan or apply failed on prevent_destroy, the tainted resources of the stack's state and
 * the commands that mark them created; undefined when that is not why it failed.
 */
export async function taintedAdvice(
  terraform: Terraform,
  stackDir: string,
  output: string,
  timeoutSeconds: number,
): Promise<string | undefined> {
  if (!/Instance cannot be destroyed/.test(output)) return undefined;
  const pulled = await terraform.exec(stackDir, ['state', 'pull'], { timeoutSeconds });
  if (pulled.code !== 0 || pulled.stdout.trim() === '') return undefined;
  const tainted = taintedInstances(JSON.parse(pulled.stdout) as StateJson);
  return tainted.length === 0 ? undefined : taintedMessage(stackDir, tainted);
}
