import { accountRoles, type MemberConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from '@audit-logging/cdktf/toolkit-api/catalogs';
import { memberStackName } from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';
import { otherRegionsVerdict } from './other-regions';

/**
 * The flow logs of the VPCs each member lists and, with awsConfig.flowLogsForEveryVpc, the AWS
 * Config rule and automatic remediation that give every VPC of every account one.
 */
function flowLogVerdicts({ config, byName: stacks }: ComplianceEvidence): StackVerdict[] {
  const listed = config.members
    .filter((m) => m.vpcFlowLogs.length > 0)
    .map((member) => {
      const logs = resourcesOf(stacks.get(memberStackName(member)), 'aws_flow_log');
      return logs.length === member.vpcFlowLogs.length
        ? met(
            memberStackName(member),
            logs.map(([address]) => address),
          )
        : missing(memberStackName(member), `${logs.length} flow log(s) for ${member.vpcFlowLogs.length} listed VPC(s)`);
    });
  if (!config.awsConfig.flowLogsForEveryVpc) {
    // The config names VPCs; it cannot know the others.
    return [
      ...listed,
      gap(
        '(every account)',
        'only the VPCs listed in members[].vpcFlowLogs are covered; set awsConfig.flowLogsForEveryVpc to give every VPC a flow log',
      ),
    ];
  }
  const accounts = new Map<string, string>([
    ...accountRoles(config),
    // Stryker disable next-line StringLiteral: equivalent, a member's role is never read (its verdict names its stack)
    ...config.members.map((m): [string, string] => [m.accountId, `member ${m.name}`]),
  ]);
  const verdicts = [...accounts].map(([accountId, role]) => {
    const member: MemberConfig | undefined = config.members.find((m) => m.accountId === accountId);
    const where = member === undefined ? accountId : memberStackName(member);
    if (member === undefined) return gap(where, `${role} is not in members, so no rule gives its VPCs flow logs`);
    if (member.awsConfig === false) {
      return gap(where, 'awsConfig is false: without AWS Config no rule finds its VPCs');
    }
    const stack = stacks.get(memberStackName(member));
    const rules = resourcesOf(stack, 'aws_config_config_rule').filter(
      ([, r]) =>
        (r.source as { source_identifier?: string } | undefined)?.source_identifier === 'VPC_FLOW_LOGS_ENABLED',
    );
    const remediations = resourcesOf(stack, 'aws_config_remediation_configuration').filter(
      ([, r]) => r.automatic === true && r.target_id === ENABLE_VPC_FLOW_LOGS_RUNBOOK,
    );
    const regions = config.governedRegions.length;
    if (rules.length !== regions || remediations.length !== regions) {
      return missing(
        where,
        `${rules.length} vpc-flow-logs-enabled rule(s) and ${remediations.length} automatic remediation(s) for ${regions} governed Region(s)`,
      );
    }
    return met(
      where,
      remediations.map(([address]) => address),
    );
  });
  // No action the Region deny exempts creates a VPC.
  return [...listed, ...verdicts, otherRegionsVerdict(config, stacks, 'VPCs get flow logs', false)];
}

/** CIS 4.7: VPC flow logs, for the listed VPCs or, by AWS Config's remediation, for every VPC. */
export const VPC_FLOW_LOGS: ComplianceRule = {
  id: 'vpc-flow-logs',
  title: 'VPC flow logs',
  cis: ['4.7'],
  securityHub: ['EC2.6'],
  judge: flowLogVerdicts,
};
