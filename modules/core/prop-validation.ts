import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  accountIdProblem,
  arnProblem,
  bucketNameProblem,
  FieldProblem,
  IAM_ROLE_ARN,
  iamRoleNameProblem,
  kmsAliasProblem,
  ORGANIZATION_ID,
  PRINCIPAL_ARN_PATTERN,
  regionProblem,
  trailArnProblem,
  VPC_ID,
  wholeNumberProblem,
} from './aws-values';
import { AuditLoggingError } from './errors';
import { AWS_REGIONS_BY_PARTITION } from './regions';

/**
 * A construct was given props that AWS or Terraform would refuse. The message names the construct's
 * path and each bad prop: `audit/log-archive: props.bucketName "Bad_Bucket" may contain only ...`.
 */
export class PropError extends AuditLoggingError {
  public constructor(
    /** Path of the construct in the construct tree. */
    public readonly constructPath: string,
    /** Each bad prop: its path under `props` (`objectLock.days`) and why. */
    public readonly problems: readonly FieldProblem[],
  ) {
    super(
      problems.length === 1
        ? `${constructPath}: props.${problems[0].field} ${problems[0].message}`
        : `${constructPath}: ${problems.length} props are invalid:\n${problems.map((p) => `  - props.${p.field} ${p.message}`).join('\n')}`,
    );
    this.name = 'PropError';
  }
}

/** A rule for props whose name matches `name`: why a value is wrong, or undefined. */
interface NamedRule {
  readonly name: RegExp;
  readonly check: (value: string | number) => string | undefined;
}

const text = (problem: (value: string) => string | undefined) => (value: string | number) =>
  typeof value === 'string' ? problem(value) : 'must be a string';
const pattern = (re: RegExp, what: string) => text((value) => (re.test(value) ? undefined : `must be ${what}`));

/**
 * The rules every construct's props follow by name, the same rules the config schema applies to the
 * same values (./aws-values.ts). A prop's name says what it holds, so `accountId`, `keyAccountId`
 * and `readerAccountIds` are all account ids, and `bucketName` and `otherLoggedBucketNames` bucket
 * names. The first matching rule applies; a list applies it to each element; nested objects are
 * checked by their own field names. Tokens (values Terraform computes) are left to Terraform.
 */
const NAMED_RULES: readonly NamedRule[] = [
  { name: /^(accountId|\w+AccountIds?)$/, check: text(accountIdProblem) },
  { name: /^(region|regions|\w+Regions?)$/, check: text(regionProblem) },
  { name: /^(bucketName|bucket|\w+BucketNames?)$/, check: text(bucketNameProblem) },
  { name: /^(aliasName|\w+AliasName)$/, check: text(kmsAliasProblem) },
  { name: /^(roleName|\w+RoleName)$/, check: text(iamRoleNameProblem) },
  {
    name: /^(roleArn|\w+RoleArn)$/,
    check: pattern(IAM_ROLE_ARN, 'an IAM role ARN such as "arn:aws:iam::012345678901:role/name"'),
  },
  { name: /^\w*PrincipalArns$/, check: pattern(PRINCIPAL_ARN_PATTERN, 'an IAM role or user ARN') },
  { name: /^(trailArn|\w+TrailArn)$/, check: text(trailArnProblem) },
  { name: /^(\w+Arn)$/, check: text(arnProblem) },
  { name: /^organizationId$/, check: pattern(ORGANIZATION_ID, 'an organization id such as "o-a1b2c3d4e5"') },
  {
    name: /^partition$/,
    check: text((value) =>
      value in AWS_REGIONS_BY_PARTITION
        ? undefined
        : `must be one of ${Object.keys(AWS_REGIONS_BY_PARTITION).join(', ')}`,
    ),
  },
  { name: /^vpcId$/, check: pattern(VPC_ID, 'a VPC id such as "vpc-0a1b2c3d4e5f67890"') },
  { name: /^emails$/, check: pattern(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address such as "secops@example.com"') },
  {
    name: /^(days|\w+Days|\w+InDays)$/,
    check: (value) => (typeof value === 'number' ? wholeNumberProblem(value, 1) : 'must be a number of days'),
  },
];

/** Props that are never looked into: free-form maps, whose keys are not prop names. */
const OPAQUE_PROPS = new Set(['tags', 'policyStatements', 'catalogKeyStatement', 'lifecycleRules', 'queries']);

/** The problems of one value under `field`, by the rule its name matches. */
function namedProblems(key: string, field: string, value: unknown): FieldProblem[] {
  if (value === undefined || value === null) return [];
  if (Token.isUnresolved(value)) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => namedProblems(key, `${field}[${i}]`, item));
  if (typeof value === 'object') return Construct.isConstruct(value) ? [] : objectProblems(value, `${field}.`);
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const rule = NAMED_RULES.find((r) => r.name.test(key));
  const problem = rule?.check(value);
  return problem === undefined ? [] : [{ field, message: `${JSON.stringify(value)} ${problem}` }];
}

function objectProblems(props: object, prefix = ''): FieldProblem[] {
  return Object.entries(props).flatMap(([key, value]) =>
    OPAQUE_PROPS.has(key) ? [] : namedProblems(key, `${prefix}${key}`, value),
  );
}

/**
 * Checks `props` of `scope` in its constructor, as the CDK construct libraries do: every prop by the
 * rule its name matches (see NAMED_RULES), then `extra`, the construct's own rules (a range, an
 * order between props), which replace the rule by name for the same prop. Throws one {@link PropError} that lists every problem, so that one run shows
 * them all. Values Terraform computes (tokens) are skipped: Terraform checks them at plan.
 */
export function validateProps(
  scope: Construct,
  props: object,
  extra: readonly (FieldProblem | undefined)[] = [],
): void {
  const own = extra.filter((p): p is FieldProblem => p !== undefined);
  // A construct's own rule for a prop is the more precise one: it replaces the rule by name.
  const byName = objectProblems(props).filter((p) => !own.some((o) => o.field === p.field));
  const problems = [...byName, ...own];
  if (problems.length > 0) throw new PropError(scope.node.path, problems);
}

/** A problem for {@link validateProps}' `extra` when `value` (a known number) breaks `problem`. */
export function numberProblem(
  field: string,
  value: number | undefined,
  problem: (value: number) => string | undefined,
): FieldProblem | undefined {
  if (value === undefined || Token.isUnresolved(value)) return undefined;
  const why = problem(value);
  return why === undefined ? undefined : { field, message: `${value} ${why}` };
}
