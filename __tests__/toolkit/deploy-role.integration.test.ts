import * as fs from 'fs';
import * as path from 'path';
import { proveDeployRoles, walkProviderCalls } from '../../e2e/harness/deploy-role-proof';
import { deployPolicy, type DeployStackJson } from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../support/synth';
import {
  delegatedCall,
  FIXTURE_OWNER,
  FULL_OWNER,
  FULL_TRAIL_ARN,
  RECORDED_STACKS,
  recordedCalls,
} from './deploy-role-fixtures';

/* The tests of deploy-role.test.ts that read the shipped configs, synthesized whole (synthConfig). */

const readStack = (dir: string): DeployStackJson =>
  JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as DeployStackJson;

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
});

describe('the proof on recorded calls', () => {
  const calls = recordedCalls();
  const stacks = RECORDED_STACKS;

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
});

describe('what another account owns, as AWS authorizes it', () => {
  const organizationDir = shippedStacks.find(([name]) => name === 'examples/full.config.json: organization')?.[1] ?? '';
  const owner = FULL_OWNER;
  const trailArn = FULL_TRAIL_ARN;

  test("[cloudtrail-delegated-administrator-trail-owned-by-management] a delegated administrator's role may manage the organization trail, whose ARN names the management account", () => {
    const policy = deployPolicy('organization', readStack(organizationDir), owner);
    const scoped = policy.document.Statement.find((s) => s.Sid === 'ScopedCloudtrail');
    expect(scoped?.Resource).toContain(trailArn);
    // Nothing else of the management account's CloudTrail.
    expect([scoped?.Resource].flat().filter((arn) => arn?.includes(':210000000001:'))).toEqual([trailArn]);
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
