import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigRemediationConfiguration } from '@cdktf/provider-aws/lib/config-remediation-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AWS_CONFIG_FREQUENCIES, choiceProblem, regionListProblems, wholeNumberProblem } from '../core/aws-values';
import { FLOW_LOGS_CONFIG_RULE_NAME, FLOW_LOGS_REMEDIATION_ROLE_NAME } from '../core/naming';
import { numberProblem, validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from './flow-logs-runbook';

/** One Region where the rule runs, with the provider of that Region and what must exist first. */
export interface RemediationRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for the Region, in the stack's account. */
  readonly provider: TerraformProvider;
  /**
   * The configuration recorder of the Region, if this stack makes it: an AWS Config rule needs a
   * recorder (PutConfigRule answers NoAvailableConfigurationRecorderException without one).
   * @default - none; the recorder exists already
   */
  readonly recorder?: ITerraformDependable;
}

/** Props of {@link VpcFlowLogsRemediation}. */
export interface VpcFlowLogsRemediationProps {
  /** The Regions whose VPCs are checked and given flow logs; each needs AWS Config recording. */
  readonly regions: readonly RemediationRegion[];
  /** ARN of the bucket the flow logs go to (the member-logs bucket). */
  readonly bucketArn: string;
  /** Key prefix in the bucket, without `/`, as {@link VpcFlowLogsProps.keyPrefix}. */
  readonly keyPrefix: string;
  /**
   * How often AWS Config checks every VPC (the rule is periodic; each check of each VPC is billed):
   * a VPC created after a check gets its flow log after the next one.
   * @default 'TwentyFour_Hours'
   */
  readonly evaluationFrequency?: (typeof AWS_CONFIG_FREQUENCIES)[number];
  /**
   * Name of the AWS Config rule in each Region.
   * @default 'audit-vpc-flow-logs-enabled'
   */
  readonly ruleName?: string;
  /**
   * Name of the role the runbook runs with.
   * @default 'audit-flow-logs-remediation'
   */
  readonly roleName?: string;
  /**
   * How many times AWS Config runs the runbook for one VPC within `retryAttemptSeconds` before it
   * stops (1 to 25).
   * @default 5
   */
  readonly maximumAutomaticAttempts?: number;
  /**
   * The window of `maximumAutomaticAttempts`, in seconds (1 to 2,678,000).
   * @default 60
   */
  readonly retryAttemptSeconds?: number;
}

/**
 * Flow logs for every VPC of the account in each Region, VPCs created later included, without code of
 * ours: an AWS Config rule (the managed `vpc-flow-logs-enabled`, all traffic) finds each VPC without a
 * flow log, and its automatic remediation runs AWS's `AWS-EnableVPCFlowLogs` runbook on it, which
 * creates a flow log of all traffic into the bucket under `keyPrefix`, as {@link VpcFlowLogs} does for
 * the VPCs a config lists.
 *
 * The rule is an account rule, not an organization rule: AWS Config attaches remediation only to rules
 * of the account (fact `config-remediation-not-on-organization-rules`). The runbook runs as a role
 * that Systems Manager may assume only for this account's automations, and that can only create flow
 * logs (of this account's VPCs; IAM has no condition on a flow log's destination).
 */
export class VpcFlowLogsRemediation extends Construct {
  /** The role the runbook runs with. */
  public readonly role: IamRole;
  /** The rule of each Region, by Region code. */
  public readonly rules: ReadonlyMap<string, ConfigConfigRule>;
  /** The remediation of each Region, by Region code. */
  public readonly remediations: ReadonlyMap<string, ConfigRemediationConfiguration>;

  public constructor(scope: Construct, id: string, props: VpcFlowLogsRemediationProps) {
    super(scope, id);
    const attempts = props.maximumAutomaticAttempts ?? 5;
    const retrySeconds = props.retryAttemptSeconds ?? 60;
    const ruleName = props.ruleName ?? FLOW_LOGS_CONFIG_RULE_NAME;
    const regions = props.regions.map((r) => r.region);
    validateProps(this, props, [
      ...regionListProblems('regions', regions),
      props.evaluationFrequency === undefined
        ? undefined
        : choiceProblem(
            'evaluationFrequency',
            props.evaluationFrequency,
            AWS_CONFIG_FREQUENCIES,
            'is not an AWS Config frequency; use one of',
          ),
      // ConfigRuleName: 1 to 128 characters (AWS Config API reference, ConfigRule).
      /^[\w\-.]{1,128}$/.test(ruleName)
        ? undefined
        : { field: 'ruleName', message: `${JSON.stringify(ruleName)} must be 1 to 128 letters, digits, _, - or .` },
      // RemediationConfiguration: MaximumAutomaticAttempts 1 to 25, RetryAttemptSeconds 1 to 2678000.
      numberProblem('maximumAutomaticAttempts', attempts, (n) => wholeNumberProblem(n, 1, 25)),
      numberProblem('retryAttemptSeconds', retrySeconds, (n) => wholeNumberProblem(n, 1, 2_678_000)),
      /^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$/.test(props.keyPrefix) && props.keyPrefix !== 'AWSLogs'
        ? undefined
        : {
            field: 'keyPrefix',
            message: `${JSON.stringify(props.keyPrefix)} must be a key prefix without a leading or trailing "/", and not AWSLogs`,
          },
    ]);
    const stack = AccountStack.of(this);
    const destination = `${props.bucketArn}/${props.keyPrefix}/`;

    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? FLOW_LOGS_REMEDIATION_ROLE_NAME,
      description: `Systems Manager runs ${ENABLE_VPC_FLOW_LOGS_RUNBOOK} with this role, for AWS Config's remediation`,
      // Fact ssm-automation-trust-source-account: this account's automation executions only.
      assumeRolePolicy: serviceTrustPolicy('AutomationRuns', 'ssm.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': stack.accountId },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'ssm',
            region: '*',
            resource: 'automation-execution',
            resourceName: '*',
          }),
        },
      }),
    });
    // The runbook's one call is ec2:CreateFlowLogs; a flow log to S3 also needs its creator to have
    // logs:CreateLogDelivery and logs:DeleteLogDelivery (VPC user guide, flow logs to Amazon S3).
    new IamRolePolicy(this, 'policy', {
      role: this.role.id,
      name: 'create-flow-logs',
      policy: renderPolicy([
        {
          Sid: 'CreateFlowLogs',
          Effect: 'Allow',
          Action: 'ec2:CreateFlowLogs',
          Resource: [
            stack.formatArn({ service: 'ec2', region: '*', resource: 'vpc', resourceName: '*' }),
            stack.formatArn({ service: 'ec2', region: '*', resource: 'vpc-flow-log', resourceName: '*' }),
          ],
        },
        {
          Sid: 'DeliverToS3',
          Effect: 'Allow',
          Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
          Resource: '*',
        },
      ]),
    });

    const rules = new Map<string, ConfigConfigRule>();
    const remediations = new Map<string, ConfigRemediationConfiguration>();
    for (const { region, provider, recorder } of props.regions) {
      const rule = new ConfigConfigRule(this, `rule-${region}`, {
        provider,
        name: ruleName,
        description: 'A VPC without a flow log of all traffic; AWS Config gives it one (cdktf-audit-logging)',
        source: { owner: 'AWS', sourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' },
        inputParameters: JSON.stringify({ trafficType: 'ALL' }),
        maximumExecutionFrequency: props.evaluationFrequency ?? 'TwentyFour_Hours',
        dependsOn: recorder === undefined ? undefined : [recorder],
      });
      rules.set(region, rule);
      remediations.set(
        region,
        new ConfigRemediationConfiguration(this, `remediation-${region}`, {
          provider,
          configRuleName: rule.name,
          targetType: 'SSM_DOCUMENT',
          targetId: ENABLE_VPC_FLOW_LOGS_RUNBOOK,
          resourceType: 'AWS::EC2::VPC',
          automatic: true,
          maximumAutomaticAttempts: attempts,
          retryAttemptSeconds: retrySeconds,
          // By name: Parameters is a map in the API, which the provider reads back in the order of
          // its names; another order would show as a change in every plan.
          parameter: [
            { name: 'AutomationAssumeRole', staticValue: this.role.arn },
            { name: 'LogDestinationArn', staticValue: destination },
            { name: 'LogDestinationType', staticValue: 's3' },
            { name: 'TrafficType', staticValue: 'ALL' },
            { name: 'VPCIds', resourceValue: 'RESOURCE_ID' },
          ],
        }),
      );
    }
    this.rules = rules;
    this.remediations = remediations;
  }
}
