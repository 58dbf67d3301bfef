import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import type { SynthesizedStack } from '../compliance/stack-json';
import { exemptionMatches, SCAN_EXEMPTIONS, type ScanExemption } from './exemptions';
import { SCAN_RULES } from './rules';
import {
  accountOf,
  addressOf,
  type ScanAccounts,
  type ScanFinding,
  type ScannedResource,
  type ScanRule,
} from './scan-rule';

import { UNJUDGED_TYPES } from './unjudged-types';

/** A finding an exemption accepts, with the exemption. */
export interface ExemptedFinding extends ScanFinding {
  readonly exemption: ScanExemption;
}

/** The accounts of `config` of each kind no SCP binds, which the guardrail rule and its exemptions read. */
export const scanAccountsOf = (config: OrgConfig): ScanAccounts => ({
  management: config.organization.managementAccountId,
  outsideOrganization: config.members.filter((member) => !member.inOrganization).map((member) => member.accountId),
});

/** What the pack says about a synth. */
export interface ScanResult {
  /** Findings no exemption accepts: each is a fault to fix or to exempt, with its reason. */
  readonly findings: readonly ScanFinding[];
  readonly exempted: readonly ExemptedFinding[];
  /** Resource types of the synth that no rule judges or reads and no entry of UNJUDGED_TYPES places. */
  readonly unplacedTypes: readonly string[];
}

/** Every resource type a rule judges or reads, or that UNJUDGED_TYPES places with its reason. */
export function placedTypes(rules: readonly ScanRule[] = SCAN_RULES): Set<string> {
  return new Set([...rules.flatMap((rule) => [...rule.judges, ...(rule.reads ?? [])]), ...Object.keys(UNJUDGED_TYPES)]);
}

/** The resources of a stack, as rules see them. */
function resourcesIn(stack: SynthesizedStack): ScannedResource[] {
  return Object.entries(stack.json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ stack: stack.name, type, name, body })),
  );
}

/**
 * Runs every rule of `rules` over every resource of `stacks` (one synth: the guardrails stack's
 * policies judge the other stacks' roles) and sorts each finding into exempted or not. Without
 * `accounts` (the config's), rules judge by the stacks alone and an exemption that names an account
 * kind accepts nothing.
 */
export function scanStacks(
  stacks: readonly SynthesizedStack[],
  accounts: ScanAccounts | undefined,
  rules: readonly ScanRule[] = SCAN_RULES,
  exemptions: readonly ScanExemption[] = SCAN_EXEMPTIONS,
): ScanResult {
  const all: ScanFinding[] = stacks.flatMap((stack) =>
    resourcesIn(stack).flatMap((resource) =>
      rules
        .filter((rule) => rule.judges.includes(resource.type))
        .flatMap((rule) => {
          const problem = rule.check(resource, { stack, stacks, accounts });
          if (problem === undefined) return [];
          return [
            { rule: rule.id, stack: stack.name, address: addressOf(resource), account: accountOf(stack), problem },
          ];
        }),
    ),
  );
  const exempted: ExemptedFinding[] = [];
  const findings: ScanFinding[] = [];
  for (const finding of all) {
    const exemption = exemptions.find((e) => exemptionMatches(e, finding, accounts));
    if (exemption === undefined) findings.push(finding);
    else exempted.push({ ...finding, exemption });
  }
  const placed = placedTypes(rules);
  const types = new Set(stacks.flatMap((stack) => Object.keys(stack.json.resource ?? {})));
  return { findings, exempted, unplacedTypes: [...types].filter((type) => !placed.has(type)).sort() };
}
