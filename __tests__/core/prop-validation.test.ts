import { Lazy, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { InvestigationQueries, SecurityAlarms } from '../../modules/alarms';
import {
  CatalogEncryption,
  CloudTrailTable,
  ConfigCrawler,
  InvestigationWorkgroup,
  InvestigatorRole,
  LogAnalytics,
} from '../../modules/analytics';
import { ConfigRecording } from '../../modules/aws-config';
import { PropError } from '../../modules/core';
import { AccountStack } from '../../modules/deployment';
import { VpcFlowLogs } from '../../modules/flow-logs';
import { Guardrails } from '../../modules/guardrails';
import { AuditKey } from '../../modules/kms';
import { LogArchive, LogReplication } from '../../modules/log-archive';
import { SessionManagerLogging } from '../../modules/session-manager';
import { SecureBucket } from '../../modules/storage';
import { OrganizationTrail, StandaloneTrail } from '../../modules/trail';

/*
 * Every public construct refuses, in its constructor, each prop that AWS would refuse, with the
 * construct's path and the prop in the message. Each row gives a construct only the bad prop (and
 * what its own rules read first): the check must come before the props are used.
 */
type AnyConstruct = new (scope: Construct, id: string, props: never) => Construct;

/** A bad value of each kind, and the words the error must contain. */
const BAD = {
  account: ['12345', 'must be a 12-digit account id'],
  region: ['eu-wset-1', 'must be an AWS Region code'],
  bucket: ['Bad_Bucket', 'may contain only lowercase letters, digits, dots and hyphens'],
  alias: ['audit-logs', 'must be a KMS alias name such as "alias/audit-logs"'],
  roleName: ['bad role', 'must be an IAM role name'],
  roleArn: ['nope', 'must be an IAM role ARN'],
  principals: [['nope'], 'must be an IAM role or user ARN'],
  trailArn: ['nope', 'must be a trail ARN'],
  arn: ['nope', 'must be an ARN'],
  organization: ['org-1', 'must be an organization id'],
  emails: [['nobody'], 'must be an e-mail address'],
  days: [0, 'must be at least 1'],
  vpc: ['vpc-1', 'must be a VPC id'],
} as const;
type Kind = keyof typeof BAD;

/** construct, the props it needs before validating (if any), and its rule-covered props by kind. */
const CASES: [string, AnyConstruct, object, [string, Kind][]][] = [
  [
    'AccountStack',
    AccountStack,
    {},
    [
      ['accountId', 'account'],
      ['region', 'region'],
      ['deployRoleName', 'roleName'],
      ['stateBackend.bucket', 'bucket'],
      ['stateBackend.region', 'region'],
      ['stateBackend.roleArn', 'roleArn'],
    ],
  ],
  [
    'LogArchive',
    LogArchive,
    { retention: {} },
    [
      ['bucketName', 'bucket'],
      ['accessLogBucketName', 'bucket'],
      ['memberLogsBucketName', 'bucket'],
      ['keyAliasName', 'alias'],
      ['organizationId', 'organization'],
      ['managementAccountId', 'account'],
      ['organizationTrailArn', 'trailArn'],
      ['readerAccountIds', 'account'],
      ['deployRoleArn', 'roleArn'],
      ['breakGlassPrincipalArns', 'principals'],
      ['objectLock.days', 'days'],
      ['accessLogExpirationDays', 'days'],
      ['otherLoggedBucketNames', 'bucket'],
      ['replication.region', 'region'],
      ['replication.bucketName', 'bucket'],
      ['accountTrails.accountId', 'account'],
      ['accountTrails.trailArn', 'trailArn'],
    ],
  ],
  [
    'LogReplication',
    LogReplication,
    {},
    [
      ['sourceKeyArn', 'arn'],
      ['replicaBucketName', 'bucket'],
      ['replicaRegion', 'region'],
      ['replicaKeyAliasName', 'alias'],
      ['deployRoleArn', 'roleArn'],
      ['breakGlassPrincipalArns', 'principals'],
    ],
  ],
  [
    'SecureBucket',
    SecureBucket,
    {},
    [
      ['bucketName', 'bucket'],
      ['kmsKeyArn', 'arn'],
      ['objectLock.days', 'days'],
      ['accessLogs.bucketName', 'bucket'],
    ],
  ],
  ['AuditKey', AuditKey, {}, [['aliasName', 'alias']]],
  [
    'OrganizationTrail',
    OrganizationTrail,
    {},
    [
      ['organizationId', 'organization'],
      ['managementAccountId', 'account'],
      ['trailArn', 'trailArn'],
      ['bucketName', 'bucket'],
      ['logKeyArn', 'arn'],
    ],
  ],
  [
    'StandaloneTrail',
    StandaloneTrail,
    {},
    [
      ['bucketName', 'bucket'],
      ['logKeyArn', 'arn'],
    ],
  ],
  [
    'ConfigRecording',
    ConfigRecording,
    {},
    [
      ['homeRegion', 'region'],
      ['regions.region', 'region'],
      ['bucketName', 'bucket'],
      ['roleName', 'roleName'],
    ],
  ],
  [
    'SessionManagerLogging',
    SessionManagerLogging,
    {},
    [
      ['regions.region', 'region'],
      ['bucketName', 'bucket'],
      ['bucketArn', 'arn'],
      ['keyAccountId', 'account'],
      ['keyRegion', 'region'],
    ],
  ],
  [
    'VpcFlowLogs',
    VpcFlowLogs,
    {},
    [
      ['vpcs.vpcId', 'vpc'],
      ['bucketArn', 'arn'],
    ],
  ],
  [
    'Guardrails',
    Guardrails,
    {},
    [
      ['organizationId', 'organization'],
      ['archiveAccountId', 'account'],
      ['logBucketName', 'bucket'],
      ['otherBucketNames', 'bucket'],
      ['deployRoleName', 'roleName'],
      ['breakGlassPrincipalArns', 'principals'],
      ['governedRegions', 'region'],
      ['configRoleName', 'roleName'],
      ['dataPerimeter.trustedAccountIds', 'account'],
    ],
  ],
  ['SecurityAlarms', SecurityAlarms, { alarms: [] }, [['emails', 'emails']]],
  ['CatalogEncryption', CatalogEncryption, {}, [['aliasName', 'alias']]],
  [
    'InvestigatorRole',
    InvestigatorRole,
    {},
    [
      ['trustedAccountIds', 'account'],
      ['roleName', 'roleName'],
      ['resultsBucketArn', 'arn'],
      ['kmsKeyArn', 'arn'],
      ['logs.bucketArn', 'arn'],
    ],
  ],
  [
    'CloudTrailTable',
    CloudTrailTable,
    {},
    [
      ['bucketName', 'bucket'],
      ['accountIds', 'account'],
      ['regions', 'region'],
    ],
  ],
  [
    'InvestigationWorkgroup',
    InvestigationWorkgroup,
    {},
    [
      ['resultsBucketName', 'bucket'],
      ['kmsKeyArn', 'arn'],
      ['resultsExpirationDays', 'days'],
    ],
  ],
  [
    'LogAnalytics',
    LogAnalytics,
    {},
    [
      ['organizationId', 'organization'],
      ['logBucketName', 'bucket'],
      ['memberLogsBucketName', 'bucket'],
      ['logKeyArn', 'arn'],
      ['organizationAccountIds', 'account'],
      ['standaloneAccountIds', 'account'],
      ['regions', 'region'],
      ['resultsBucketName', 'bucket'],
      ['resultsExpirationDays', 'days'],
      ['readerAccountIds', 'account'],
    ],
  ],
  [
    'ConfigCrawler',
    ConfigCrawler,
    {},
    [
      ['bucketName', 'bucket'],
      ['bucketKeyArn', 'arn'],
    ],
  ],
];

/**
 * `{ a: { b: value } }` for `a.b`. A prop whose name is plural, or whose parent is (`regions.region`),
 * is a list: the bad value goes in its first element, and the error names `[0]`.
 */
function propsWith(prop: string, value: unknown): { props: object; field: string } {
  const parts = prop.split('.');
  const isList = (name: string) =>
    /s$/.test(name) && !['days', 'Days', 'accessLogs', 'cloudWatchLogs'].some((x) => name.endsWith(x));
  let inner: unknown = Array.isArray(value) || !isList(parts[parts.length - 1]) ? value : [value];
  let field = parts[parts.length - 1] + (inner !== value || Array.isArray(value) ? '[0]' : '');
  for (let i = parts.length - 2; i >= 0; i--) {
    const object = { [parts[i + 1]]: inner };
    inner = isList(parts[i]) && parts[i] !== 'dataPerimeter' ? [object] : object;
    field = `${parts[i]}${Array.isArray(inner) ? '[0]' : ''}.${field}`;
  }
  return { props: { [parts[0]]: inner }, field };
}

function build(Type: AnyConstruct, props: object): void {
  if (Type === (AccountStack as unknown)) {
    new AccountStack(Testing.app(), 'stack', props as never);
    return;
  }
  new Type(
    new AccountStack(Testing.app(), 'stack', { accountId: '111111111111', region: 'eu-west-1' }),
    'subject',
    props as never,
  );
}

describe.each(CASES)('%s', (name, Type, needs, props) => {
  test.each(props)(`refuses a bad %s (%s)`, (prop, kind) => {
    const [value, words] = BAD[kind];
    const { props: bad, field } = propsWith(prop, value);
    const path = name === 'AccountStack' ? 'stack' : 'stack/subject';
    const shown = Array.isArray(value) ? value[0] : value;
    expect(() => build(Type, { ...needs, ...bad })).toThrow(
      new PropError(path, [{ field, message: `${JSON.stringify(shown)} ${words}` }]).message.split(words)[0],
    );
    expect(() => build(Type, { ...needs, ...bad })).toThrow(words);
  });
});

test('the named rules look into lists and nested objects, and list every problem in one error', () => {
  const error = (() => {
    try {
      build(SecureBucket, { bucketName: 'Bad_Bucket', objectLock: { mode: 'GOVERNANCE', days: 0 }, kmsKeyArn: 'nope' });
    } catch (e) {
      return e as PropError;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(PropError);
  expect(error?.problems.map((p) => p.field)).toEqual(['bucketName', 'objectLock.days', 'kmsKeyArn']);
  expect(error?.message).toMatch(/^stack\/subject: 3 props are invalid:\n {2}- props\.bucketName "Bad_Bucket" /);
});

test("a construct's own rule replaces the rule by name for the same prop (one message, the precise one)", () => {
  expect(() => build(AuditKey, { deletionWindowInDays: 0 })).toThrow(
    'stack/subject: props.deletionWindowInDays 0 is not accepted by KMS; use a whole number from 7 to 30',
  );
});

test('LogArchive refuses lifecycle steps out of order and an expiry inside the Object Lock period', () => {
  expect(() =>
    build(LogArchive, {
      retention: { transitionToInfrequentAccessDays: 90, transitionToGlacierDays: 60, expireAfterDays: 100 },
      objectLock: { mode: 'COMPLIANCE', days: 365 },
    }),
  ).toThrow(
    /props\.retention\.transitionToGlacierDays is 60, which is not after transitionToInfrequentAccessDays \(90\)[\s\S]*props\.retention\.expireAfterDays is 100, but Object Lock keeps every object for 365 days/,
  );
});

test('a value that is a token when built is checked at synth, once resolved; a Terraform reference is left to Terraform', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  new AuditKey(stack, 'lazy', {
    description: 'd',
    aliasName: Lazy.stringValue({ produce: () => 'no-prefix' }),
    policyStatements: [],
  });
  expect(() => Testing.synth(stack, true)).toThrow(
    /\[stack\/lazy\] props\.aliasName "no-prefix" must be a KMS alias name/,
  );

  const ok = new AccountStack(Testing.app(), 'ok', { accountId: '111111111111', region: 'eu-west-1' });
  const key = new AuditKey(ok, 'key', { description: 'd', aliasName: 'alias/ok', policyStatements: [] });
  new SecureBucket(ok, 'bucket', {
    bucketName: 'ok-bucket',
    kmsKeyArn: key.keyArn,
    lifecycleRules: [],
    policyStatements: [],
  });
  expect(() => Testing.synth(ok, true)).not.toThrow();
});

test('ConfigRecording refuses an existing recorder in a Region it does not record in', () => {
  expect(() => build(ConfigRecording, { regions: [], existing: [{ region: 'eu-west-1', recorderName: 'x' }] })).toThrow(
    'stack/subject: props.existing[0].region "eu-west-1" is not one of the Regions this construct records in (props.regions)',
  );
});

test('InvestigationQueries has no prop that AWS restricts beyond its type, and builds with defaults', () => {
  expect(() => build(InvestigationQueries, { logGroupName: '/aws/cloudtrail/org' })).not.toThrow();
});
