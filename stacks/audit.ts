import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OrganizationConfigAggregator } from '../modules/aws-config/organization-config-aggregator';
import { OrganizationConfigRules } from '../modules/aws-config/organization-config-rules';
import { SecurityHubCentralConfiguration } from '../modules/security-hub/security-hub-central-configuration';
import { SecurityHubFindingsExport } from '../modules/security-hub/security-hub-findings-export';
import { auditConfigRules, exportsFindings, OrgConfig } from '../modules/org-config/schema';
import { AuditLoggingError } from '../modules/core/errors';
import { AUDIT_STACK_NAME, AuditNaming } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { accountStackProps } from './account-props';

/** Whether `audit` builds anything in the audit account (an aggregator, a rule, Security Hub). */
export function auditHasStack(config: OrgConfig): boolean {
  const audit = config.audit;
  return (
    audit !== undefined &&
    audit !== false &&
    (audit.configAggregator || audit.securityHub || auditConfigRules(config).length > 0)
  );
}

/**
 * The audit account (`audit.accountId`): the organization's AWS Config aggregator over every governed
 * Region, the detective rules deployed to every account, and Security Hub's central configuration
 * with its finding aggregator in the home Region, each unless the config leaves it to another owner,
 * and the export of Security Hub's findings into the archive's member-logs bucket.
 * Deployed last: the rules and Security Hub's controls evaluate what the members record, and the
 * management account has registered the audit account as delegated administrator (audit-delegation).
 */
export class AuditStack extends AccountStack {
  /** The organization aggregator, unless `audit.configAggregator` is false. */
  public readonly aggregator: OrganizationConfigAggregator | undefined;
  /** The detective rules, unless `audit.configRules` is empty. */
  public readonly rules: OrganizationConfigRules | undefined;
  /** Security Hub's central configuration, unless `audit.securityHub` is false. */
  public readonly securityHub: SecurityHubCentralConfiguration | undefined;
  /** The findings' export into the archive, with Security Hub unless `audit.exportFindings` is false. */
  public readonly findingsExport: SecurityHubFindingsExport | undefined;

  public constructor(scope: Construct, config: OrgConfig) {
    const audit = config.audit;
    if (audit === undefined || audit === false) {
      throw new AuditLoggingError('audit: the audit stack needs an audit account; set audit.accountId');
    }
    super(scope, AUDIT_STACK_NAME, accountStackProps(config, audit.accountId));
    const naming = AuditNaming.fromConfig(config);
    const regions = config.governedRegions;

    this.aggregator = audit.configAggregator
      ? new OrganizationConfigAggregator(this, 'aggregator', { regions })
      : undefined;

    const rules = auditConfigRules(config);
    this.rules =
      rules.length === 0
        ? undefined
        : new OrganizationConfigRules(this, 'rules', {
            regions: regions.map((region) => ({ region, provider: this.providerForRegion(region) })),
            homeRegion: config.homeRegion,
            rules,
            evaluationFrequency: audit.evaluationFrequency,
            // Where nothing of the organization's records, a rule cannot be created: AWS retries for
            // 7 hours, then reports the account as failed. Members with awsConfig false are skipped.
            excludedAccountIds: config.members
              .filter((member) => member.inOrganization && member.awsConfig === false)
              .map((member) => member.accountId),
          });

    this.securityHub = audit.securityHub
      ? new SecurityHubCentralConfiguration(this, 'security-hub', {
          organizationId: config.organization.id,
          regions,
          standards: audit.securityHubStandards,
        })
      : undefined;

    this.findingsExport = exportsFindings(config)
      ? new SecurityHubFindingsExport(this, 'findings-export', {
          bucketArn: naming.memberLogsBucketArn,
          prefix: naming.findingsPrefix,
          archiveAccountId: config.logArchive.accountId,
        })
      : undefined;

    if (this.aggregator !== undefined) {
      new TerraformOutput(this, 'config_aggregator_name', {
        description:
          "The organization's AWS Config aggregator: compliance --live reads the detective rules through it.",
        value: this.aggregator.aggregator.name,
      });
    }
    if (this.securityHub !== undefined) {
      new TerraformOutput(this, 'security_hub_policy_id', {
        description: "Security Hub's configuration policy, associated with the organization root.",
        value: this.securityHub.policy.id,
      });
    }
  }
}
