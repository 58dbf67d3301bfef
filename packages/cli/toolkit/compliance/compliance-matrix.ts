import { AUDIT_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { auditConfigRules, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import {
  CIS_BENCHMARK_VERSIONS,
  CIS_CURRENT_VERSION,
  CIS_REQUIREMENTS,
  type CisBenchmarkVersion,
  cisNumbersByVersion,
  type CisRequirementNumber,
  DETECTIVE_RULES,
} from '@audit-logging/cdktf/toolkit-api/catalogs';
import { type ComplianceEvidence, complianceEvidence } from './evidence';
import { type ComplianceRule, type ControlStatus, met, missing, type StackVerdict } from './rule';
import { COMPLIANCE_RULES, EVASION_RULES, NOT_COVERED } from './rules';
import { resourcesOf, type SynthesizedStack } from './stack-json';

/*
 * The control matrix an auditor reads: every requirement of the CIS AWS Foundations Benchmark
 * v7.0.0 Logging and Monitoring sections and 2.1.2 (with their numbers in v6.0.0 to v3.0.0), and
 * the Security Hub controls on the same resources: where the config claims it, whether the
 * synthesized stacks implement it, with which resources, why a control is deliberately not met,
 * and which requirements this product does not build at all, with the reason. The config says what
 * is claimed; the synthesized Terraform JSON says what is built. Nothing calls AWS.
 *
 * This file assembles the matrix: the rules, one file each, are in rules/ (rules/index.ts is their
 * table, in order), what they are judged from in evidence.ts.
 */

/** One row of the matrix. */
export interface ControlRow {
  readonly id: string;
  readonly title: string;
  /**
   * CIS recommendations (`CIS <version> <number>`), Security Hub controls and MITRE ATT&CK
   * techniques (`MITRE ATT&CK <id>`) it answers.
   */
  readonly sources: readonly string[];
  /** Its CIS requirement numbers in each benchmark version (empty where the version has none). */
  readonly cis: Readonly<Record<CisBenchmarkVersion, readonly string[]>>;
  /** The Security Hub controls it answers. */
  readonly securityHub: readonly string[];
  /** The MITRE ATT&CK techniques it detects (the evasion pack's rows; empty for the others). */
  readonly attack: readonly string[];
  /** Not covered for a requirement this product does not build; else missing if any place is missing, gap if any is a gap, met. */
  readonly status: ControlStatus;
  readonly verdicts: readonly StackVerdict[];
}

/** The row of `rule`, from its verdicts: its status and its numbers in every framework. */
function row(
  rule: Pick<ComplianceRule, 'id' | 'title' | 'cis' | 'securityHub' | 'attack'>,
  verdicts: StackVerdict[],
): ControlRow {
  const status: ControlStatus = verdicts.some((v) => v.status === 'not-covered')
    ? 'not-covered'
    : verdicts.some((v) => v.status === 'missing')
      ? 'missing'
      : verdicts.some((v) => v.status === 'gap')
        ? 'gap'
        : 'met';
  const cis = cisNumbersByVersion(rule.cis);
  const attack = rule.attack ?? [];
  const sources = [
    ...CIS_BENCHMARK_VERSIONS.flatMap((version) => cis[version].map((n) => `CIS ${version} ${n}`)),
    ...rule.securityHub.map((control) => `Security Hub ${control}`),
    ...attack.map((technique) => `MITRE ATT&CK ${technique}`),
  ];
  return { id: rule.id, title: rule.title, sources, cis, securityHub: rule.securityHub, attack, status, verdicts };
}

/**
 * The detective rules of the audit stack that check a row (by its CIS requirement or Security Hub
 * control): met with the rules' addresses, or missing when the config selects a rule that is not
 * built. Rules the config does not select add nothing.
 */
function detectiveRuleVerdicts(
  rule: Pick<ComplianceRule, 'cis' | 'securityHub'>,
  { config, byName }: ComplianceEvidence,
): StackVerdict[] {
  const selected = auditConfigRules(config)
    .map((name) => DETECTIVE_RULES[name])
    .filter(
      (detective) =>
        (detective.requirement !== undefined && rule.cis.includes(detective.requirement)) ||
        (detective.securityHubControl !== undefined && rule.securityHub.includes(detective.securityHubControl)),
    );
  if (selected.length === 0) return [];
  const built = resourcesOf(byName.get(AUDIT_STACK_NAME), 'aws_config_organization_managed_rule');
  return selected.map((detective) => {
    const found = built.filter(([, body]) => body.rule_identifier === detective.identifier);
    return found.length > 0
      ? met(
          `${AUDIT_STACK_NAME} (AWS Config rule ${detective.name})`,
          found.map(([address]) => address),
        )
      : missing(
          AUDIT_STACK_NAME,
          `no AWS Config rule ${detective.name} (${detective.identifier}), which audit.configRules selects`,
        );
  });
}

/** The control matrix of `config`, from its synthesized `stacks`: every rule that applies to it, judged. */
export function complianceMatrix(config: OrgConfig, stacks: readonly SynthesizedStack[]): ControlRow[] {
  const evidence = complianceEvidence(config, stacks);
  const notCovered = CIS_REQUIREMENTS.flatMap((requirement) => {
    const why = NOT_COVERED[requirement.number];
    if (why === undefined) return [];
    return [
      row({ id: why.id, title: requirement.title, cis: [requirement.number], securityHub: [] }, [
        { where: '(every account)', status: 'not-covered', detail: why.reason },
      ]),
    ];
  });
  const rows = [
    ...COMPLIANCE_RULES.filter((rule) => rule.applies?.(config) ?? true).map((rule) =>
      row(rule, [...rule.judge(evidence), ...detectiveRuleVerdicts(rule, evidence)]),
    ),
    ...notCovered,
  ];
  return [
    ...orderByRequirement(rows, (r) => r.cis[CIS_CURRENT_VERSION][0] as CisRequirementNumber | undefined),
    ...EVASION_RULES.map((rule) => row(rule, rule.judge(evidence))),
  ];
}

/**
 * `items` in the order of their first CIS requirement in the current version, those without one
 * last; items of the same requirement keep their order.
 */
export function orderByRequirement<T>(
  items: readonly T[],
  firstRequirement: (item: T) => CisRequirementNumber | undefined,
): T[] {
  const order = (item: T) => {
    const first = firstRequirement(item);
    return first === undefined ? Number.MAX_SAFE_INTEGER : CIS_REQUIREMENTS.findIndex((q) => q.number === first);
  };
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => order(a.item) - order(b.item) || a.i - b.i)
    .map(({ item }) => item);
}
