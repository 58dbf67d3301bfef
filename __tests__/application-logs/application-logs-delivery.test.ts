import { Testing } from 'cdktf';
import {
  ApplicationLogsDelivery,
  DESTINATION_POLICY_MAX_BYTES,
  destinationRoleTrustPolicy,
} from '../../modules/application-logs';
import { AWS_DOCUMENT_LIMITS, policySize } from '../../modules/core/aws-limits';
import { AccountStack } from '../../modules/deployment/account-stack';
import { configOf } from '../stacks/policy/simulate';
import { ACQUIRED, ARCHIVE, PAYMENTS, POLICY_TEST_CONFIG, SANDBOX } from '../stacks/policy/log-archive-cases';
import { resourcesOf, synthStack } from '../support/synth';
import { synthJson } from '../support/stack-json';

/*
 * Where the application logs arrive in the log archive: a destination per governed Region, a stream
 * per Region in the home Region that unzips the envelopes and partitions them by account, and the
 * roles between them.
 */

const config = configOf({ ...POLICY_TEST_CONFIG, applicationLogs: { enabled: true, optedOutMembers: ['tooling'] } });
const archive = synthStack(config, 'log-archive');
const all = (type: string): any[] => Object.values(resourcesOf(archive, type));

describe("the log archive's application logs delivery", () => {
  test('a destination in each governed Region, all named the same, each with its own role and stream', () => {
    const destinations = all('aws_cloudwatch_log_destination');
    expect(destinations.map((d) => [d.provider, d.name]).sort()).toEqual([
      ['aws', 'audit-application-logs'],
      ['aws.us-east-1', 'audit-application-logs'],
    ]);
    const streams = all('aws_kinesis_firehose_delivery_stream').filter((s) =>
      s.name.startsWith('audit-application-logs-'),
    );
    expect(streams.map((s) => [s.name, s.provider])).toEqual([
      ['audit-application-logs-eu-west-1', undefined],
      ['audit-application-logs-us-east-1', undefined],
    ]);
  });

  test('each stream unzips, partitions by the sending account and writes JSON lines under its Region', () => {
    const [stream] = all('aws_kinesis_firehose_delivery_stream').filter(
      (s) => s.name === 'audit-application-logs-us-east-1',
    );
    const s3 = stream.extended_s3_configuration;
    expect(s3.bucket_arn).toBe('arn:aws:s3:::acme-audit-member-logs');
    expect(s3.prefix).toBe(
      'application-logs/!{partitionKeyFromQuery:account}/us-east-1/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/',
    );
    expect(s3.error_output_prefix).toMatch(/^application-logs\/errors\/us-east-1\/!\{firehose:error-output-type\}\//);
    expect(s3.processing_configuration.processors.map((p: { type: string }) => p.type)).toEqual([
      'Decompression',
      'MetadataExtraction',
      'AppendDelimiterToRecord',
    ]);
    expect(s3.processing_configuration.processors[1].parameters).toContainEqual({
      parameter_name: 'MetadataExtractionQuery',
      parameter_value: '{account:.owner}',
    });
    expect(s3.compression_format).toBe('GZIP');
    expect(s3.buffering_interval).toBe(300);
  });

  test('the access policies name the sending accounts: not the opted-out member, not the archive', () => {
    const policies = all('aws_cloudwatch_log_destination_policy');
    // One per destination, so one per governed Region: a loop over none would assert nothing.
    expect(policies).toHaveLength(config.governedRegions.length);
    for (const { access_policy } of policies) {
      expect(JSON.parse(access_policy).Statement[0].Principal.AWS).toEqual(
        [ACQUIRED, PAYMENTS, SANDBOX].sort().map((a) => `arn:aws:iam::${a}:root`),
      );
    }
  });

  test('a Glue table over them, projected by account, Region and day, and their saved queries in the workgroup', () => {
    const [table] = all('aws_glue_catalog_table').filter((t) => t.name === 'application_logs');
    expect(table.storage_descriptor.location).toBe('s3://acme-audit-member-logs/application-logs/');
    expect(table.partition_keys.map((k: { name: string }) => k.name)).toEqual(['account', 'region', 'day']);
    expect(table.parameters).toMatchObject({
      'projection.account.values': [ACQUIRED, PAYMENTS, SANDBOX].sort().join(','),
      'projection.region.values': 'eu-west-1,us-east-1',
      'storage.location.template': 's3://acme-audit-member-logs/application-logs/$${account}/$${region}/$${day}',
    });
    const queries = all('aws_athena_named_query').filter((q) => q.name.startsWith('application-'));
    expect(queries.map((q) => q.name).sort()).toEqual([
      'application-errors-by-log-group',
      'application-loudest-log-groups',
      'application-request-across-accounts',
    ]);
    for (const q of queries) expect(q.query).toContain('FROM application_logs CROSS JOIN UNNEST(logevents)');
  });

  test('without a sending member (all opted out), the log archive builds none of it', () => {
    const none = configOf({
      ...POLICY_TEST_CONFIG,
      applicationLogs: { enabled: true, optedOutMembers: ['payments', 'sandbox', 'tooling', 'acquired'] },
    });
    const noneArchive = synthStack(none, 'log-archive');
    expect(resourcesOf(noneArchive, 'aws_cloudwatch_log_destination')).toEqual({});
    expect(Object.values(resourcesOf(noneArchive, 'aws_glue_catalog_table')).map((t: any) => t.name)).not.toContain(
      'application_logs',
    );
  });
});

describe('ApplicationLogsDelivery as a construct', () => {
  const stack = () => new AccountStack(Testing.app(), 'log-archive', { accountId: ARCHIVE, region: 'eu-west-1' });
  const props = (s: AccountStack, senderAccountIds: string[]) => ({
    regions: [{ region: 'eu-west-1', provider: s.provider }],
    senderAccountIds,
    organizationId: 'o-abcdefghij',
    bucketArn: 'arn:aws:s3:::b',
    prefix: 'application-logs',
    deployRoleArn: `arn:aws:iam::${ARCHIVE}:role/deploy`,
  });
  const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

  test('refuses its own account, a malformed id, no sender and a buffer Firehose refuses, naming the field', () => {
    const s = stack();
    expect(() => new ApplicationLogsDelivery(s, 'a', props(s, [ARCHIVE]))).toThrow(
      `props.senderAccountIds[0] ${ARCHIVE} is this stack's account`,
    );
    expect(() => new ApplicationLogsDelivery(s, 'b', props(s, ['1234']))).toThrow(
      'props.senderAccountIds[0] "1234" is not a 12-digit account id',
    );
    expect(() => new ApplicationLogsDelivery(s, 'c', props(s, []))).toThrow('props.senderAccountIds names no account');
    expect(() => new ApplicationLogsDelivery(s, 'd', { ...props(s, [PAYMENTS]), bufferingSeconds: 1000 })).toThrow(
      'props.bufferingSeconds 1000 must be a whole number of seconds from 60 to 900',
    );
  });

  test('[logs-destination-policy-limit] [logs-destination-policy-force-update] senders by id while they fit the access policy, the organization beyond (forced); refuses a trust AWS would refuse, saying how to fix it', () => {
    const accessPolicies = (senders: number) => {
      const alone = stack();
      const delivery = new ApplicationLogsDelivery(alone, 'd', props(alone, accounts(senders)));
      const synthesized = synthJson(alone) as any;
      return {
        grant: delivery.grant,
        policies: Object.values(synthesized.resource.aws_cloudwatch_log_destination_policy) as any[],
      };
    };
    // Each sender is one principal of the access policy (5,120 bytes): 140 fit, 150 do not.
    const fits = accessPolicies(140);
    expect(fits.grant).toBe('accounts');
    expect(fits.policies.map((p) => p.force_update)).toEqual([undefined]);
    const large = accessPolicies(150);
    expect(large.grant).toBe('organization');
    expect(large.policies.map((p) => p.force_update)).toEqual([true]);
    expect(policySize(large.policies[0].access_policy)).toBeLessThanOrEqual(DESTINATION_POLICY_MAX_BYTES);
    const s = stack();
    // In the organization, the trust is one condition whatever their number; outside it, one ARN each.
    const outside = accounts(60);
    expect(
      () => new ApplicationLogsDelivery(s, 'trust', { ...props(s, outside), outsideSenderAccountIds: outside }),
    ).toThrow(
      /60 senders outside the organization make the trust policy of the destination role in eu-west-1 \d+ characters, over IAM's 2048/,
    );
    expect(
      () => new ApplicationLogsDelivery(s, 'stray', { ...props(s, [PAYMENTS]), outsideSenderAccountIds: [SANDBOX] }),
    ).toThrow(`props.outsideSenderAccountIds[0] "${SANDBOX}" is not one of senderAccountIds`);
    expect(() => new ApplicationLogsDelivery(s, 'org', { ...props(s, [PAYMENTS]), organizationId: 'org-1' })).toThrow(
      'props.organizationId "org-1" is not an organization id',
    );
    expect(DESTINATION_POLICY_MAX_BYTES).toBe(5120);
  });

  test('[logs-destination-policy-limit] at 1,000 senders, 34 of them outside the organization, every access policy fits: the organization and the 34 by id', () => {
    const s = stack();
    const senders = accounts(1000);
    const delivery = new ApplicationLogsDelivery(s, 'thousand', {
      ...props(s, senders),
      regions: [
        { region: 'eu-west-1', provider: s.provider },
        { region: 'ap-southeast-2', provider: s.provider },
      ],
      outsideSenderAccountIds: senders.slice(0, 34),
    });
    expect(delivery.grant).toBe('organization');
    const policies = Object.values(
      (synthJson(s) as any).resource.aws_cloudwatch_log_destination_policy as Record<string, any>,
    );
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const size = policySize(policy.access_policy);
      expect(size).toBeLessThanOrEqual(DESTINATION_POLICY_MAX_BYTES);
      const document = JSON.parse(policy.access_policy);
      expect(document.Statement.map((st: any) => st.Sid)).toEqual([
        'OrganizationSendersSubscribe',
        'OutsideSendersSubscribe',
      ]);
      expect(document.Statement[0].Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } });
      expect(document.Statement[1].Principal.AWS).toHaveLength(34);
    }
  });

  test('[logs-destination-role-source-arn-and-org-id] at 1,000 senders of the organization, each trust keeps its size: one condition on the organization and the Region', () => {
    const trust = (senders: number, outside: number) =>
      destinationRoleTrustPolicy({
        partition: 'aws',
        region: 'ap-southeast-2',
        organizationId: 'o-abcdefghij',
        outsideSenderAccountIds: accounts(senders).slice(0, outside),
      });
    const inOrganization = policySize(trust(1000, 0));
    expect(inOrganization).toBe(policySize(trust(1, 0)));
    expect(inOrganization).toBeLessThanOrEqual(AWS_DOCUMENT_LIMITS['iam-trust-policy']);
    expect(inOrganization).toBe(303);
    // Senders outside the organization are named one ARN each: 34 fit beside the organization's, 35 do not.
    expect(policySize(trust(1000, 34))).toBeLessThanOrEqual(AWS_DOCUMENT_LIMITS['iam-trust-policy']);
    expect(policySize(trust(1000, 35))).toBeGreaterThan(AWS_DOCUMENT_LIMITS['iam-trust-policy']);
  });
});
