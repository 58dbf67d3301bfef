import { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from '../../../modules/flow-logs/flow-logs-runbook';
import { resourceOf, resourcesOf, synthStack } from '../../support/synth';
import { PAYMENTS, POLICY_TEST_CONFIG } from './log-archive-cases';
import { configOf, Decision, evaluate, parseTerraformPolicy, PolicyRequest, role, service } from './simulate';

/*
 * The role AWS Config's flow log remediation runs AWS-EnableVPCFlowLogs with (awsConfig
 * .flowLogsForEveryVpc): Systems Manager may assume it for this account's automations only, and it
 * may do exactly what the runbook does to S3 (create a flow log, which needs the log delivery
 * actions) and nothing else, evaluated as AWS would.
 */

const config = configOf({ ...POLICY_TEST_CONFIG, awsConfig: { flowLogsForEveryVpc: true } });
const synth = synthStack(config, 'member-payments');
const roleArn = `arn:aws:iam::${PAYMENTS}:role/audit-flow-logs-remediation`;
const trust = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role', 'flow-logs-remediation_role').assume_role_policy);
const policy = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role_policy', 'flow-logs-remediation_policy').policy);
const runbook = role(PAYMENTS, 'audit-flow-logs-remediation', { identityPolicy: policy });
const ec2 = (resource: string, region = 'eu-west-1') => `arn:aws:ec2:${region}:${PAYMENTS}:${resource}`;
/** What Systems Manager sends when it assumes the role for an automation of this account. */
const automation = (account: string) => ({
  'aws:SourceAccount': account,
  'aws:SourceArn': `arn:aws:ssm:eu-west-1:${account}:automation-execution/0a1b2c3d-1111-2222-3333-444455556666`,
});

const cases: readonly (readonly [string, 'trust' | 'role', PolicyRequest, Decision])[] = [
  [
    "[ssm-automation-trust-source-account] Systems Manager assumes the role for this account's automation",
    'trust',
    {
      caller: service('ssm.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: automation(PAYMENTS),
    },
    'Allowed',
  ],
  [
    "[ssm-automation-trust-source-account] but not for another account's",
    'trust',
    {
      caller: service('ssm.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: automation('999999999999'),
    },
    'ImplicitlyDenied',
  ],
  [
    'nor without the source of the call',
    'trust',
    { caller: service('ssm.amazonaws.com'), action: 'sts:AssumeRole', resource: roleArn },
    'ImplicitlyDenied',
  ],
  [
    'nor for another service',
    'trust',
    {
      caller: service('ec2.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: automation(PAYMENTS),
    },
    'ImplicitlyDenied',
  ],
  [
    'the runbook creates a flow log of a VPC',
    'role',
    { caller: runbook, action: 'ec2:CreateFlowLogs', resource: ec2('vpc/vpc-0a1b2c3d') },
    'Allowed',
  ],
  [
    'in any governed Region',
    'role',
    { caller: runbook, action: 'ec2:CreateFlowLogs', resource: ec2('vpc-flow-log/fl-0a1b2c3d', 'us-east-1') },
    'Allowed',
  ],
  [
    'with the log delivery S3 needs',
    'role',
    { caller: runbook, action: 'logs:CreateLogDelivery', resource: '*' },
    'Allowed',
  ],
  [
    'but deletes no flow log',
    'role',
    { caller: runbook, action: 'ec2:DeleteFlowLogs', resource: ec2('vpc-flow-log/fl-0a1b2c3d') },
    'ImplicitlyDenied',
  ],
  [
    'passes no role (a flow log to S3 needs none)',
    'role',
    { caller: runbook, action: 'iam:PassRole', resource: `arn:aws:iam::${PAYMENTS}:role/Admin` },
    'ImplicitlyDenied',
  ],
  [
    'and touches nothing else of the VPC',
    'role',
    { caller: runbook, action: 'ec2:DeleteVpc', resource: ec2('vpc/vpc-0a1b2c3d') },
    'ImplicitlyDenied',
  ],
  [
    "nor another account's VPC",
    'role',
    { caller: runbook, action: 'ec2:CreateFlowLogs', resource: 'arn:aws:ec2:eu-west-1:999999999999:vpc/vpc-0a1b2c3d' },
    'ImplicitlyDenied',
  ],
];

describe('the flow log remediation role (awsConfig.flowLogsForEveryVpc)', () => {
  test.each(cases)('%s', async (_name, which, request, expected) => {
    const result = await evaluate(which === 'trust' ? trust : undefined, PAYMENTS, request);
    expect(result.decision).toBe(expected);
  });

  test('the remediation runs that role, the runbook, on the rule of each governed Region', () => {
    const roleAddress = Object.keys(resourcesOf(synth, 'aws_iam_role')).find((a) =>
      a.startsWith('flow-logs-remediation_role'),
    );
    const rules = resourcesOf(synth, 'aws_config_config_rule');
    const remediations = Object.values(resourcesOf(synth, 'aws_config_remediation_configuration'));
    expect(remediations).toHaveLength(2);
    for (const remediation of remediations) {
      expect(remediation).toMatchObject({
        target_type: 'SSM_DOCUMENT',
        target_id: ENABLE_VPC_FLOW_LOGS_RUNBOOK,
        automatic: true,
      });
      expect(remediation.parameter).toContainEqual({
        name: 'AutomationAssumeRole',
        static_value: `\${aws_iam_role.${roleAddress}.arn}`,
      });
      const rule = Object.entries(rules).find(([address]) => remediation.config_rule_name.includes(address));
      expect(rule?.[1].provider).toBe(remediation.provider);
    }
  });
});
