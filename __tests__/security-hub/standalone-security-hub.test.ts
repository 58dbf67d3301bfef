import { Testing } from 'cdktf';
import { StandaloneSecurityHub } from '../../modules/security-hub';
import { AccountStack } from '../../modules/deployment/account-stack';
import { configOf } from '../stacks/policy/simulate';
import { ACQUIRED, POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { resourcesOf, synthStack } from '../support/synth';
import { deployPolicy, type DeployStackJson } from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';

/*
 * Security Hub in a member outside the organization, which the audit account's central configuration
 * cannot reach: the same standards in every governed Region, a finding aggregator, and the same
 * export of the findings into the archive, from the member's own stack.
 */

const config = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: '888888888888' } });
const acquired = synthStack(config, 'member-acquired');
const all = (type: string): any[] => Object.values(resourcesOf(acquired, type));

describe('Security Hub in a member outside the organization', () => {
  test('[securityhub-central-configuration-organization-only] enabled in each governed Region with the organization settings, outside any policy', () => {
    const hubs = all('aws_securityhub_account');
    expect(hubs.map((h) => h.provider).sort()).toEqual(['aws', 'aws.us-east-1']);
    for (const hub of hubs) {
      expect(hub).toMatchObject({
        enable_default_standards: false,
        control_finding_generator: 'SECURITY_CONTROL',
        auto_enable_controls: true,
      });
    }
    expect(resourcesOf(acquired, 'aws_securityhub_configuration_policy')).toEqual({});
  });

  test("subscribes the organization's standards in each Region, with that Region's ARNs", () => {
    const arns = all('aws_securityhub_standards_subscription').map((s) => [s.provider ?? 'aws', s.standards_arn]);
    expect(arns.sort()).toEqual(
      [
        ['aws', 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0'],
        ['aws', 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0'],
        ['aws.us-east-1', 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0'],
        ['aws.us-east-1', 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0'],
      ].sort(),
    );
    for (const subscription of all('aws_securityhub_standards_subscription')) {
      expect(subscription.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_account\.security-hub_hub-/)]);
    }
  });

  test('aggregates the other Regions into the home Region, where its own stream exports them to the archive', () => {
    expect(all('aws_securityhub_finding_aggregator')).toEqual([
      expect.objectContaining({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['us-east-1'] }),
    ]);
    const [stream] = all('aws_kinesis_firehose_delivery_stream');
    expect(stream.extended_s3_configuration.bucket_arn).toBe('arn:aws:s3:::acme-audit-member-logs');
    // A folder of its own, the only place the archive lets this account's role write.
    expect(stream.extended_s3_configuration.prefix).toMatch(
      /^securityhub-findings\/outside-organization\/777777777777\/!\{timestamp:yyyy\}\//,
    );
    expect(all('aws_iam_role').map((r) => r.name)).toContain('audit-securityhub-findings-delivery');
  });

  test("[securityhub-finding-aggregator-created-in-home-region] the aggregator is created through the stack's own provider, after Security Hub in every Region", () => {
    const [aggregator] = all('aws_securityhub_finding_aggregator');
    const home = (acquired.provider.aws as { alias?: string; region: string }[]).find((p) => p.alias === undefined);
    expect(home?.region).toBe('eu-west-1');
    expect(aggregator.provider).toBeUndefined();
    expect(aggregator.specified_regions).not.toContain(home?.region);
    const hubs = Object.keys(resourcesOf(acquired, 'aws_securityhub_account'));
    expect(hubs).toHaveLength(2);
    expect([...aggregator.depends_on].sort()).toEqual(hubs.map((h) => `aws_securityhub_account.${h}`).sort());
  });

  test('[securityhub-standards-subscription-pending-then-ready] the deploy role may read subscriptions back while they are PENDING', () => {
    expect(RESOURCE_ACTIONS.aws_securityhub_standards_subscription.create).toEqual([
      'securityhub:BatchEnableStandards',
      'securityhub:GetEnabledStandards',
    ]);
    const policy = deployPolicy('member-acquired', acquired as unknown as DeployStackJson, {
      managementAccountId: '210000000001',
    });
    expect(policy.actions).toEqual(
      expect.arrayContaining(['securityhub:BatchEnableStandards', 'securityhub:GetEnabledStandards']),
    );
  });

  test('none in a member outside the organization without AWS Config (its controls would run on nothing), nor in members inside', () => {
    expect(resourcesOf(synthStack(config, 'member-sandbox'), 'aws_securityhub_account')).toEqual({});
    expect(resourcesOf(synthStack(config, 'member-payments'), 'aws_securityhub_account')).toEqual({});
  });

  test('none without audit.securityHub, and no export without audit.exportFindings', () => {
    const off = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: '888888888888', securityHub: false } });
    expect(resourcesOf(synthStack(off, 'member-acquired'), 'aws_securityhub_account')).toEqual({});
    const noExport = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: '888888888888', exportFindings: false } });
    const synth = synthStack(noExport, 'member-acquired');
    expect(resourcesOf(synth, 'aws_securityhub_account')).not.toEqual({});
    expect(resourcesOf(synth, 'aws_kinesis_firehose_delivery_stream')).toEqual({});
  });

  test('as a construct, refuses props that cannot work, naming the field', () => {
    const stack = new AccountStack(Testing.app(), 'outside', { accountId: ACQUIRED, region: 'eu-west-1' });
    const home = { region: 'eu-west-1', provider: stack.provider };
    expect(() => new StandaloneSecurityHub(stack, 'a', { regions: [] })).toThrow(
      'props.regions must name at least one Region',
    );
    expect(
      () =>
        new StandaloneSecurityHub(stack, 'b', {
          regions: [{ region: 'us-east-1', provider: stack.providerForRegion('us-east-1') }],
        }),
    ).toThrow("props.regions must include the stack's Region eu-west-1");
    expect(() => new StandaloneSecurityHub(stack, 'c', { regions: [home, home] })).toThrow(
      'props.regions[1] "eu-west-1" repeats',
    );
    expect(() => new StandaloneSecurityHub(stack, 'd', { regions: [home], standards: [] })).toThrow(
      'props.standards must name at least one standard',
    );
    expect(
      () =>
        new StandaloneSecurityHub(stack, 'e', {
          regions: [home],
          standards: ['pci-dss/v/3.2.1' as 'cis-aws-foundations-benchmark/v/5.0.0'],
        }),
    ).toThrow('props.standards[0]');
  });
});
