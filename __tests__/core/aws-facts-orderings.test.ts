import { resourcesOf, synthStack } from '../support/synth';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf } from '../stacks/policy/simulate';

/*
 * What must exist first, as AWS documents it (modules/core/aws-facts.ts), in the stacks as
 * synthesized: a plan-time precondition or a dependency for each ordering AWS enforces at apply time.
 */

const AUDIT = '888888888888';
const config = configOf({
  ...POLICY_TEST_CONFIG,
  audit: { accountId: AUDIT },
  logArchive: { ...POLICY_TEST_CONFIG.logArchive, replication: { region: 'eu-central-1' } },
});

describe('[securityhub-designation-needs-trusted-access] the Security Hub designation waits for trusted access', () => {
  const delegation = synthStack(config, 'audit-delegation');
  const designation = Object.values(resourcesOf(delegation, 'aws_securityhub_organization_admin_account'));

  test('the designation checks at plan time that securityhub.amazonaws.com has trusted access', () => {
    expect(designation).toHaveLength(1);
    const checks = designation[0].lifecycle.precondition as { condition: string; error_message: string }[];
    const trusted = checks.filter((c) => c.condition.includes('aws_service_access_principals'));
    expect(trusted).toHaveLength(1);
    expect(trusted[0].condition).toContain('"securityhub.amazonaws.com"');
    expect(trusted[0].error_message).toContain(
      'aws organizations enable-aws-service-access --service-principal securityhub.amazonaws.com',
    );
  });
});

describe('[config-start-recorder-needs-channel] each recorder starts only after its Region has a delivery channel', () => {
  const member = synthStack(config, 'member-payments');
  const recorders = resourcesOf(member, 'aws_config_configuration_recorder');
  const channels = resourcesOf(member, 'aws_config_delivery_channel');
  const statuses = resourcesOf(member, 'aws_config_configuration_recorder_status');

  test('one recorder status per governed Region, each depending on the channel of its own Region', () => {
    expect(Object.keys(statuses)).toHaveLength(config.governedRegions.length);
    for (const status of Object.values(statuses)) {
      const channel = Object.entries(channels).find(([, c]) => c.provider === status.provider);
      expect(status.is_enabled).toBe(true);
      expect(status.depends_on).toContain(`aws_config_delivery_channel.${channel?.[0] ?? 'missing'}`);
    }
  });

  test('and each channel depends on the recorder of its Region (config-delivery-channel-needs-recorder)', () => {
    for (const channel of Object.values(channels)) {
      const recorder = Object.entries(recorders).find(([, r]) => r.provider === channel.provider);
      expect(channel.depends_on).toContain(`aws_config_configuration_recorder.${recorder?.[0] ?? 'missing'}`);
    }
  });
});

describe('[s3-access-log-target-same-account-and-region] access logs go only to a bucket of the same account and Region', () => {
  const archive = synthStack(config, 'log-archive');
  const buckets = resourcesOf(archive, 'aws_s3_bucket');
  const logging = Object.values(resourcesOf(archive, 'aws_s3_bucket_logging'));
  const bucketOf = (reference: string) => {
    const match = /^\$\{aws_s3_bucket\.([^.]+)\.(id|bucket)\}$/.exec(reference);
    if (match === null) throw new Error(`not a bucket reference: ${reference}`);
    return buckets[match[1]];
  };
  const accessLogBucket = Object.values(buckets).find((b) => b.bucket === 'acme-audit-access-logs');

  test('every logged bucket of the stack logs into its access-log bucket, through the same provider (Region)', () => {
    expect(accessLogBucket).toBeDefined();
    expect(logging.length).toBeGreaterThanOrEqual(2);
    for (const entry of logging) {
      expect(entry.target_bucket).toBe('acme-audit-access-logs');
      expect(entry.provider).toBe(accessLogBucket.provider);
      expect(bucketOf(entry.bucket).provider).toBe(accessLogBucket.provider);
    }
  });

  test('the replica bucket, in another Region, has no access logging', () => {
    const replicas = Object.entries(buckets).filter(([, b]) => b.provider !== accessLogBucket.provider);
    expect(replicas.map(([, b]) => b.bucket)).toEqual(['acme-audit-replica']);
    const loggedBuckets = logging.map((entry) => String(entry.bucket));
    for (const [address] of replicas) expect(loggedBuckets.some((b) => b.includes(`.${address}.`))).toBe(false);
  });
});
