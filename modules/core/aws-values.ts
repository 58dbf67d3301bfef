import { isAwsRegion } from './regions';

/*
 * What AWS accepts for the identifiers this product passes around: one rule each, used by the
 * config schema (modules/org-config/schema/) and by the constructs' prop validation
 * (./prop-validation.ts), so that a value the config rejects is rejected by the construct in the
 * same words. Each `...Problem` function returns why a value is wrong (a phrase that follows the
 * value's name, such as "must be a 12-digit account id") or `undefined` when it is fine.
 */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An IAM role name (IAM's CreateRole RoleName pattern, 1 to 64 characters). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** An IAM role ARN in any partition, with an optional path. */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The account of an IAM role ARN (`arn:<partition>:iam::<account>:role/...`); undefined for anything else. */
export function roleArnAccountId(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn ?? '')?.[1];
}

/** An organization root (`r-…`), OU (`ou-…`) or account id: where organization policies attach. */
export const POLICY_TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** A role or user ARN, whose name may use `*` (for the roles IAM Identity Center names with a random suffix). */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@*/-]{1,512}$/;

/** A CloudTrail trail ARN: `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
export const TRAIL_ARN = /^arn:aws(-cn|-us-gov)?:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;

/** A KMS alias name (KMS CreateAlias: `alias/` then letters, digits, `/_-`; not `alias/aws/`). */
export const KMS_ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

/** An organization id: `o-` and 10 to 32 lowercase letters or digits. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** A VPC id: `vpc-` and 8 or 17 hexadecimal digits. */
export const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * A QuickSight user or group ARN: `arn:<partition>:quicksight:<region>:<account>:(user|group)/<namespace>/<name>`.
 * Its groups are the Region (the account's QuickSight identity Region, where its users and groups
 * are), the account, `user` or `group`, the namespace and the name.
 */
export const QUICKSIGHT_PRINCIPAL_ARN =
  /^arn:aws(?:-cn|-us-gov)?:quicksight:([a-z0-9-]+):(\d{12}):(user|group)\/([\w.@+=-]+)\/([\w.@+=/-]+)$/;

/**
 * A QuickSight physical table id (the key of a dataset's PhysicalTableMap): letters, digits and
 * hyphens, 1 to 64 characters. AWS's model of the QuickSight API (`PhysicalTableId`: pattern
 * `[0-9a-zA-Z-]*`, min 1, max 64, botocore quicksight service-2.json) refuses anything else, an
 * underscore included.
 */
export const QUICKSIGHT_PHYSICAL_TABLE_ID = /^[0-9a-zA-Z-]{1,64}$/;

/**
 * A CloudWatch Logs log group name: 1 to 512 letters, digits and `. - _ / #` (AWS's model of the
 * CloudWatch Logs API, `LogGroupName`: pattern `[\.\-_/#A-Za-z0-9]+`, min 1, max 512, botocore logs
 * service-2.json).
 */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * A CloudWatch Observability Access Manager sink's ARN, `arn:<partition>:oam:<region>:<account>:sink/<id>`
 * (OAM API reference, CreateSink: Arn), with the Region and the account as groups 2 and 3.
 */
export const OAM_SINK_ARN = /^arn:aws(-cn|-us-gov)?:oam:([a-z0-9-]+):(\d{12}):sink\/[A-Za-z0-9-]{1,255}$/;

/** A cron expression EventBridge Scheduler reads: `cron(` six fields `)`. */
export const SCHEDULER_CRON = /^cron\(\S+( \S+){5}\)$/;

/** How often AWS Config delivers a snapshot or runs a periodic rule, as its API names the choices. */
export const AWS_CONFIG_FREQUENCIES = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
] as const;

/** The values CloudWatch Logs accepts for a log group's retention, in days. */
export const CLOUDWATCH_LOGS_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The minimum of Athena's per-query data usage control, in bytes (10 MB). */
export const ATHENA_MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** Why `value` is not a 12-digit account id, or undefined. */
export function accountIdProblem(value: string): string | undefined {
  return ACCOUNT_ID.test(value) ? undefined : 'must be a 12-digit account id such as "012345678901"';
}

/** Why `value` is not an AWS Region code this product knows, or undefined. */
export function regionProblem(value: string): string | undefined {
  return isAwsRegion(value) ? undefined : 'must be an AWS Region code such as "eu-west-1"';
}

/** Why `name` is invalid under the S3 general purpose bucket naming rules, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; S3 bucket names have 3 to 63`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must begin and end with a lowercase letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not look like an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return `must not start with "${prefix}" (reserved by S3)`;
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}" (reserved by S3)`;
  }
  return undefined;
}

/** Why `name` is not a KMS alias name a customer may create, or undefined. */
export function kmsAliasProblem(name: string): string | undefined {
  if (!KMS_ALIAS_NAME.test(name)) return 'must be a KMS alias name such as "alias/audit-logs"';
  if (name.startsWith('alias/aws/')) return 'must not start with "alias/aws/" (reserved for AWS managed keys)';
  return undefined;
}

/** Why `value` is not an IAM role name, or undefined. */
export function iamRoleNameProblem(value: string): string | undefined {
  return IAM_ROLE_NAME.test(value) ? undefined : 'must be an IAM role name (1 to 64 letters, digits and +=,.@_-)';
}

/** Why `value` is not a CloudTrail trail ARN, or undefined. */
export function trailArnProblem(value: string): string | undefined {
  return TRAIL_ARN.test(value)
    ? undefined
    : 'must be a trail ARN such as "arn:aws:cloudtrail:eu-west-1:012345678901:trail/organization-trail"';
}

/** Why `value` is not an ARN (of any service), or undefined. */
export function arnProblem(value: string): string | undefined {
  return /^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/.test(value)
    ? undefined
    : 'must be an ARN such as "arn:aws:iam::012345678901:role/name"';
}

/** Why `value` is not a retention CloudWatch Logs accepts, or undefined. */
export function logRetentionDaysProblem(value: number): string | undefined {
  return (CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(value)
    ? undefined
    : `is not a CloudWatch Logs retention; use one of ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`;
}

/**
 * The silence a delivery heartbeat alarm waits for, in minutes: its one evaluation period, a whole
 * number of minutes as CloudWatch alarm periods of a minute or more are, and at most a day.
 */
export const HEARTBEAT_MINUTES = { min: 5, max: 1440 } as const;

/** Why `value` is not a whole number from `min` to `max`, or undefined. */
export function wholeNumberProblem(value: number, min: number, max = Number.MAX_SAFE_INTEGER): string | undefined {
  if (!Number.isInteger(value)) return 'must be a whole number';
  if (value < min) return `must be at least ${min}`;
  if (value > max) return `must be at most ${max}`;
  return undefined;
}

/** The lifecycle of a log bucket, in days (null: that step is off). */
export interface LifecycleSteps {
  readonly transitionToInfrequentAccessDays?: number | null;
  readonly transitionToGlacierDays?: number | null;
  readonly transitionToDeepArchiveDays?: number | null;
  readonly expireAfterDays?: number | null;
}

/** A problem with one field of an object: the field's name and why. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The Regions of a construct's `regions` prop (`field`) that none may be given: none at all, or one
 * named twice (a construct makes one resource of each kind per Region).
 */
export function regionListProblems(field: string, regions: readonly string[]): FieldProblem[] {
  if (regions.length === 0) return [{ field, message: 'must name at least one Region' }];
  return regions.flatMap((region, i) =>
    regions.indexOf(region) === i
      ? []
      : [{ field: `${field}[${i}]`, message: `${JSON.stringify(region)} repeats; name each Region once` }],
  );
}

/**
 * What Organizations refuses in the list of where a policy attaches (`field`: `targets`): an id that
 * is no root, OU or account; none; one twice. Undefined (the organization root) is fine.
 */
export function policyTargetProblems(field: string, targets: readonly string[] | undefined): FieldProblem[] {
  if (targets === undefined) return [];
  if (targets.length === 0) return [{ field, message: 'is empty; leave it out to attach to the organization root' }];
  const problems: FieldProblem[] = targets.flatMap((target, i) =>
    POLICY_TARGET_ID.test(target)
      ? []
      : [
          {
            field: `${field}[${i}]`,
            message: `${JSON.stringify(target)} is not a root ("r-…"), OU ("ou-…") or account id`,
          },
        ],
  );
  if (new Set(targets).size !== targets.length) {
    problems.push({ field, message: 'lists a target twice; list each root, OU or account once' });
  }
  return problems;
}

/**
 * `value` is one of `choices`, or the problem with `field`: `"<value>" <refusal> <choices>`, the
 * refusal saying what the value is not (`is not a detective rule; use one of`).
 */
export function choiceProblem(
  field: string,
  value: string,
  choices: readonly string[],
  refusal = 'must be one of',
): FieldProblem | undefined {
  return choices.includes(value)
    ? undefined
    : { field, message: `${JSON.stringify(value)} ${refusal} ${choices.join(', ')}` };
}

/**
 * What S3 and Object Lock refuse in a lifecycle: transitions out of order, Glacier sooner than 30
 * days after Standard-IA, and an expiry before the Object Lock period ends (S3 cannot delete a
 * locked version, so the expiry would only hide objects behind delete markers). `objectLockDaysName`
 * is how the message names the Object Lock days, for the reader to lower them.
 */
export function lifecycleStepProblems(
  steps: LifecycleSteps,
  objectLock?: { readonly mode: string; readonly days: number },
  objectLockDaysName = 'the Object Lock days',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ia = steps.transitionToInfrequentAccessDays;
  const glacier = steps.transitionToGlacierDays;
  if (typeof ia === 'number' && typeof glacier === 'number' && glacier < ia + 30) {
    problems.push({
      field: 'transitionToGlacierDays',
      message: `is ${glacier}, but objects must stay 30 days in Standard-IA (moved there on day ${ia}) before S3 moves them to Glacier; use at least ${ia + 30}`,
    });
  }
  const order = [
    'transitionToInfrequentAccessDays',
    'transitionToGlacierDays',
    'transitionToDeepArchiveDays',
    'expireAfterDays',
  ] as const;
  let previous: readonly [string, number] | undefined;
  for (const field of order) {
    const days = steps[field];
    if (typeof days !== 'number') continue;
    if (previous !== undefined && days <= previous[1]) {
      problems.push({
        field,
        message: `is ${days}, which is not after ${previous[0]} (${previous[1]}); lifecycle steps must come in order: Standard-IA, Glacier, Deep Archive, expiry`,
      });
    }
    previous = [field, days];
  }
  const expiry = steps.expireAfterDays;
  if (objectLock !== undefined && typeof expiry === 'number' && expiry < objectLock.days) {
    problems.push({
      field: 'expireAfterDays',
      message: `is ${expiry}, but Object Lock keeps every object for ${objectLock.days} days (${objectLock.mode}): S3 cannot delete a locked version, so the expiry would only hide objects behind delete markers until day ${objectLock.days}; use at least ${objectLock.days}, or lower ${objectLockDaysName}`,
    });
  }
  return problems;
}
