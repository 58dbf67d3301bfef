import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AuditLoggingError } from '../../modules/core/errors';
import { AccountStack, NotInAccountStackError } from '../../modules/deployment/account-stack';
import { SecureBucket } from '../../modules/storage/secure-bucket';
import { type StackJson, synthJson } from '../support/stack-json';

function synth(props: Partial<ConstructorParameters<typeof AccountStack>[2]> = {}, name = 'member-payments') {
  const app = Testing.app();
  const stack = new AccountStack(app, name, { accountId: '444444444444', region: 'eu-west-1', ...props });
  const text = Testing.synth(stack);
  return { stack, json: JSON.parse(text) as StackJson, text };
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
    const providers = synthJson(stack).provider.aws as Record<string, unknown>[];
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

describe('AccountStack.of', () => {
  const stackIn = (region: string) =>
    new AccountStack(Testing.app(), 'member-payments', { accountId: '444444444444', region });

  test('finds the enclosing stack from a construct nested in other constructs', () => {
    const stack = stackIn('eu-west-1');
    const nested = new Construct(new Construct(stack, 'outer'), 'inner');
    expect(AccountStack.of(nested)).toBe(stack);
    expect(AccountStack.of(stack)).toBe(stack);
  });

  test('exposes the account, the Region and the partition of the Region', () => {
    const of = (region: string) => {
      const { accountId, partition } = AccountStack.of(new Construct(stackIn(region), 'c'));
      return [accountId, AccountStack.of(new Construct(stackIn(region), 'c')).region, partition];
    };
    expect(of('eu-west-1')).toEqual(['444444444444', 'eu-west-1', 'aws']);
    expect(of('us-gov-west-1')).toEqual(['444444444444', 'us-gov-west-1', 'aws-us-gov']);
    expect(of('cn-northwest-1')).toEqual(['444444444444', 'cn-northwest-1', 'aws-cn']);
  });

  test("formats ARNs in the stack's partition, Region and account unless told otherwise", () => {
    const stack = AccountStack.of(new Construct(stackIn('cn-north-1'), 'c'));
    expect(stack.formatArn({ service: 'sns', resource: 'alarms' })).toBe(
      'arn:aws-cn:sns:cn-north-1:444444444444:alarms',
    );
    expect(stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'deploy' })).toBe(
      'arn:aws-cn:iam::444444444444:role/deploy',
    );
    expect(stack.formatArn({ service: 's3', region: '', account: '', resource: 'bkt' })).toBe('arn:aws-cn:s3:::bkt');
    expect(
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '/aws/cloudtrail/t',
        arnFormat: 'colon',
      }),
    ).toBe('arn:aws-cn:logs:cn-north-1:444444444444:log-group:/aws/cloudtrail/t');
    expect(
      stack.formatArn({
        service: 'kms',
        region: 'cn-northwest-1',
        account: '222222222222',
        resource: 'key',
        resourceName: '*',
      }),
    ).toBe('arn:aws-cn:kms:cn-northwest-1:222222222222:key/*');
  });

  test('a construct gets the partition of its stack: a bucket in GovCloud has a GovCloud ARN', () => {
    const bucket = new SecureBucket(stackIn('us-gov-west-1'), 'b', {
      bucketName: 'evidence',
      lifecycleRules: [],
      policyStatements: [],
    });
    expect(bucket.bucketArn).toBe('arn:aws-us-gov:s3:::evidence');
  });

  test('outside an AccountStack, is an error of ours naming the construct and the fix', () => {
    const bucket = new Construct(new Construct(new TerraformStack(Testing.app(), 'plain'), 'parent'), 'bucket');
    const of = () => AccountStack.of(bucket);
    expect(of).toThrow(NotInAccountStackError);
    expect(of).toThrow(AuditLoggingError);
    expect(of).toThrow(/^plain\/parent\/bucket: is not inside an AccountStack/);
    expect(of).toThrow('Create it inside an AccountStack');
  });

  test('a construct created outside an AccountStack says so, not a wrong ARN', () => {
    expect(
      () =>
        new SecureBucket(new TerraformStack(Testing.app(), 'plain'), 'b', {
          bucketName: 'evidence',
          lifecycleRules: [],
          policyStatements: [],
        }),
    ).toThrow('plain/b: is not inside an AccountStack');
  });

  test('recognises a stack by its Symbol.for brand, not instanceof: another copy of the package agrees', () => {
    const stack = stackIn('eu-west-1');
    expect(AccountStack.isAccountStack(stack)).toBe(true);
    expect(AccountStack.isAccountStack(new TerraformStack(Testing.app(), 'plain'))).toBe(false);
    expect(AccountStack.isAccountStack(undefined)).toBe(false);

    // A stack class from another copy of the package: a different class, the same registered symbol.
    class OtherCopyAccountStack extends TerraformStack {
      public readonly accountId = '555555555555';
      public constructor(scope: Construct, id: string) {
        super(scope, id);
        Object.defineProperty(this, Symbol.for('cdktf-audit-logging.AccountStack'), { value: true });
      }
    }
    const other = new OtherCopyAccountStack(Testing.app(), 'other');
    expect(other).not.toBeInstanceOf(AccountStack);
    expect(AccountStack.isAccountStack(other)).toBe(true);
    expect(AccountStack.of(new Construct(other, 'c')).accountId).toBe('555555555555');
  });
});
