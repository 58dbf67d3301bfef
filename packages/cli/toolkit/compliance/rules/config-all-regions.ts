import { accountRoles, CONTROL_TOWER, type MemberConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { memberStackName } from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';
import { otherRegionsVerdict } from './other-regions';

/** Every account of the organization: recorded by its member stack, or a gap with the reason. */
function configVerdicts({ config, byName: stacks }: ComplianceEvidence): StackVerdict[] {
  const accounts = new Map<string, string>([
    ...accountRoles(config),
    // Stryker disable next-line StringLiteral: equivalent, a member's role is never read (its verdict names its stack)
    ...config.members.filter((m) => m.inOrganization).map((m): [string, string] => [m.accountId, `member ${m.name}`]),
  ]);
  const verdicts = [...accounts].map(([accountId, role]) => {
    const member: MemberConfig | undefined = config.members.find((m) => m.accountId === accountId);
    const where = member === undefined ? accountId : memberStackName(member);
    if (member === undefined) return gap(where, `${role} is not in members, so AWS Config is not deployed there`);
    if (member.awsConfig === false) return gap(where, 'awsConfig is false (opted out)');
    if (member.awsConfig === CONTROL_TOWER) {
      return gap(where, 'AWS Config is left to Control Tower (awsConfig "control-tower"): not built or checked here');
    }
    const stack = stacks.get(memberStackName(member));
    const recorders = resourcesOf(stack, 'aws_config_configuration_recorder');
    const enabled = resourcesOf(stack, 'aws_config_configuration_recorder_status').filter(
      ([, s]) => s.is_enabled === true,
    );
    const regions = config.governedRegions.length;
    if (recorders.length !== regions || enabled.length !== regions) {
      return missing(
        where,
        `${recorders.length} recorder(s) and ${enabled.length} enabled for ${regions} governed Region(s)`,
      );
    }
    return met(
      where,
      recorders.map(([address]) => address),
    );
  });
  // CIS asks for every Region; the product records the governed ones, and with
  // guardrails.denyOtherRegions no account can use the others but for the Regional services it exempts.
  return [...verdicts, otherRegionsVerdict(config, stacks)];
}

/** CIS 4.3: AWS Config records in every governed Region of every account, and the other Regions are closed. */
export const CONFIG_ALL_REGIONS: ComplianceRule = {
  id: 'config-all-regions',
  title: 'AWS Config records in every governed Region of every account',
  cis: ['4.3'],
  securityHub: ['Config.1'],
  judge: configVerdicts,
};
