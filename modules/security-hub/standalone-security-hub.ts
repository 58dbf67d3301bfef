import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { validateProps } from '../core/prop-validation';
import { regionListProblems } from '../core/aws-values';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
  standardsProblems,
} from '../catalogs/security-hub-standards';
import { AccountStack } from '../deployment/account-stack';

/** One Region where Security Hub runs, with the provider of that Region. */
export interface SecurityHubRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for the Region, in the stack's account. */
  readonly provider: TerraformProvider;
}

/** Props of {@link StandaloneSecurityHub}. */
export interface StandaloneSecurityHubProps {
  /** The governed Regions: Security Hub runs in each; the stack's Region aggregates their findings. */
  readonly regions: readonly SecurityHubRegion[];
  /**
   * The standards the account runs in each Region: the organization's.
   * @default ['cis-aws-foundations-benchmark/v/5.0.0', 'aws-foundational-security-best-practices/v/1.0.0']
   */
  readonly standards?: readonly SecurityHubStandard[];
}

/**
 * Security Hub in one account that the organization's central configuration cannot reach (an account
 * outside the organization: fact `securityhub-central-configuration-organization-only`), set up as
 * that configuration sets up every other account: enabled in each governed Region with consolidated
 * control findings and new controls on, the same standards subscribed in each, and a finding
 * aggregator in the stack's Region that brings the other Regions' findings there (where a
 * {@link SecurityHubFindingsExport} of the same stack keeps them).
 *
 * What central configuration sets and this cannot: Config.1's `includeConfigServiceLinkedRoleCheck`
 * parameter (provider 5.x has no resource for UpdateSecurityControl), so Config.1 fails in such an
 * account where AWS Config records with our role; `compliance` names it.
 */
export class StandaloneSecurityHub extends Construct {
  /** Security Hub in each Region, by Region code. */
  public readonly hubs: ReadonlyMap<string, SecurityhubAccount>;
  /** The standards' subscriptions, by Region code. */
  public readonly subscriptions: ReadonlyMap<string, readonly SecurityhubStandardsSubscription[]>;
  /** The finding aggregator in the stack's Region. */
  public readonly aggregator: SecurityhubFindingAggregator;

  public constructor(scope: Construct, id: string, props: StandaloneSecurityHubProps) {
    super(scope, id);
    const standards = props.standards ?? DEFAULT_SECURITY_HUB_STANDARDS;
    const stack = AccountStack.of(this);
    const regions = props.regions.map((r) => r.region);
    validateProps(this, props, [
      ...regionListProblems('regions', regions),
      regions.includes(stack.region)
        ? undefined
        : {
            field: 'regions',
            message: `must include the stack's Region ${stack.region}, where the findings are aggregated`,
          },
      ...standardsProblems(standards),
    ]);

    const hubs = new Map<string, SecurityhubAccount>();
    const subscriptions = new Map<string, SecurityhubStandardsSubscription[]>();
    for (const { region, provider } of props.regions) {
      const hub = new SecurityhubAccount(this, `hub-${region}`, {
        provider,
        // The standards are subscribed below, the same in every Region; AWS's defaults would add others.
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
      hubs.set(region, hub);
      subscriptions.set(
        region,
        standards.map(
          (standard) =>
            new SecurityhubStandardsSubscription(this, `standard-${region}-${standard.replace(/\//g, '-')}`, {
              provider,
              standardsArn: stack.formatArn({
                service: 'securityhub',
                region,
                account: '',
                resource: 'standards',
                resourceName: standard,
              }),
              dependsOn: [hub],
            }),
        ),
      );
    }
    this.hubs = hubs;
    this.subscriptions = subscriptions;
    const others = [...new Set(regions)].filter((region) => region !== stack.region).sort();
    this.aggregator = new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      linkingMode: others.length === 0 ? 'NO_REGIONS' : 'SPECIFIED_REGIONS',
      specifiedRegions: others.length === 0 ? undefined : others,
      dependsOn: [...hubs.values()],
    });
  }
}
