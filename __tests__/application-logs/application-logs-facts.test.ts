import { configOf } from '../stacks/policy/simulate';
import { ARCHIVE, POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { resourcesOf, synthStack } from '../support/synth';

/*
 * The facts about CloudWatch Logs and Firehose the application logs delivery rests on
 * (modules/core/aws-facts-application-logs.ts), each pinned on the synthesized stacks.
 */

const config = configOf({ ...POLICY_TEST_CONFIG, applicationLogs: { enabled: true } });
const archive = synthStack(config, 'log-archive');
const member = synthStack(config, 'member-payments');
const all = (stack: ReturnType<typeof synthStack>, type: string): [string, any][] =>
  Object.entries(resourcesOf(stack, type));

describe('application logs: the facts they rest on', () => {
  test("[logs-destination-test-message-at-creation] each destination is created after its role's policy and its stream", () => {
    const destinations = all(archive, 'aws_cloudwatch_log_destination');
    expect(destinations).toHaveLength(2);
    for (const [, destination] of destinations) {
      const region = destination.provider === 'aws' ? 'eu-west-1' : 'us-east-1';
      expect(destination.depends_on).toEqual([
        expect.stringMatching(new RegExp(`^aws_iam_role_policy\\.application-logs_destination-policy-${region}_`)),
      ]);
      expect(destination.target_arn).toMatch(
        new RegExp(`^\\$\\{aws_kinesis_firehose_delivery_stream\\.application-logs_stream-${region}_[^.]+\\.arn\\}$`),
      );
    }
  });

  test("[logs-destination-same-region-as-senders] a destination in every governed Region, and each member Region's policy names its own Region's", () => {
    const regionOf = (provider: string | undefined) => (provider === 'aws.us-east-1' ? 'us-east-1' : 'eu-west-1');
    for (const [, policy] of all(member, 'aws_cloudwatch_log_account_policy')) {
      expect(JSON.parse(policy.policy_document).DestinationArn).toBe(
        `arn:aws:logs:${regionOf(policy.provider)}:${ARCHIVE}:destination:audit-application-logs`,
      );
    }
    // Every stream is in the home Region (the stack's own provider), whatever the destination's Region.
    for (const [, stream] of all(archive, 'aws_kinesis_firehose_delivery_stream'))
      expect(stream.provider).toBeUndefined();
  });

  test('[logs-destination-account-grant-needs-no-sender-role] the member names no role, and builds none for the delivery', () => {
    for (const [, policy] of all(member, 'aws_cloudwatch_log_account_policy')) {
      expect(Object.keys(JSON.parse(policy.policy_document)).sort()).toEqual(['DestinationArn', 'FilterPattern']);
    }
    expect(all(member, 'aws_iam_role').filter(([, r]) => String(r.name).includes('application-logs'))).toEqual([]);
  });

  test('[logs-account-policy-covers-future-log-groups] one account-level policy covers every log group: no subscription filter per log group', () => {
    expect(all(member, 'aws_cloudwatch_log_account_policy').every(([, p]) => p.scope === 'ALL')).toBe(true);
    expect(resourcesOf(member, 'aws_cloudwatch_log_subscription_filter')).toEqual({});
  });

  test('[logs-account-policy-one-per-region] one policy per Region, the same name in each', () => {
    const policies = all(member, 'aws_cloudwatch_log_account_policy').map(([, p]) => [
      p.provider ?? 'aws',
      p.policy_name,
    ]);
    expect(policies.sort()).toEqual([
      ['aws', 'audit-application-logs'],
      ['aws.us-east-1', 'audit-application-logs'],
    ]);
  });

  test("[logs-subscription-envelope-names-no-region] the Region of a record comes from its stream's prefix, the account from the envelope's owner", () => {
    for (const [name, stream] of all(archive, 'aws_kinesis_firehose_delivery_stream')) {
      const region = name.includes('us-east-1') ? 'us-east-1' : 'eu-west-1';
      expect(stream.extended_s3_configuration.prefix).toContain(`/!{partitionKeyFromQuery:account}/${region}/`);
      expect(JSON.stringify(stream.extended_s3_configuration.processing_configuration)).toContain('{account:.owner}');
    }
  });

  test('[firehose-dynamic-partitioning-at-creation-only] the streams are created partitioning, and nothing turns it off', () => {
    for (const [, stream] of all(archive, 'aws_kinesis_firehose_delivery_stream')) {
      expect(stream.extended_s3_configuration.dynamic_partitioning_configuration).toEqual({
        enabled: true,
        retry_duration: 300,
      });
    }
  });
});
