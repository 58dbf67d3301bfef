import {
  type AlarmDefinition,
  cisAlarmDefinitions,
  evasionAlarmDefinitions,
} from '@audit-logging/cdktf/toolkit-api/catalogs';
import {
  AuditNaming,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_STACK_NAME,
} from '@audit-logging/cdktf/toolkit-api/core';
import { type OrgConfig, selectedAlarms } from '@audit-logging/cdktf/toolkit-api/config';
import type { SynthesizedStack } from './stack-json';

/** What a row is judged from: the config (what it claims) and the synthesized stacks (what is built). */
export interface ComplianceEvidence {
  readonly config: OrgConfig;
  /** Every synthesized stack, in the order given. */
  readonly stacks: readonly SynthesizedStack[];
  readonly byName: ReadonlyMap<string, SynthesizedStack>;
  readonly naming: AuditNaming;
  readonly organization: SynthesizedStack | undefined;
  readonly archive: SynthesizedStack | undefined;
  /** The stacks whose trails record accounts: the organization's, and each outside member's. */
  readonly trailStacks: readonly (readonly [string, SynthesizedStack | undefined])[];
  /** The CIS alarms and evasion detections the config selects, by alarm id. */
  readonly alarms: ReadonlyMap<string, AlarmDefinition>;
}

/** The evidence of `config` and its synthesized `stacks`, which every rule is judged from. */
export function complianceEvidence(config: OrgConfig, stacks: readonly SynthesizedStack[]): ComplianceEvidence {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const organization = byName.get(ORGANIZATION_STACK_NAME);
  const outside = config.members.filter((member) => member.standaloneTrail && !member.inOrganization);
  const selected = selectedAlarms(config.alarms);
  return {
    config,
    stacks,
    byName,
    naming: AuditNaming.fromConfig(config),
    organization,
    archive: byName.get(LOG_ARCHIVE_STACK_NAME),
    trailStacks: [
      [ORGANIZATION_STACK_NAME, organization],
      ...outside.map((member) => [memberStackName(member), byName.get(memberStackName(member))] as const),
    ],
    alarms: new Map(
      [
        ...cisAlarmDefinitions(selected.cisControls, config.alarms.consoleSigninWithoutMfa),
        ...evasionAlarmDefinitions(selected.evasionDetections),
      ].map((alarm) => [alarm.id, alarm]),
    ),
  };
}
