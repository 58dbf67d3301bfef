import type { ResourceBody, SynthesizedStack } from '../compliance/stack-json';

/*
 * The shape of a rule of the scan pack (cdk-nag's `src/rules/<service>/<Rule>.ts`: one check per
 * file) and what every rule reads: a resource of a synthesized stack, its stack, and the other stacks
 * of the same synth (the guardrails stack's policies protect roles of every account).
 */

/** One resource of a synthesized stack, as a rule sees it. */
export interface ScannedResource {
  /** The stack's name (`log-archive`, `member-<name>`, ...). */
  readonly stack: string;
  readonly type: string;
  /** The address name, the construct path's unique id. */
  readonly name: string;
  readonly body: ResourceBody;
}

/** Which accounts are of a kind that no service control policy binds: facts of the config, not of the stacks. */
export interface ScanAccounts {
  /** The organization's management account, which no SCP restricts. */
  readonly management: string;
  /** Members outside the organization (`inOrganization: false`), which no SCP of it binds. */
  readonly outsideOrganization: readonly string[];
}

/** What a rule may read beside the resource it judges. */
export interface ScanContext {
  readonly stack: SynthesizedStack;
  /** Every stack of the synth, the resource's own included. */
  readonly stacks: readonly SynthesizedStack[];
  /**
   * The config's accounts of each kind.
   * @default - unknown: rules judge by the stacks alone
   */
  readonly accounts?: ScanAccounts;
}

/** A rule: the resource types it judges, and its check, which returns the problem or `undefined` when compliant. */
export interface ScanRule {
  /** Stable id, named by exemptions. */
  readonly id: string;
  /** What a compliant resource is, in one sentence. */
  readonly description: string;
  /** The resource types it judges: each such resource of every stack is checked. */
  readonly judges: readonly string[];
  /**
   * Types it reads to judge another (a bucket's encryption, public access block and policy are
   * resources of their own): they are placed by this rule, not judged one by one.
   * @default []
   */
  readonly reads?: readonly string[];
  readonly check: (resource: ScannedResource, context: ScanContext) => string | undefined;
}

/** The AWS provider a stack is pinned to: its account (`allowed_account_ids`) and the role it deploys with. */
function providerOf(stack: SynthesizedStack):
  | {
      allowed_account_ids?: string[];
      assume_role?: { role_arn?: string }[];
      default_tags?: { tags?: Record<string, string> }[];
    }
  | undefined {
  const providers = (stack.json as { provider?: { aws?: unknown } }).provider?.aws;
  return listOf(providers as object | object[] | undefined)[0] as ReturnType<typeof providerOf>;
}

/** The account a stack deploys into, as its provider pins it; undefined when it pins none. */
export const accountOf = (stack: SynthesizedStack): string | undefined => providerOf(stack)?.allowed_account_ids?.[0];

/** The partition of a stack's deploy role (`aws`, `aws-us-gov`, ...); `aws` when it names none. */
export const partitionOf = (stack: SynthesizedStack): string =>
  /^arn:(aws[a-z-]*):/.exec(providerOf(stack)?.assume_role?.[0]?.role_arn ?? '')?.[1] ?? 'aws';

/** A resource's tags as AWS holds them: the provider's default tags, and its own over them. */
export const tagsOf = (
  body: Readonly<Record<string, unknown>>,
  stack: SynthesizedStack,
): Readonly<Record<string, string>> => ({
  ...providerOf(stack)?.default_tags?.[0]?.tags,
  ...(body.tags as Record<string, string> | undefined),
});

/** `<type>.<name>`: the resource's Terraform address. */
export const addressOf = (resource: Pick<ScannedResource, 'type' | 'name'>): string =>
  `${resource.type}.${resource.name}`;

/** The data sources of `type` in a stack, by name. */
function dataOf(stack: SynthesizedStack, type: string): Readonly<Record<string, ResourceBody>> {
  const data = (stack.json as { data?: Record<string, Record<string, ResourceBody>> }).data;
  return data?.[type] ?? {};
}

/** The resources of `type` in a stack, by name. */
export function bodiesOf(stack: SynthesizedStack, type: string): Readonly<Record<string, ResourceBody>> {
  return stack.json.resource?.[type] ?? {};
}

/**
 * The resources of `type` in the stack that name `resource` in their `field` (a bucket's encryption,
 * public access block, policy, versioning: `bucket = "${aws_s3_bucket.<name>.id}"`).
 */
export function attachedTo(
  resource: Pick<ScannedResource, 'type' | 'name'>,
  stack: SynthesizedStack,
  type: string,
  field: string,
): ResourceBody[] {
  const reference = new RegExp(`^\\$\\{${resource.type}\\.${escapeRegExp(resource.name)}\\.(id|arn|bucket|name)\\}$`);
  return Object.values(bodiesOf(stack, type)).filter((body) => {
    const value = body[field];
    return typeof value === 'string' && reference.test(value);
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An AWS managed key's alias (`alias/aws/s3`): AWS's key, not ours. */
const AWS_MANAGED_ALIAS = /:alias\/aws\//;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]+|alias\/[A-Za-z0-9/_-]+)$/;

/**
 * Whether `value` names a customer managed key of ours: a KMS key resource of the same stack, a
 * key data source of it (looked up by our naming's alias ARN), or a key or alias ARN written out
 * (our naming builds them for keys of another account) that is not an AWS managed key's alias.
 */
export function isOurKey(value: unknown, stack: SynthesizedStack): boolean {
  if (typeof value !== 'string') return false;
  const resource = /^\$\{aws_kms_key\.([^.}]+)\.(arn|id|key_id)\}$/.exec(value);
  if (resource !== null) return bodiesOf(stack, 'aws_kms_key')[resource[1]] !== undefined;
  const data = /^\$\{data\.aws_kms_key\.([^.}]+)\.(arn|id)\}$/.exec(value);
  if (data !== null) {
    const lookup = dataOf(stack, 'aws_kms_key')[data[1]];
    return lookup !== undefined && !AWS_MANAGED_ALIAS.test(String(lookup.key_id));
  }
  return KMS_ARN.test(value) && !AWS_MANAGED_ALIAS.test(value);
}

/** A policy statement, as IAM reads it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The statements of a policy document that a resource holds as JSON text (`policy`, `assume_role_policy`). */
export function statementsOf(document: unknown): PolicyStatement[] {
  if (typeof document !== 'string') return [];
  let parsed: { Statement?: PolicyStatement | PolicyStatement[] };
  try {
    parsed = JSON.parse(document) as typeof parsed;
  } catch {
    // A document built by Terraform functions at apply time: nothing to read at synth.
    return [];
  }
  const statements = parsed.Statement ?? [];
  return Array.isArray(statements) ? statements : [statements];
}

/** A value or list of values, as a list. */
export const listOf = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** The condition keys a statement tests, lower case (IAM reads keys case-insensitively). */
export const conditionKeysOf = (statement: PolicyStatement): string[] =>
  Object.values(statement.Condition ?? {}).flatMap((test) => Object.keys(test).map((key) => key.toLowerCase()));

/** Whether a statement's principal is everyone (`"*"` or `{"AWS": "*"}`). */
export function isAnyone(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  return principal !== undefined && listOf(principal.AWS).includes('*');
}

/** A resource a rule finds at fault. */
export interface ScanFinding {
  readonly rule: string;
  readonly stack: string;
  /** `<type>.<name>`. */
  readonly address: string;
  /** The account the stack deploys into, when its provider pins one. */
  readonly account?: string;
  readonly problem: string;
}
