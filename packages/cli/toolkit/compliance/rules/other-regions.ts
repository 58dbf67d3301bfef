import {
  describeOpenings,
  GUARDRAILS_STACK_NAME,
  REGION_DENY_POLICY_NAME,
  regionDenyOpenings,
  type RegionDenyStatementShape,
} from '@audit-logging/cdktf/toolkit-api/core';
import { type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { gap, met, type StackVerdict } from '../rule';
import { resourcesOf, type SynthesizedStack } from '../stack-json';

/**
 * The Regions outside governedRegions: denied by the Region deny SCP, or a gap that names them. Where
 * `exemptionsMatter`, the Regional services the deny exempts stay usable there, unrecorded: a gap
 * that names them. The last verdict of CIS 4.3 (AWS Config) and 4.7 (VPC flow logs).
 */
export function otherRegionsVerdict(
  config: OrgConfig,
  stacks: ReadonlyMap<string, SynthesizedStack>,
  what = 'AWS Config records',
  exemptionsMatter = true,
): StackVerdict {
  const where = '(Regions outside governedRegions)';
  const governed = [...config.governedRegions].sort();
  const denies = resourcesOf(stacks.get(GUARDRAILS_STACK_NAME), 'aws_organizations_policy').flatMap(
    ([address, policy]): [string, RegionDenyStatementShape[]][] => {
      if (policy.name !== REGION_DENY_POLICY_NAME || typeof policy.content !== 'string') return [];
      const statements = (JSON.parse(policy.content) as { Statement: RegionDenyStatementShape[] }).Statement;
      const closesTheOthers = statements.some(
        (s) =>
          s.Effect === 'Deny' &&
          s.NotAction !== undefined &&
          JSON.stringify([s.Condition?.StringNotEquals?.['aws:RequestedRegion']].flat().sort()) ===
            JSON.stringify(governed),
      );
      return closesTheOthers ? [[address, statements]] : [];
    },
  );
  if (denies.length === 0) {
    return gap(
      where,
      `${what} only in ${governed.join(', ')}; every other Region is ungoverned: set guardrails.denyOtherRegions to deny them with an SCP`,
    );
  }
  const addresses = denies.map(([address]) => address);
  const openings = exemptionsMatter
    ? regionDenyOpenings(
        denies.flatMap(([, statements]) => statements),
        governed,
      )
    : [];
  if (openings.length === 0) return met(GUARDRAILS_STACK_NAME, addresses);
  return gap(
    GUARDRAILS_STACK_NAME,
    `${addresses.join(', ')} denies every other Region but the Regional services it exempts, which AWS Config does not record there: ${describeOpenings(openings)}. To record a Region someone uses, add the Region to governedRegions`,
  );
}
