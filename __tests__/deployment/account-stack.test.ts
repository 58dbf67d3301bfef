import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import { AccountStack } from '../../modules/deployment/account-stack';

function synth(props: Partial<ConstructorParameters<typeof AccountStack>[2]> = {}, name = 'member-payments') {
  const app = Testing.app();
  const stack = new AccountStack(app, name, { accountId: '444444444444', region: 'eu-west-1', ...props });
  return { stack, json: JSON.parse(Testing.synth(stack)) as Record<string, any>, text: Testing.synth(stack) };
}

describe('AccountStack', () => {
  test('assumes the deploy role in its own account and refuses any other account', () => {
    expect(synth().text).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      allowed_account_ids: ['444444444444'],
      assume_role: [
        {
          role_arn: 'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole',
          session_name: 'cdktf-audit-member-payments',
        },
      ],
    });
  });

  test('uses the given deploy role name and the partition of the Region', () => {
    expect(synth({ region: 'cn-north-1', deployRoleName: 'Deployer' }).text).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [expect.objectContaining({ role_arn: 'arn:aws-cn:iam::444444444444:role/Deployer' })],
    });
  });

  test('tags every resource with ManagedBy and Stack, after the user tags', () => {
    expect(synth({ tags: { CostCenter: 'sec' } }).text).toHaveProviderWithProperties(AwsProvider, {
      default_tags: [{ tags: { CostCenter: 'sec', ManagedBy: 'cdktf-audit-logging', Stack: 'member-payments' } }],
    });
  });

  test('gives another Region of the same account a provider with the same role, guard and tags', () => {
    const app = Testing.app();
    const stack = new AccountStack(app, 'log-archive', { accountId: '222222222222', region: 'eu-west-1' });
    const replica = stack.providerForRegion('eu-central-1');
    expect(stack.providerForRegion('eu-central-1')).toBe(replica);
    expect(stack.providerForRegion('eu-west-1')).toBe(stack.provider);
    const providers = JSON.parse(Testing.synth(stack)).provider.aws as Record<string, unknown>[];
    expect(providers).toHaveLength(2);
    const { alias, region, ...rest } = providers[1];
    expect([alias, region]).toEqual(['eu-central-1', 'eu-central-1']);
    expect(rest).toEqual(Object.fromEntries(Object.entries(providers[0]).filter(([key]) => key !== 'region')));
  });

  test('keeps local state at the project root, by a path that is the same on every machine', () => {
    expect(synth().json.terraform.backend).toEqual({ local: { path: '../../../terraform.member-payments.tfstate' } });
  });

  test('uses an S3 backend with native locking, its own key and the state role when a bucket is given', () => {
    const { json } = synth({
      stateBackend: {
        bucket: 'state',
        region: 'eu-central-1',
        keyPrefix: 'platform',
        roleArn: 'arn:aws:iam::999999999999:role/state',
      },
    });
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'state',
        region: 'eu-central-1',
        key: 'platform/member-payments.tfstate',
        encrypt: true,
        use_lockfile: true,
        assume_role: {
          role_arn: 'arn:aws:iam::999999999999:role/state',
          session_name: 'cdktf-audit-state-member-payments',
        },
      },
    });
  });

  test('defaults the state key prefix and uses the caller credentials without a state role', () => {
    const { json } = synth({ stateBackend: { bucket: 'state', region: 'eu-west-1' } });
    expect(json.terraform.backend.s3.key).toBe('cdktf-audit-logging/member-payments.tfstate');
    expect(json.terraform.backend.s3).not.toHaveProperty('assume_role');
  });

  test('exposes its account and Region', () => {
    const { stack } = synth();
    expect([stack.accountId, stack.region]).toEqual(['444444444444', 'eu-west-1']);
  });

  test('keeps session names within the 64 characters STS allows', () => {
    const { json } = synth({}, `member-${'a'.repeat(60)}`);
    expect(json.provider.aws[0].assume_role[0].session_name).toHaveLength(64);
  });
});
