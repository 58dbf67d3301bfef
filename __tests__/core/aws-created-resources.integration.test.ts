import * as fs from 'fs';
import * as path from 'path';
import { AWS_CREATED_RESOURCES, causesIn } from '../../modules/core/aws-created-resources';
import { awsCreatedSteps, removalTargets, type StackJson } from '../../packages/cli/toolkit/terraform/decommission';
import { shippedConfig, synthConfig, tempDir } from '../support/synth';
import { item } from './aws-created-resources-fixtures';

/*
 * The tests of aws-created-resources.test.ts that read the full example synthesized whole
 * (synthConfig): every cause is a resource the stacks really synthesize, and each item's removal is
 * what the facts say. The full example has every kind of cause.
 */

const stacks = new Map(
  synthConfig(shippedConfig('examples/full.config.json'), tempDir('aws-created-full')).map((dir) => [
    path.basename(dir),
    JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson,
  ]),
);
const steps = awsCreatedSteps(stacks);
/** The stacks that hold an item's cause. */
const causedIn = (id: string) => steps.filter((s) => s.item.id === id).map((s) => s.stack);
const stepOf = (id: string, stack: string) => {
  const found = steps.find((s) => s.item.id === id && s.stack === stack);
  if (found === undefined) throw new Error(`no step of ${id} for ${stack}`);
  return found;
};
const json = (name: string): StackJson => stacks.get(name) ?? {};

describe('the inventory', () => {
  test('every cause is a resource the full example synthesizes', () => {
    for (const r of AWS_CREATED_RESOURCES) expect([r.id, causedIn(r.id).length > 0]).toEqual([r.id, true]);
  });
});

describe('Security Hub, made by the central configuration', () => {
  test('[securityhub-configuration-policy-sets-hub-and-standards] the association of a policy that enables Security Hub and standards: turned off by commands in every governed Region', () => {
    const policy = Object.values(json('audit').resource?.aws_securityhub_configuration_policy ?? {})[0] as {
      configuration_policy: { service_enabled: boolean; enabled_standard_arns: string[] };
    };
    expect(policy.configuration_policy.service_enabled).toBe(true);
    expect(policy.configuration_policy.enabled_standard_arns.length).toBeGreaterThan(0);
    expect(causedIn('organization-security-hub')).toEqual(['audit']);
    const disable = stepOf('organization-security-hub', 'audit').commands.find((c) =>
      c.command.includes('disable-security-hub'),
    );
    expect(disable?.command).toBe(
      'for r in eu-central-1 eu-north-1 eu-west-1 us-east-1; do aws securityhub disable-security-hub --region $r; done',
    );
  });

  test('[securityhub-disabled-standard-deletes-its-config-rules] the rules of a subscribed standard go with its subscription; under the policy, with the standards turned off', () => {
    // A member outside the organization subscribes itself; its plan destroys the subscriptions.
    expect(causedIn('standalone-security-hub-config-rules')).toEqual(['member-acquired-startup']);
    expect(item('standalone-security-hub-config-rules').removal.kind).toBe('with-its-cause');
    const subscriptions = causesIn(item('standalone-security-hub-config-rules'), json('member-acquired-startup'));
    expect(subscriptions.length).toBe(4 * 2);
    for (const [address] of subscriptions) expect(removalTargets(json('member-acquired-startup'))).toContain(address);
    const commands = stepOf('organization-security-hub', 'audit').commands.map((c) => c.command);
    expect(commands.findIndex((c) => c.includes('batch-disable-standards'))).toBeLessThan(
      commands.findIndex((c) => c.includes('disable-security-hub')),
    );
  });

  test('[securityhub-service-linked-role-after-disabled-everywhere] the role goes after Security Hub is off everywhere', () => {
    expect(causedIn('security-hub-service-linked-role').sort()).toEqual(['audit', 'member-acquired-startup']);
    for (const stack of ['audit', 'member-acquired-startup']) {
      expect(stepOf('security-hub-service-linked-role', stack).after).toBe('audit-delegation');
    }
    const order = AWS_CREATED_RESOURCES.map((r) => r.id);
    expect(order.indexOf('security-hub-service-linked-role')).toBeGreaterThan(
      order.indexOf('organization-security-hub'),
    );
    expect(order.indexOf('security-hub-service-linked-role')).toBeGreaterThan(
      order.indexOf('audit-account-security-hub'),
    );
    expect(item('security-hub-service-linked-role').guardrail.gap).toBeUndefined();
  });
});

describe('AWS Config, made by the organization rules and the remediation', () => {
  test('[config-organization-rules-not-modifiable-by-members] members cannot change their copies; the audit account is the gap', () => {
    const { guardrail, removal } = item('member-organization-config-rules');
    expect(guardrail.fact).toBe('config-organization-rules-not-modifiable-by-members');
    expect(guardrail.gap).toContain("the audit account's administrators can delete an organization rule");
    expect(removal.kind).toBe('with-its-cause');
    expect(causedIn('member-organization-config-rules')).toEqual(['audit']);
  });

  test("[config-organization-rule-creates-service-linked-role] the audit account's role is named for deletion after the audit plan", () => {
    const step = stepOf('config-multi-account-service-linked-role', 'audit');
    expect(step.after).toBe('audit');
    expect(step.commands.map((c) => c.command)).toEqual([
      'aws iam delete-service-linked-role --role-name AWSServiceRoleForConfigMultiAccountSetup',
    ]);
  });

  test("[config-remediation-runs-automation-documents] the runbook's flow logs are deleted by their destination after the member's plan; untagged, they are a gap", () => {
    const members = causedIn('remediation-flow-logs');
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) {
      const remediation = Object.values(json(member).resource?.aws_config_remediation_configuration ?? {})[0] as {
        parameter: { name: string; static_value?: string }[];
      };
      const destination = remediation.parameter.find((p) => p.name === 'LogDestinationArn')?.static_value ?? '';
      expect(destination).toMatch(/^arn:aws:s3:::/);
      const step = stepOf('remediation-flow-logs', member);
      expect(step.after).toBe(member);
      expect(step.commands[0].command).toContain(`LogDestination=='${destination}'`);
      expect(step.commands[0].command).toContain('for r in eu-central-1 eu-north-1 eu-west-1 us-east-1;');
      expect(step.commands[0].command).toContain('aws ec2 delete-flow-logs');
    }
    expect(item('remediation-flow-logs').guardrail.gap).toContain('DenyFlowLogDeletion');
  });
});

describe('CloudTrail and the service-linked roles', () => {
  test("[cloudtrail-organization-trail-applies-to-members] only the organization trail, which its stack's plan destroys", () => {
    expect(causedIn('organization-trail-in-members')).toEqual(['organization']);
    const [[trail]] = causesIn(item('organization-trail-in-members'), json('organization'));
    expect(removalTargets(json('organization'))).toContain(trail);
    // An account trail of a member outside the organization is its own resource, not a copy.
    expect(Object.keys(json('member-acquired-startup').resource?.aws_cloudtrail ?? {}).length).toBe(1);
    expect(causesIn(item('organization-trail-in-members'), json('member-acquired-startup'))).toEqual([]);
  });

  test('[cloudtrail-trusted-access-creates-service-linked-role] the role stays with the trusted access, named with its command', () => {
    const [command] = stepOf('cloudtrail-service-linked-role', 'organization').commands;
    expect(command.command).toBe(
      'aws organizations disable-aws-service-access --service-principal cloudtrail.amazonaws.com',
    );
    expect(command.note).toContain("only once no organization trail of anyone's remains");
  });
});
