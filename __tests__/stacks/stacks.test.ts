import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { shippedConfig } from '../support/synth';

describe('buildStacks with the shipped config', () => {
  const config = shippedConfig('examples/starter.config.json');
  const stacks = buildStacks(Testing.app(), config);

  test('makes one stack per account role, in deployment order', () => {
    expect(stacks.map((s) => s.node.id)).toEqual([
      'log-archive',
      'organization',
      'guardrails',
      'member-management',
      'member-log-archive',
      'member-security-tooling',
      'member-payments-prod',
      'member-sandbox',
    ]);
  });

  test('deploys each stack into its own account', () => {
    expect(Object.fromEntries(stacks.map((s) => [s.node.id, s.accountId]))).toEqual({
      'log-archive': '222222222222',
      organization: '111111111111',
      guardrails: '111111111111',
      'member-management': '111111111111',
      'member-log-archive': '222222222222',
      'member-security-tooling': '333333333333',
      'member-payments-prod': '444444444444',
      'member-sandbox': '555555555555',
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

  test.each(stacks.map((s) => [s.node.id, s] as const))('%s matches its reviewed snapshot', (_name, stack) => {
    expect(JSON.parse(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe('buildStacks with other configs', () => {
  test('puts the organization stack in the delegated administrator account when trail.accountId is set', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('examples/full.config.json'));
    expect(stacks.find((s) => s.node.id === 'organization')?.accountId).toBe('210000000003');
  });

  test('makes only the log-archive, organization and guardrails stacks when there are no members', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('examples/minimal.config.json'));
    expect(stacks.map((s) => s.node.id)).toEqual(['log-archive', 'organization', 'guardrails']);
  });

  test('gives every stack of the S3 backend its own state key', () => {
    const stacks = buildStacks(Testing.app(), shippedConfig('examples/full.config.json'));
    const keys = stacks.map((s) => JSON.parse(Testing.synth(s)).terraform.backend.s3.key as string);
    expect(new Set(keys).size).toBe(stacks.length);
    expect(keys[0]).toBe('platform/audit-logging/log-archive.tfstate');
  });
});
