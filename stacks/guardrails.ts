import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { configuredAlarms } from '../modules/alarms/configured-alarms';
import { CONTROL_TOWER, OrgConfig, recordsConfig } from '../modules/org-config/schema';
import {
  APPLICATION_LOGS_DESTINATION_NAME,
  AuditNaming,
  CIS_ALARM_PREFIX,
  CONFIG_RECORDER_ROLE_NAME,
  DEFAULT_ALARM_TOPIC_NAME,
  DEFAULT_HEARTBEAT_ALARM_NAME,
  EVASION_ALARM_PREFIX,
  FINDINGS_EXPORT_NAME,
  findingsEventsRoleName,
  GUARDRAILS_STACK_NAME,
  MEMBER_TRAIL_NAME,
  SESSION_PREFERENCES_DOCUMENT,
  trailDeliveryRoleName,
  trailLogGroupName,
} from '../modules/core/naming';
import { MANAGED_BY } from '../modules/core/tags';
import { AccountStack } from '../modules/deployment/account-stack';
import { applicationLogSenders, sendsToLogArchive } from '../modules/org-config/accounts';
import { Guardrails, type GuardrailsProps } from '../modules/guardrails/guardrails';
import { CONTROL_TOWER_EXECUTION_ROLE } from '../modules/guardrails/principals';
import { accountStackProps } from './account-props';

/**
 * The account that manages organization policies (the management account, or its delegated
 * administrator for policy management): the service control policies that keep the evidence and
 * the recording safe from administrators, and the log archive's data perimeter. Deployed after the
 * log archive and the organization trail, before the members.
 */
export class GuardrailsStack extends AccountStack {
  /** The policies and their attachments. */
  public readonly guardrails: Guardrails;

  public constructor(scope: Construct, config: OrgConfig) {
    const settings = config.guardrails;
    super(
      scope,
      GUARDRAILS_STACK_NAME,
      accountStackProps(config, settings.accountId ?? config.organization.managementAccountId),
    );
    const naming = AuditNaming.fromConfig(config);
    const outside = config.members.filter((member) => !member.inOrganization).map((member) => member.accountId);
    const trailAccount = naming.trailAccountId;
    const senders = applicationLogSenders(config);

    this.guardrails = new Guardrails(this, 'guardrails', {
      organizationId: config.organization.id,
      archiveAccountId: config.logArchive.accountId,
      logBucketName: naming.logBucketName,
      otherBucketNames: naming.replicaBucketName === undefined ? [] : [naming.replicaBucketName],
      deployRoleName: config.deployment.roleName,
      deployRoleManagerName: config.deployment.bootstrapRoleName,
      breakGlassPrincipalArns: settings.breakGlassPrincipalArns,
      // A signer's key policy lets it sign evidence packages: nobody else may become it.
      protectedPrincipalArns: config.logArchive.evidenceSigning?.signerRoleArns ?? [],
      targets: settings.targets,
      governedRegions: config.governedRegions,
      denyOtherRegions: settings.denyOtherRegions,
      accountTrailName: MEMBER_TRAIL_NAME,
      configRoleName: CONFIG_RECORDER_ROLE_NAME,
      sessionDocumentName: SESSION_PREFERENCES_DOCUMENT,
      managedByTag: MANAGED_BY,
      // Control Tower enrolls and updates its own recorder with this role in each account.
      // AWS Config's recorder is protected only where this product records it: a team that runs
      // Config itself in another account is not stopped.
      recordedAccountIds: recordedMembers(config),
      remediatesFlowLogs: config.awsConfig.flowLogsForEveryVpc,
      sessionLoggingAccountIds: settings.denyUnloggedSessions ? sessionLoggingMembers(config) : [],
      otherRecorderManagers: config.members.some((member) => member.awsConfig === CONTROL_TOWER)
        ? [CONTROL_TOWER_EXECUTION_ROLE]
        : [],
      // SCPs never bind the management account: the trail's monitoring is protected only where a
      // delegated administrator owns it.
      trailProtection:
        trailAccount === config.organization.managementAccountId
          ? undefined
          : {
              accountId: trailAccount,
              trailName: naming.trailName,
              logGroupName: trailLogGroupName(naming.trailName),
              deliveryRoleName: trailDeliveryRoleName(naming.trailName),
              topicName: DEFAULT_ALARM_TOPIC_NAME,
              alarmNames: [...configuredAlarms(config.alarms).map((alarm) => alarm.id), DEFAULT_HEARTBEAT_ALARM_NAME],
              alarmPrefixes: [CIS_ALARM_PREFIX, EVASION_ALARM_PREFIX],
            },
      applicationLogs:
        senders.length === 0
          ? undefined
          : {
              senderAccountIds: boundMembers(config, (member) => sendsToLogArchive(config, member)),
              destinationName: APPLICATION_LOGS_DESTINATION_NAME,
              liveSearch: config.applicationLogs.liveSearch.enabled,
            },
      auditAccount: auditProtection(config),
      search: config.logArchive.search !== null,
      dataPerimeter: settings.dataPerimeter
        ? { trustedAccountIds: [...config.logArchive.readerAccountIds, ...outside] }
        : undefined,
    });

    for (const [id, policy] of this.guardrails.policies) {
      new TerraformOutput(this, `${id.replace(/-/g, '_')}_policy_id`, {
        description: `Id of the ${id} guardrail policy (for audits and break-glass procedures).`,
        value: policy.id,
      });
    }
  }
}

/** The members of the organization that `pick` keeps, but the management account, which no SCP binds. */
function boundMembers(config: OrgConfig, pick: (member: OrgConfig['members'][number]) => boolean): string[] {
  return config.members
    .filter(
      (member) => pick(member) && member.inOrganization && member.accountId !== config.organization.managementAccountId,
    )
    .map((member) => member.accountId);
}

/** The members whose AWS Config this product records. */
function recordedMembers(config: OrgConfig): string[] {
  return boundMembers(config, recordsConfig);
}

/** The members that log their sessions. */
function sessionLoggingMembers(config: OrgConfig): string[] {
  return boundMembers(config, (member) => member.sessionManagerLogs);
}

/**
 * The audit account's protection: only where SCPs bind it, in an account of the organization other
 * than the management account.
 */
function auditProtection(config: OrgConfig): GuardrailsProps['auditAccount'] {
  const audit = config.audit;
  if (audit === false || audit === undefined) return undefined;
  const outside = config.members.some((m) => m.accountId === audit.accountId && !m.inOrganization);
  if (outside || audit.accountId === config.organization.managementAccountId) return undefined;
  return audit.exportFindings
    ? {
        accountId: audit.accountId,
        findingsExportName: FINDINGS_EXPORT_NAME,
        findingsEventsRoleName: findingsEventsRoleName(FINDINGS_EXPORT_NAME),
      }
    : { accountId: audit.accountId };
}
