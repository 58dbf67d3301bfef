import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { shippedConfig } from '../support/synth';
import { deploymentWaves } from '../../modules/core/deployment-order';
import { synthJson } from '../support/stack-json';

describe('buildStacks with the shipped config', () => {
  const config = shippedConfig('examples/starter.config.json');
  const stacks = buildStacks(Testing.app(), config);

  test('makes one stack per account role, in deployment order', () => {
    expect(stacks.map((s) => s.node.id)).toEqual([
      'log-archive',
      'organization',
      'guardrails',
      'audit-delegation',
      'member-management',
      'member-log-archive',
      'member-security-tooling',
      'member-payments-prod',
      'member-sandbox',
      'audit',
    ]);
  });

  test('deploys each stack into its own account', () => {
    expect(Object.fromEntries(stacks.map((s) => [s.node.id, s.accountId]))).toEqual({
      'log-archive': '222222222222',
      organization: '111111111111',
      guardrails: '111111111111',
      'audit-delegation': '111111111111',
      'member-management': '111111111111',
      'member-log-archive': '222222222222',
      'member-security-tooling': '333333333333',
      'member-payments-prod': '444444444444',
      'member-sandbox': '555555555555',
      audit: '333333333333',
    });
  });

  test.each(stacks.map((s) => [s.node.id, s] as const))('%s assumes the deploy role of its account', (_name, stack) => {
    expect(Testing.synth(stack)).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      allowed_account_ids: [stack.accountId],
      assume_role: [
        expect.objectContaining({ role_arn: `arn:aws:iam::${stack.accountId}:role/OrganizationAccountAccessRole` }),
      ],
      default_tags: [{ tags: { CostCenter: 'security', ManagedBy: 'cdktf-audit-logging', Stack: stack.node.id } }],
    });
  });
});

describe('buildStacks with other configs', () => {
  test('puts the organization stack in the delegated administrator account when trail.accountId is set', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('examples/full.config.json'));
    expect(stacks.find((s) => s.node.id === 'organization')?.accountId).toBe('210000000003');
  });

  test('makes only the log-archive, organization and guardrails stacks when there are no members', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('__tests__/fixtures/bare.config.json'));
    expect(stacks.map((s) => s.node.id)).toEqual(['log-archive', 'organization', 'guardrails']);
  });

  test('gives every stack of the S3 backend its own state key', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('examples/full.config.json'));
    const keys = stacks.map((s) => synthJson(s).terraform.backend.s3.key as string);
    expect(new Set(keys).size).toBe(stacks.length);
    expect(keys.slice(0, 2)).toEqual([
      'platform/audit-logging/state.tfstate',
      'platform/audit-logging/log-archive.tfstate',
    ]);
  });
});

describe('the state stack (deployment.stateBucket)', () => {
  const config = shippedConfig('examples/full.config.json');
  const stacks = buildStacks(Testing.app(), config);
  const state = stacks[0];
  const json = synthJson(state) as {
    terraform: { backend: { s3: Record<string, unknown> } };
    provider: { aws: { region: string }[] };
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const only = (type: string) => Object.values(json.resource[type] ?? {});

  test('comes first, in the account of stateRoleArn, in stateRegion, and keeps its own state in its bucket', () => {
    expect(state.node.id).toBe('state');
    expect(config.deployment.stateBucket).toBeDefined();
    expect(state.accountId).toBe(
      /iam::(\d{12}):/.exec(config.deployment.stateRoleArn ?? '')?.[1] ?? config.organization.managementAccountId,
    );
    expect(json.provider.aws[0].region).toBe(config.deployment.stateRegion ?? config.homeRegion);
    expect(json.terraform.backend.s3).toMatchObject({
      bucket: config.deployment.stateBucket,
      key: `${config.deployment.stateKeyPrefix}/state.tfstate`,
      use_lockfile: true,
      encrypt: true,
    });
  });

  test('makes the bucket versioned, encrypted, private, TLS-only and undeletable', () => {
    const [bucket] = only('aws_s3_bucket');
    expect(bucket).toMatchObject({
      bucket: config.deployment.stateBucket,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(only('aws_s3_bucket_versioning')[0]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(only('aws_s3_bucket_server_side_encryption_configuration')).toHaveLength(1);
    expect(only('aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(String(only('aws_s3_bucket_policy')[0].policy)) as {
      Statement: { Sid: string; Effect: string; Action: string | string[]; Condition?: unknown }[];
    };
    expect(policy.Statement.map((s) => [s.Sid, s.Effect, s.Action])).toEqual([
      ['DenyInsecureTransport', 'Deny', 's3:*'],
      ['DenyStateBucketDeletion', 'Deny', ['s3:DeleteBucket', 's3:DeleteObjectVersion']],
    ]);
    const lifecycle = only('aws_s3_bucket_lifecycle_configuration')[0] as {
      rule: { id: string; noncurrent_version_expiration?: { noncurrent_days: number }[] }[];
    };
    expect(lifecycle.rule.map((r) => r.id)).toEqual(['state-history', 'expired-delete-markers']);
    expect(lifecycle.rule[0].noncurrent_version_expiration?.[0].noncurrent_days).toBe(90);
  });

  test('is deployed in a wave of its own, before the log archive', () => {
    expect(deploymentWaves(stacks.map((s) => s.node.id)).slice(0, 2)).toEqual([['state'], ['log-archive']]);
  });

  test('is not made without deployment.stateBucket', () => {
    expect(
      buildStacks(Testing.app(), shippedConfig('examples/starter.config.json')).map((s) => s.node.id),
    ).not.toContain('state');
  });
});
