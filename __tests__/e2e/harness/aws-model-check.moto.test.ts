import * as path from 'path';
import { CreateLogGroupCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateDataSetCommand, QuickSightClient } from '@aws-sdk/client-quicksight';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeHubCommand,
  DisableOrganizationAdminAccountCommand,
  DisableSecurityHubCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describeModelCheck, MotoServer, startMoto } from '../../../e2e/harness/moto';
import { tempDir } from '../../support/synth';

/*
 * e2e/harness/aws_model_check.py: the harness's moto checks every signed request against botocore's
 * model of its operation and refuses, as AWS's validation does, one that breaks a constraint. Each
 * kind of constraint is shown on a real operation, in each protocol the stacks' services speak
 * (json, rest-json, rest-xml, query, ec2), with the SDK clients the toolkit uses: SDK v3 checks no
 * constraint on the client side, so each request reaches the server as written.
 */

jest.setTimeout(120_000);

let moto: MotoServer;
const ACCOUNT = '123456789012';

beforeAll(async () => {
  moto = await startMoto(path.join(tempDir('aws-model-check-'), 'moto.log'));
});

afterAll(async () => {
  // Refusals are what these tests make: the report's exit code is not for them.
  await moto?.stop({ quiet: true });
});

const options = () => ({
  endpoint: moto.endpoint,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

/** The error `send` fails with: its name and message. */
async function refusal(send: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await send();
  } catch (error) {
    const e = error as { name: string; message: string };
    return { name: e.name, message: e.message };
  }
  throw new Error('the request was accepted');
}

const dataSet = (physicalTableIds: string[]) =>
  new CreateDataSetCommand({
    AwsAccountId: ACCOUNT,
    DataSetId: 'cloudtrail-events',
    Name: 'CloudTrail events',
    ImportMode: 'DIRECT_QUERY',
    PhysicalTableMap: Object.fromEntries(
      physicalTableIds.map((id) => [
        id,
        {
          CustomSql: {
            DataSourceArn: `arn:aws:quicksight:eu-west-1:${ACCOUNT}:datasource/athena`,
            Name: 'events',
            SqlQuery: 'SELECT 1',
          },
        },
      ]),
    ),
  });

describe('each kind of constraint, refused as AWS refuses it', () => {
  test('a pattern on a map key (rest-json): a QuickSight physical table id with an underscore', async () => {
    const refused = await refusal(() => new QuickSightClient(options()).send(dataSet(['cloudtrail_events'])));
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toBe(
      "1 validation error detected: Value 'cloudtrail_events' at 'physicalTableMap.key' failed to satisfy constraint: " +
        'Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9a-zA-Z-]*]',
    );
  });

  test('a map size (rest-json): 33 physical tables where the model allows 32', async () => {
    const ids = Array.from({ length: 33 }, (_, i) => `table-${i}`);
    const refused = await refusal(() => new QuickSightClient(options()).send(dataSet(ids)));
    expect(refused.message).toContain(
      "at 'physicalTableMap' failed to satisfy constraint: Member must have length less than or equal to 32",
    );
  });

  test('an enum (rest-json): Security Hub control findings of a kind that does not exist', async () => {
    const refused = await refusal(() =>
      new SecurityHubClient(options()).send(
        new EnableSecurityHubCommand({ ControlFindingGenerator: 'PER_CONTROL' as never }),
      ),
    );
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toContain(
      "Value 'PER_CONTROL' at 'controlFindingGenerator' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD_CONTROL, SECURITY_CONTROL]",
    );
  });

  test('an enum inside an XML payload (rest-xml): S3 versioning neither Enabled nor Suspended', async () => {
    const s3 = new S3Client({ ...options(), forcePathStyle: true });
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'model-check',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const refused = await refusal(() =>
      s3.send(
        new PutBucketVersioningCommand({ Bucket: 'model-check', VersioningConfiguration: { Status: 'On' as never } }),
      ),
    );
    expect(refused.message).toContain(
      "Value 'On' at 'versioningConfiguration.status' failed to satisfy constraint: Member must satisfy enum value set: [Enabled, Suspended]",
    );
  });

  test('a pattern (json): a CloudWatch Logs group name with a space', async () => {
    const refused = await refusal(() =>
      new CloudWatchLogsClient(options()).send(new CreateLogGroupCommand({ logGroupName: 'audit trail' })),
    );
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toContain(
      "Value 'audit trail' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
  });

  test('a maximum length (query): an IAM role name of 65 characters', async () => {
    const refused = await refusal(() =>
      new IAMClient(options()).send(
        new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: '{}' }),
      ),
    );
    expect(refused.name).toBe('ValidationError');
    expect(refused.message).toContain(
      `at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  test('a list size (query): 51 tags on an IAM role where the model allows 50', async () => {
    const Tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const refused = await refusal(() =>
      new IAMClient(options()).send(
        new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: '{}', Tags }),
      ),
    );
    expect(refused.message).toContain(
      "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  });

  test('a minimum length (query): an STS session name of one character', async () => {
    const refused = await refusal(() =>
      new STSClient(options()).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 'x' }),
      ),
    );
    expect(refused.message).toContain(
      "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  test('a maximum value (json): Organizations ListAccounts with MaxResults 21 where the model allows 20', async () => {
    const refused = await refusal(() =>
      new OrganizationsClient(options()).send(new ListAccountsCommand({ MaxResults: 21 })),
    );
    expect(refused.message).toContain(
      "Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
    );
  });

  test('a minimum value (ec2): DescribeVpcs with MaxResults 4 where the model wants 5 or more', async () => {
    const refused = await refusal(() => new EC2Client(options()).send(new DescribeVpcsCommand({ MaxResults: 4 })));
    expect(refused.name).toBe('InvalidParameterValue');
    expect(refused.message).toContain(
      "Value '4' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 5",
    );
  });

  test('a required member (json): a Glue database without its name', async () => {
    const refused = await refusal(() =>
      new GlueClient(options()).send(new CreateDatabaseCommand({ DatabaseInput: {} as never })),
    );
    expect(refused.message).toContain(
      "Value 'null' at 'databaseInput.name' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("the harness's emulation applies what AWS does on its own (modules/core/aws-facts.ts)", () => {
  test('[securityhub-admin-designation-enables-hub] [securityhub-admin-designation-registers-delegated-administrator] designating the administrator registers it in Organizations and enables its hub there; EnableSecurityHub is then refused', async () => {
    const organizations = new OrganizationsClient(options());
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const admin = '710000000099';
    await organizations.send(
      new CreateAccountCommand({
        AccountName: 'audit',
        Email: 'audit@example.com',
        Tags: [{ Key: 'e2e:AccountId', Value: admin }],
      }),
    );
    const securityHubAdministrators = async () =>
      (
        await organizations.send(
          new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'securityhub.amazonaws.com' }),
        )
      ).DelegatedAdministrators?.map((a) => a.Id);
    // Before: no one (moto 5.2.1 answered "You specified an unrecognized service principal").
    expect(await securityHubAdministrators()).toEqual([]);
    await new SecurityHubClient(options()).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: admin }));
    expect(await securityHubAdministrators()).toEqual([admin]);
    const assumed = await new STSClient(options()).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${admin}:role/deploy`, RoleSessionName: 'emulation' }),
    );
    const asAdmin = new SecurityHubClient({
      ...options(),
      credentials: {
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken,
      },
    });
    const hub = await asAdmin.send(new DescribeHubCommand({}));
    expect(hub.HubArn).toBe(`arn:aws:securityhub:eu-west-1:${admin}:hub/default`);
    const refused = await refusal(() => asAdmin.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false })));
    expect(refused).toEqual({
      name: 'ResourceConflictException',
      message: 'Account is already subscribed to Security Hub',
    });
  });

  test("[securityhub-administrator-hub-cannot-be-disabled] [securityhub-api-removal-keeps-organizations-registration] the administrator's hub is disabled only once its designation is removed, which leaves it registered in Organizations", async () => {
    // An organization of its own, so that this test does not depend on the one above.
    const as = async (account: string) => {
      const assumed = await new STSClient(options()).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/deploy`, RoleSessionName: 'removal' }),
      );
      return {
        ...options(),
        credentials: {
          accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
          secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
          sessionToken: assumed.Credentials?.SessionToken,
        },
      };
    };
    const management = await as('720000000001');
    const organizations = new OrganizationsClient(management);
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const admin = '720000000002';
    await organizations.send(
      new CreateAccountCommand({
        AccountName: 'audit',
        Email: 'audit-removal@example.com',
        Tags: [{ Key: 'e2e:AccountId', Value: admin }],
      }),
    );
    const securityHub = new SecurityHubClient(management);
    await securityHub.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: admin }));
    const asAdmin = new SecurityHubClient(await as(admin));

    const refused = await refusal(() => asAdmin.send(new DisableSecurityHubCommand({})));
    expect(refused.name).toBe('InvalidInputException');
    // The words the AWS provider retries on, then the model's sentence.
    expect(refused.message).toContain('Cannot disable Security Hub on the Security Hub administrator');
    expect(refused.message).toContain(
      "you can't disable Security Hub CSPM in an account that is currently the Security Hub CSPM administrator",
    );
    expect((await asAdmin.send(new DescribeHubCommand({}))).HubArn).toBe(
      `arn:aws:securityhub:eu-west-1:${admin}:hub/default`,
    );

    await securityHub.send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: admin }));
    // Security Hub's own removal leaves Organizations' registration: removal.md deregisters it.
    const registered = await organizations.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'securityhub.amazonaws.com' }),
    );
    expect(registered.DelegatedAdministrators?.map((a) => a.Id)).toEqual([admin]);
    await asAdmin.send(new DisableSecurityHubCommand({}));
    expect((await refusal(() => asAdmin.send(new DescribeHubCommand({})))).name).toBe('InvalidAccessException');
  });
});

/** Credentials of a role session in `account` (moto gives a session the account of its role). */
async function sessionIn(account: string) {
  const assumed = await new STSClient(options()).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/deploy`, RoleSessionName: 'emulation' }),
  );
  return {
    accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
    secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
    sessionToken: assumed.Credentials?.SessionToken,
  };
}

describe("the harness's emulation reads a value back where AWS keeps it (modules/core/aws-facts.ts)", () => {
  test('[cloudtrail-kms-key-read-back-as-key-arn] [kms-describe-key-other-account-by-alias-arn] a key of another account is described by its alias ARN only when its policy allows the caller', async () => {
    const trailAccount = '710000000011';
    const kms = new KMSClient(options());
    const key = await kms.send(
      new CreateKeyCommand({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Owner',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'TrailAccountsDescribeKey',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${trailAccount}:root` },
              Action: 'kms:DescribeKey',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/audit-logs', TargetKeyId: key.KeyMetadata?.KeyId }));
    const aliasArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/audit-logs`;
    const asTrailAccount = new KMSClient({ ...options(), credentials: await sessionIn(trailAccount) });
    const described = await asTrailAccount.send(new DescribeKeyCommand({ KeyId: aliasArn }));
    expect(described.KeyMetadata?.Arn).toBe(key.KeyMetadata?.Arn);
    expect(described.KeyMetadata?.Arn).toMatch(new RegExp(`^arn:aws:kms:eu-west-1:${ACCOUNT}:key/[0-9a-f-]{36}$`));
    const asOther = new KMSClient({ ...options(), credentials: await sessionIn('710000000012') });
    expect((await refusal(() => asOther.send(new DescribeKeyCommand({ KeyId: aliasArn })))).name).toBe(
      'AccessDeniedException',
    );
    const missing = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/no-such-key`;
    expect((await refusal(() => asTrailAccount.send(new DescribeKeyCommand({ KeyId: missing })))).name).toBe(
      'NotFoundException',
    );
  });
});

describe('what passes, and the report', () => {
  test("a valid request reaches moto, and a Java pattern with a surrogate-pair range is read (Glue's names)", async () => {
    await new GlueClient(options()).send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'audit_logs' } }));
    await new S3Client({ ...options(), forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: 'model-check', Key: 'a key/with spaces', Body: 'x' }),
    );
    const report = await moto.modelCheck();
    expect(report.byOperation['glue CreateDatabase']).toBe(2);
    expect(report.byOperation['s3 PutObject']).toBe(1);
    expect(report.uncheckedPatterns).toEqual({});
    expect(report.unresolved).toEqual({});
  });

  test("CloudTrail's short X-Amz-Target (CloudTrail_20131101.<Operation>, as the SDKs send it) is found in its model", async () => {
    const response = await fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CloudTrail_20131101.DescribeTrails',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20261125/eu-west-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const report = await moto.modelCheck();
    expect(report.byOperation['cloudtrail DescribeTrails']).toBe(1);
    expect(report.unresolved).toEqual({});
  });

  test('an unsigned request (moto’s own API) is neither checked nor counted', async () => {
    const before = (await moto.modelCheck()).requests;
    const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
    expect(response.ok).toBe(true);
    expect((await moto.modelCheck()).requests).toBe(before);
  });

  test('the report names every refused request by service, operation, member, value and constraint', async () => {
    const report = await moto.modelCheck();
    expect(report.botocore).toMatch(/^1\.\d+\.\d+$/);
    // The eleven refusals of the first describe, in file order.
    expect(report.refusedRequests).toBe(11);
    const text = describeModelCheck(report);
    expect(text).toMatch(
      /^model check: \d+ requests of \d+ operations checked against botocore 1\.\d+\.\d+'s service models; 11 refused/,
    );
    expect(text).toContain(
      '  refused quicksight CreateDataSet: PhysicalTableMap.key = "cloudtrail_events": Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9a-zA-Z-]*]',
    );
    expect(text).toContain('  refused glue CreateDatabase: DatabaseInput.Name = null: Member must not be null');
  });
});
