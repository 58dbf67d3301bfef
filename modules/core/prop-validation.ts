import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
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
  public static override readonly kind = 'usage' as const;

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
  { name: /^(accountIds?|\w+AccountIds?)$/, check: text(accountIdProblem) },
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

/** A prop whose value is a token when the construct is built: checked at synth, once resolved. */
interface DeferredValue {
  readonly key: string;
  readonly field: string;
  readonly value: unknown;
}

/** The problems of one value under `field`, by the rule its name matches; tokens go to `deferred`. */
function namedProblems(key: string, field: string, value: unknown, deferred: DeferredValue[]): FieldProblem[] {
  if (value === undefined || value === null) return [];
  if (Token.isUnresolved(value)) {
    if (NAMED_RULES.some((r) => r.name.test(key))) deferred.push({ key, field, value });
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => namedProblems(key, `${field}[${i}]`, item, deferred));
  if (typeof value === 'object') {
    return Construct.isConstruct(value) ? [] : objectProblems(value, deferred, `${field}.`);
  }
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const rule = NAMED_RULES.find((r) => r.name.test(key));
  const problem = rule?.check(value);
  return problem === undefined ? [] : [{ field, message: `${JSON.stringify(value)} ${problem}` }];
}

function objectProblems(props: object, deferred: DeferredValue[], prefix = ''): FieldProblem[] {
  return Object.entries(props).flatMap(([key, value]) =>
    OPAQUE_PROPS.has(key) ? [] : namedProblems(key, `${prefix}${key}`, value, deferred),
  );
}

/**
 * The problems of props that were tokens at construction, resolved at synth: a lazy value that
 * turns out to be a literal is checked like any other; one that stays a Terraform reference
 * (`${aws_kms_key.x.arn}`) is Terraform's to check at plan.
 */
function resolvedProblems(scope: Construct, deferred: readonly DeferredValue[]): FieldProblem[] {
  const resolver = new DefaultTokenResolver(new StringConcat());
  return deferred.flatMap(({ key, field, value }) => {
    const resolved: unknown = Tokenization.resolve(value, { scope, resolver });
    const literal = (v: unknown) => (typeof v === 'string' && !v.includes('${')) || typeof v === 'number';
    if (!literal(resolved) && !(Array.isArray(resolved) && resolved.every(literal))) return [];
    return namedProblems(key, field, resolved, []);
  });
}

/**
 * Checks `props` of `scope` in its constructor, as the CDK construct libraries do: every prop by the
 * rule its name matches (see NAMED_RULES), then `extra`, the construct's own rules (a range, an
 * order between props), which replace the rule by name for the same prop.
 *
 * A prop that is a token when the construct is built is checked at synth instead
 * (`node.addValidation`), once cdktf has resolved it; synth then fails with the construct's path
 * and the prop. Throws one {@link PropError} that lists every problem, so that one run shows
 * them all.
 */
export function validateProps(
  scope: Construct,
  props: object,
  extra: readonly (FieldProblem | undefined)[] = [],
): void {
  const own = extra.filter((p): p is FieldProblem => p !== undefined);
  // A construct's own rule for a prop is the more precise one: it replaces the rule by name.
  const deferred: DeferredValue[] = [];
  const byName = objectProblems(props, deferred).filter((p) => !own.some((o) => o.field === p.field));
  const problems = [...byName, ...own];
  if (problems.length > 0) throw new PropError(scope.node.path, problems);
  if (deferred.length > 0) {
    scope.node.addValidation({
      validate: () => resolvedProblems(scope, deferred).map((p) => `props.${p.field} ${p.message}`),
    });
  }
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
