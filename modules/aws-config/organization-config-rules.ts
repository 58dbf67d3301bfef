import { ConfigOrganizationManagedRule } from '@cdktf/provider-aws/lib/config-organization-managed-rule';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AWS_CONFIG_FREQUENCIES, choiceProblem } from '../core/aws-values';
import { CIS_CURRENT_VERSION } from '../catalogs/cis-benchmark';
import {
  DETECTIVE_RULE_NAME_PREFIX,
  DETECTIVE_RULE_NAMES,
  DetectiveRule,
  DetectiveRuleName,
  rulesIn,
} from '../catalogs/detective-rules';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';

/** One Region where the rules are deployed, with the provider that deploys there. */
export interface RuleRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for that Region, in the same account. */
  readonly provider: TerraformProvider;
}

/** How often AWS Config evaluates a periodic rule, as its API names it. */
export const EVALUATION_FREQUENCIES = AWS_CONFIG_FREQUENCIES;

/** Props of {@link OrganizationConfigRules}. */
export interface OrganizationConfigRulesProps {
  /** Every Region to deploy the rules in (the governed Regions), including `homeRegion`. */
  readonly regions: readonly RuleRegion[];
  /**
   * The Region of the rules that look at the whole account (multi-Region trails, S3 data events):
   * they are deployed there only.
   * @default - the stack's Region
   */
  readonly homeRegion?: string;
  /**
   * The rules, by name (catalogs/detective-rules.ts).
   * @default - every detective rule
   */
  readonly rules?: readonly DetectiveRuleName[];
  /**
   * Accounts of the organization the rules skip (at most 1,000, AWS's limit).
   * @default []
   */
  readonly excludedAccountIds?: readonly string[];
  /**
   * How often the rules run (every rule of the set is periodic: none is triggered by changes).
   * @default 'TwentyFour_Hours' (the lowest cost; the trails and keys they check change rarely)
   */
  readonly evaluationFrequency?: (typeof EVALUATION_FREQUENCIES)[number];
  /**
   * Prefix of each rule's name: `<prefix><rule name>`.
   * @default 'audit-'
   */
  readonly namePrefix?: string;
}

/**
 * AWS Config managed rules deployed to every account of the organization from the stack's account
 * (the management account, or a delegated administrator for `config-multiaccountsetup.amazonaws.com`;
 * see {@link AuditDelegation}): the detective set of catalogs/detective-rules.ts, each in every listed
 * Region or, for a rule that looks at the whole account, in the home Region only, and never where
 * AWS does not offer it. AWS Config evaluates them in each account where a recorder runs; the
 * results reach the organization aggregator and, through Security Hub's controls built on the same
 * rules, its findings.
 *
 * An account needs a recorder in the Region for its rules to be created there: AWS retries an
 * account that joins later for 7 hours, then reports it in the rule's status.
 */
export class OrganizationConfigRules extends Construct {
  /** The rules created, by Region and rule name. */
  public readonly rules: ReadonlyMap<string, ReadonlyMap<DetectiveRuleName, ConfigOrganizationManagedRule>>;

  public constructor(scope: Construct, id: string, props: OrganizationConfigRulesProps) {
    super(scope, id);
    const names = props.rules ?? DETECTIVE_RULE_NAMES;
    const prefix = props.namePrefix ?? DETECTIVE_RULE_NAME_PREFIX;
    const longest = Math.max(...names.map((name) => name.length));
    validateProps(this, props, [
      props.regions.length === 0 ? { field: 'regions', message: 'must name at least one Region' } : undefined,
      ...names.map((name, i) =>
        choiceProblem(`rules[${i}]`, name, DETECTIVE_RULE_NAMES, 'is not a detective rule; use one of'),
      ),
      (props.excludedAccountIds?.length ?? 0) > 1000
        ? { field: 'excludedAccountIds', message: 'may hold at most 1,000 accounts (AWS Config refuses more)' }
        : undefined,
      props.evaluationFrequency === undefined
        ? undefined
        : choiceProblem('evaluationFrequency', props.evaluationFrequency, EVALUATION_FREQUENCIES),
      /^[\w-]*$/.test(prefix) && prefix.length + longest <= 64
        ? undefined
        : {
            field: 'namePrefix',
            message: `${JSON.stringify(prefix)} must be letters, digits, _ or -, at most ${64 - longest} characters (a rule name is at most 64)`,
          },
    ]);
    const homeRegion = props.homeRegion ?? AccountStack.of(this).region;
    const excluded = [...new Set(props.excludedAccountIds ?? [])].sort();
    const byRegion = new Map<string, Map<DetectiveRuleName, ConfigOrganizationManagedRule>>();
    for (const { region, provider } of props.regions) {
      const rules = new Map<DetectiveRuleName, ConfigOrganizationManagedRule>();
      for (const rule of rulesIn(names, region, homeRegion)) {
        rules.set(
          rule.name,
          new ConfigOrganizationManagedRule(this, `${rule.name}-${region}`, {
            provider,
            name: `${prefix}${rule.name}`,
            ruleIdentifier: rule.identifier,
            description: ruleDescription(rule),
            excludedAccounts: excluded.length === 0 ? undefined : excluded,
            maximumExecutionFrequency: props.evaluationFrequency ?? 'TwentyFour_Hours',
          }),
        );
      }
      byRegion.set(region, rules);
    }
    this.rules = byRegion;
  }
}

/** A rule's description: what NON_COMPLIANT means, and the CIS requirement and control it checks (at most 256 characters). */
export function ruleDescription(rule: DetectiveRule<DetectiveRuleName>): string {
  const cis = rule.requirement === undefined ? undefined : `CIS ${CIS_CURRENT_VERSION} ${rule.requirement}`;
  const references = [
    cis,
    rule.securityHubControl === undefined ? undefined : `Security Hub ${rule.securityHubControl}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return `NON_COMPLIANT when ${rule.checks}${references === '' ? '' : ` (${references})`}.`;
}
