import {
  CIS_ALARM_PREFIX,
  DEFAULT_ALARM_TOPIC_NAME,
  DEFAULT_HEARTBEAT_ALARM_NAME,
  EVASION_ALARM_PREFIX,
  EVASION_METRIC_NAMESPACE,
} from '../core/naming';
import { formatArn } from '../core/arn';
/*
 * The evasion pack: attempts to blind the audit system that the CIS controls do not list, one
 * detection per technique family. Pure data (no cdktf, no I/O), like the CIS control records: the
 * config layer takes its ids from here, the alarms capability builds one metric filter and alarm
 * per record, `test-filters` tries them and the compliance matrix lists them. A record missing a
 * field, or an id without its record, does not compile.
 *
 * Every pattern is built from its `calls` by {@link callsPattern}, so the docs, the pattern and the
 * tests read the same list. Calls that do not fit one pattern go into a further filter of the same
 * detection ({@link DetectedCalls.filter}), counting into the same metric and alarm. No pattern looks at `errorCode`: an attempt the guardrails denied is
 * news (someone is probing them), so denied calls alarm like successful ones.
 *
 * Sources (read 2026-11-24): event sources and names from each service's "Logging ... API calls
 * with AWS CloudTrail" page and API reference; MITRE ATT&CK technique ids as Panther's rules map
 * them (panther-labs/panther-analysis@daa10c8, rules/aws_cloudtrail_rules/*.yml `Reports`) or, where
 * Panther has no rule, from ATT&CK's technique pages (attack.mitre.org); Stratus Red Team technique
 * ids from DataDog/stratus-red-team@7c9a7a5 (docs/attack-techniques). The recorded events that prove
 * each pattern are in __tests__/fixtures/cloudtrail/evasion/ with their own SOURCES.md.
 */

/**
 * Ids of the evasion detections, as users name them in `alarms.evasion`. A public contract: the
 * filter and alarm of each are named `evasion-<id>`.
 */
export const EVASION_DETECTION_IDS = [
  'trail-selectors-changed',
  'flow-logs-deleted',
  'dns-query-logging-removed',
  's3-block-public-access-removed',
  'threat-detection-disabled',
  'guardduty-lists-changed',
  'guardduty-findings-suppressed',
  'access-analyzer-deleted',
  'kms-key-policy-changed',
  'log-pipeline-deleted',
  'alarm-silenced',
  'root-access-key-created',
  'organization-guardrail-removed',
  'config-rules-deleted',
] as const;

/** An evasion detection id. */
export type EvasionDetectionId = (typeof EVASION_DETECTION_IDS)[number];

/** A MITRE ATT&CK (Enterprise) technique or sub-technique id, such as `T1562.008`. */
export type AttackTechniqueId = `T${number}` | `T${number}.${string}`;

/** API calls of one service that a detection matches, as CloudTrail records them. */
export interface DetectedCalls {
  /** CloudTrail's `eventSource`, such as `cloudtrail.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail's `eventName` values. */
  readonly eventNames: readonly string[];
  /**
   * A further condition on those events, as a filter pattern term (parenthesised), with what it
   * means in words for the docs. Absent when every such call counts.
   */
  readonly when?: {
    readonly term: string;
    readonly means: string;
    /**
     * Fields of an event the term matches, for every event name of these calls: the tests read the
     * detection's filters against an event with them, and the evasion pack's API coverage names
     * them for each operation the calls catch.
     */
    readonly example: Readonly<Record<string, unknown>>;
  };
  /**
   * The metric filter these calls go into when a detection's calls do not fit one filter pattern
   * (CloudWatch Logs takes patterns of at most 1,024 characters): the id of an additional filter,
   * named `evasion-<detection id>-<filter>`, that counts into the same metric and so the same alarm.
   * @default - the detection's own filter, `evasion-<detection id>`
   */
  readonly filter?: string;
}

/**
 * Which accounts an SCP statement binds. `guardrail-targets`: the recording and evidence
 * protection policies, attached to `guardrails.targets` (by default the organization root, so every
 * member account) and the log archive account, never the management account. `trail-administrator`:
 * the trail protection policy, which exists only when `trail.accountId` names a delegated
 * administrator (not the management account) and is attached to that one account.
 * `recorded-accounts`: the recorder protection policy, attached to each member of the organization
 * whose AWS Config this product records. `application-logs-archive`: the evidence protection
 * policy's statements on the application logs' delivery, which exist only with `applicationLogs`.
 * `sending-members`: the application logs protection policy, attached to each member of the
 * organization that sends its application logs. `audit-account`: the audit protection policy,
 * attached to the audit account alone when SCPs bind it (an account of the organization, not the
 * management account). `search-archive`: the search protection policy, which exists only with
 * `logArchive.search` and is attached to the log archive account alone.
 */
export type GuardrailBinding =
  | 'guardrail-targets'
  | 'trail-administrator'
  | 'recorded-accounts'
  | 'application-logs-archive'
  | 'sending-members'
  | 'audit-account'
  | 'search-archive';

/** One SCP statement of the guardrails that denies some of a detection's calls. */
export interface GuardrailDenial {
  /** The statement's Sid. */
  readonly sid: string;
  /** The detection's calls it denies (CloudTrail event names). */
  readonly eventNames: readonly string[];
  /**
   * The event source of those calls, where another service the detection watches has calls of the
   * same names (GuardDuty's and Security Hub's `UpdateOrganizationConfiguration`).
   * @default - every service of the detection
   */
  readonly eventSource?: string;
  /** On which resources, in words for the docs, such as `on the archive buckets and keys`. */
  readonly on: string;
  /** Which accounts it binds. */
  readonly binds: GuardrailBinding;
}

/** One detection of the evasion pack. */
export interface EvasionDetection<Id extends EvasionDetectionId = EvasionDetectionId> {
  /** The id users name in `alarms.evasion`. */
  readonly id: Id;
  /** What happened, for the alarm description, the docs and the compliance matrix. */
  readonly title: string;
  /** The calls it matches; its filters' patterns are {@link callsPattern} of them (see {@link evasionFilters}). */
  readonly calls: readonly DetectedCalls[];
  /** Metric the filter counts into (namespace {@link EVASION_METRIC_NAMESPACE}). */
  readonly metricName: string;
  /** MITRE ATT&CK techniques of the family. */
  readonly attack: readonly AttackTechniqueId[];
  /** Stratus Red Team techniques that detonate it; empty where Stratus has none. */
  readonly stratusRedTeam: readonly string[];
  /** What to do first when it fires. */
  readonly firstResponse: string;
  /** Why it fires in a normal organization, and why it stays; undefined when it should be rare. */
  readonly noise: string | undefined;
  /**
   * The guardrails' SCP statements that deny some of these calls, on this product's resources, and
   * where they bind; empty when none does. SCPs never bind the management account, so there, and
   * for every other call and resource, the alarm is the only line.
   */
  readonly deniedBy: readonly GuardrailDenial[];
}

/** One record per id, each filed under its own id: a missing id or field does not compile. */
export type EvasionDetectionRecords = { readonly [Id in EvasionDetectionId]: EvasionDetection<Id> };

export { EVASION_METRIC_NAMESPACE };

/** The quoted filter-pattern value of a string. */
const quoted = (value: string): string => JSON.stringify(value);

/**
 * The CloudWatch Logs filter pattern matching `calls`: for each service, its event source and one of
 * its event names (and its condition); the services joined by `||`.
 */
export function callsPattern(calls: readonly DetectedCalls[]): string {
  const terms = calls.map((call) => {
    const names = call.eventNames.map((name) => `($.eventName = ${quoted(name)})`);
    const nameTerm = names.length === 1 ? names[0] : `(${names.join(' || ')})`;
    const parts = [`($.eventSource = ${quoted(call.eventSource)})`, nameTerm, ...(call.when ? [call.when.term] : [])];
    return parts.join(' && ');
  });
  return terms.length === 1 ? `{ ${terms[0]} }` : `{ ${terms.map((term) => `(${term})`).join(' || ')} }`;
}

/** The four settings of S3 Block Public Access, as CloudTrail records them in a Put request. */
const BLOCK_PUBLIC_ACCESS_SETTINGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

/** A Put of Block Public Access that turns at least one setting off. */
const turnsOffASetting = {
  term: `(${BLOCK_PUBLIC_ACCESS_SETTINGS.map((s) => `($.requestParameters.PublicAccessBlockConfiguration.${s} IS FALSE)`).join(' || ')})`,
  means: 'with at least one of the four settings false',
  example: { requestParameters: { PublicAccessBlockConfiguration: { BlockPublicPolicy: false } } },
};

/** The evasion detections, one record per id. */
export const EVASION_DETECTIONS = {
  'trail-selectors-changed': {
    id: 'trail-selectors-changed',
    title:
      "A trail's event or Insights selectors or event configuration were changed, or an event data store changed, stopped or deleted",
    calls: [
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventNames: [
          'PutEventSelectors',
          'PutInsightSelectors',
          'PutEventConfiguration',
          'UpdateEventDataStore',
          'StopEventDataStoreIngestion',
          'DeleteEventDataStore',
        ],
      },
    ],
    metricName: 'TrailSelectorsChanged',
    attack: ['T1562.008'],
    stratusRedTeam: ['aws.defense-evasion.cloudtrail-event-selectors'],
    firstResponse:
      "Read the event's requestParameters: which trail, and which selectors it now has. Compare them with the deployed stack (terraform plan shows the drift); restore them by applying the stack, then look for what happened while the trail recorded less.",
    noise:
      "Fires on every deploy that changes a trail's selectors, ours included (trail.dataEvents, trail.insights), and on every change to an event data store, whether it narrows it or not (its selectors, Regions, organization scope, retention). It stays: narrowing selectors blinds the trail without stopping it, which the CIS alarm on trail changes does not see.",
    deniedBy: [
      {
        sid: 'DenyTrailChanges',
        eventNames: ['PutEventSelectors', 'PutInsightSelectors'],
        on: "on the members' account trails",
        binds: 'guardrail-targets',
      },
      {
        sid: 'DenyOrganizationTrailChanges',
        eventNames: ['PutEventSelectors', 'PutInsightSelectors'],
        on: 'on the organization trail',
        binds: 'trail-administrator',
      },
    ],
  },
  'flow-logs-deleted': {
    id: 'flow-logs-deleted',
    title: 'VPC flow logs were deleted',
    calls: [{ eventSource: 'ec2.amazonaws.com', eventNames: ['DeleteFlowLogs'] }],
    metricName: 'FlowLogsDeleted',
    attack: ['T1562.008'],
    stratusRedTeam: ['aws.defense-evasion.vpc-remove-flow-logs'],
    firstResponse:
      "Find the flow log ids in requestParameters and the VPCs they covered; if the VPC still exists, recreate its flow log (apply the member stack), then look at the VPC's traffic from the hour before.",
    noise:
      'Fires when a team tears down a VPC with its flow logs (terraform destroy of a workload). It stays: deleting flow logs is how an attacker hides network activity, and teardowns are rare and known to their team.',
    deniedBy: [
      {
        sid: 'DenyFlowLogDeletion',
        eventNames: ['DeleteFlowLogs'],
        on: 'on the flow logs this product created',
        binds: 'guardrail-targets',
      },
    ],
  },
  'dns-query-logging-removed': {
    id: 'dns-query-logging-removed',
    title:
      "DNS query logging (Route 53 Resolver or a public hosted zone) was deleted or disassociated, or a Resolver query logging configuration's sharing policy replaced",
    calls: [
      {
        eventSource: 'route53resolver.amazonaws.com',
        eventNames: [
          'DeleteResolverQueryLogConfig',
          'DisassociateResolverQueryLogConfig',
          'PutResolverQueryLogConfigPolicy',
        ],
      },
      { eventSource: 'route53.amazonaws.com', eventNames: ['DeleteQueryLoggingConfig'] },
    ],
    metricName: 'DnsQueryLoggingRemoved',
    attack: ['T1562.008'],
    stratusRedTeam: ['aws.defense-evasion.dns-delete-logs'],
    firstResponse:
      'Note the query log configuration and the VPCs it covered; restore it, then look for DNS-based exfiltration (unusual domains, long subdomains) from those VPCs in the period without logs.',
    noise:
      "Fires whenever a query logging configuration's sharing policy is written, narrowing it or not. Rare; it stays because the policy says which other accounts may use a shared configuration for their VPCs.",
    deniedBy: [],
  },
  's3-block-public-access-removed': {
    id: 's3-block-public-access-removed',
    title: 'S3 Block Public Access was removed or weakened on a bucket or an account',
    calls: [
      {
        eventSource: 's3.amazonaws.com',
        eventNames: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
      },
      {
        eventSource: 's3.amazonaws.com',
        eventNames: ['PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock'],
        when: turnsOffASetting,
      },
    ],
    metricName: 'S3BlockPublicAccessRemoved',
    attack: ['T1562'],
    stratusRedTeam: [],
    firstResponse:
      "Find the bucket (requestParameters.bucketName) or account; check its policy and ACLs for public grants (Access Analyzer, or get-bucket-policy-status), restore the block, then read the bucket's data events for anonymous reads.",
    noise:
      'Fires when a team publishes a website bucket on purpose. It stays: opening a bucket is the first step of exfiltration through it, and an intended public bucket is rare enough to acknowledge.',
    deniedBy: [
      {
        sid: 'DenyArchiveReconfiguration',
        eventNames: ['DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'],
        on: 'on the archive buckets',
        binds: 'guardrail-targets',
      },
    ],
  },
  'threat-detection-disabled': {
    id: 'threat-detection-disabled',
    title:
      "GuardDuty or Security Hub was disabled or narrowed (a detector's features, a member's or the organization's settings, malware scanning, a standard, control or configuration policy), an account detached from its administrator, or Security Hub's findings cut off (a product integration, cross-Region aggregation, an automation rule)",
    calls: [
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: [
          'DeleteDetector',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DisassociateMembers',
          'DeleteMembers',
          'StopMonitoringMembers',
          'DisableOrganizationAdminAccount',
          'UpdateMemberDetectors',
          'UpdateOrganizationConfiguration',
          'DeleteMalwareProtectionPlan',
          'UpdateMalwareProtectionPlan',
          'UpdateMalwareScanSettings',
        ],
      },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateDetector'],
        // Without `enable` the call changes features, data sources or the publishing frequency, which can turn protection off.
        when: {
          term: '(($.requestParameters.enable IS FALSE) || ($.requestParameters.enable NOT EXISTS))',
          means: 'with enable false, or without enable (a change of features, data sources or finding frequency)',
          example: { requestParameters: { enable: false } },
        },
      },
      // Security Hub's calls do not fit the same 1,024 characters: further filters into the same metric.
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: [
          'DisableSecurityHub',
          'DisableSecurityHubV2',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DisassociateMembers',
          'DeleteMembers',
          'DisableOrganizationAdminAccount',
          'StartConfigurationPolicyDisassociation',
          'DeleteConfigurationPolicy',
          'BatchDisableStandards',
          'BatchUpdateStandardsControlAssociations',
          'UpdateSecurityControl',
        ],
        filter: 'security-hub',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: ['UpdateConfigurationPolicy'],
        when: {
          term: '($.requestParameters.ConfigurationPolicy.SecurityHub.ServiceEnabled IS FALSE)',
          means: 'with ServiceEnabled false',
          example: { requestParameters: { ConfigurationPolicy: { SecurityHub: { ServiceEnabled: false } } } },
        },
        filter: 'security-hub',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: ['UpdateStandardsControl'],
        when: {
          term: '($.requestParameters.ControlStatus = "DISABLED")',
          means: 'with ControlStatus DISABLED',
          example: { requestParameters: { ControlStatus: 'DISABLED' } },
        },
        filter: 'security-hub',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: ['UpdateSecurityHubConfiguration'],
        when: {
          term: '($.requestParameters.AutoEnableControls IS FALSE)',
          means: 'with AutoEnableControls false',
          example: { requestParameters: { AutoEnableControls: false } },
        },
        filter: 'security-hub-settings',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: [
          'UpdateOrganizationConfiguration',
          'DisableImportFindingsForProduct',
          'DeleteFindingAggregator',
          'UpdateFindingAggregator',
          'DeleteAggregatorV2',
          'UpdateAggregatorV2',
          'CreateAutomationRule',
          'BatchUpdateAutomationRules',
          'CreateAutomationRuleV2',
          'UpdateAutomationRuleV2',
        ],
        filter: 'security-hub-settings',
      },
    ],
    metricName: 'ThreatDetectionDisabled',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "See which account and Region lost GuardDuty or Security Hub, or which setting, configuration policy, standard, control, integration, aggregation or automation rule changed, and who called; re-enable it from the administrator (audit account: apply the audit stack, which restores the central configuration), then review that account's findings and CloudTrail from the time it went dark.",
    noise:
      'BatchUpdateStandardsControlAssociations fires whether the batch disables or enables controls (a filter pattern cannot test every element of the batch), and the settings, aggregation and automation rule calls fire whether they narrow or widen. It stays: a control turned off is a check that no longer runs, and these changes are rare enough to acknowledge.',
    deniedBy: [
      {
        sid: 'DenyOrganizationSecurityChanges',
        eventNames: [
          'BatchDisableStandards',
          'BatchUpdateAutomationRules',
          'BatchUpdateStandardsControlAssociations',
          'CreateAutomationRule',
          'CreateAutomationRuleV2',
          'DeleteAggregatorV2',
          'DeleteConfigurationPolicy',
          'DeleteFindingAggregator',
          'DisableSecurityHubV2',
          'DisassociateMembers',
          'StartConfigurationPolicyDisassociation',
          'UpdateAggregatorV2',
          'UpdateAutomationRuleV2',
          'UpdateConfigurationPolicy',
          'UpdateFindingAggregator',
          'UpdateOrganizationConfiguration',
          'UpdateSecurityControl',
          'UpdateSecurityHubConfiguration',
          'UpdateStandardsControl',
        ],
        eventSource: 'securityhub.amazonaws.com',
        on: "on Security Hub's central configuration, members, settings, standards, controls and automation rules",
        binds: 'audit-account',
      },
    ],
  },
  'guardduty-lists-changed': {
    id: 'guardduty-lists-changed',
    title:
      'A GuardDuty trusted IP list or trusted entity set was created or changed, or a threat list or threat entity set was deleted or deactivated',
    calls: [
      // GuardDuty's guide: it generates no findings for activity from the IPs of an active trusted
      // IP list (or the entries of a trusted entity set), and one active trusted list is all an attacker needs.
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: [
          'CreateIPSet',
          'UpdateIPSet',
          'CreateTrustedEntitySet',
          'UpdateTrustedEntitySet',
          'DeleteThreatIntelSet',
          'DeleteThreatEntitySet',
        ],
      },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateThreatIntelSet', 'UpdateThreatEntitySet'],
        when: {
          term: '($.requestParameters.activate IS FALSE)',
          means: 'with activate false',
          example: { requestParameters: { activate: false } },
        },
      },
    ],
    metricName: 'GuardDutyListsChanged',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read the list's location (an S3 object) and the IPs in it: a trusted IP list silences GuardDuty for every address on it. Remove addresses nobody can vouch for, restore a deleted or deactivated threat list, and read GuardDuty's and CloudTrail's records of those addresses since the change.",
    noise:
      'A security team that maintains its trusted list (office or scanner addresses) fires it at each update. It stays: who may silence GuardDuty, and for which addresses, is worth a look every time.',
    deniedBy: [],
  },
  'guardduty-findings-suppressed': {
    id: 'guardduty-findings-suppressed',
    title: 'A GuardDuty suppression rule was created or changed: findings it matches are archived as they arrive',
    calls: [
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['CreateFilter'],
        when: {
          term: '($.requestParameters.action = "ARCHIVE")',
          means: 'with action ARCHIVE',
          example: { requestParameters: { action: 'ARCHIVE' } },
        },
      },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateFilter'],
        when: {
          term: '(($.requestParameters.action = "ARCHIVE") || ($.requestParameters.action NOT EXISTS))',
          means: 'with action ARCHIVE, or new criteria without an action (the filter may already archive)',
          example: { requestParameters: { action: 'ARCHIVE' } },
        },
      },
    ],
    metricName: 'GuardDutyFindingsSuppressed',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read the filter's criteria: every finding they match is archived on arrival and never reaches Security Hub or EventBridge. Delete or narrow it, then unarchive and read the findings it hid since it changed.",
    noise:
      'Teams tune GuardDuty with suppression rules, and a criteria change to a saved view (action NOOP kept) fires too, since the event does not say what the filter already does. It stays: a suppression rule is exactly what an attacker adds first.',
    deniedBy: [],
  },
  'access-analyzer-deleted': {
    id: 'access-analyzer-deleted',
    title:
      'An IAM Access Analyzer analyzer was deleted or reconfigured, or an archive rule created, changed or applied (findings it matches are archived)',
    calls: [
      {
        eventSource: 'access-analyzer.amazonaws.com',
        eventNames: [
          'DeleteAnalyzer',
          'DeleteServiceLinkedAnalyzer',
          'UpdateAnalyzer',
          'CreateArchiveRule',
          'UpdateArchiveRule',
          'ApplyArchiveRule',
        ],
      },
    ],
    metricName: 'AccessAnalyzerDeleted',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Recreate the analyzer, or delete or narrow the archive rule and unarchive what it hid, then read the analyzer's findings for resources shared outside the organization since the change: an attacker removes it before sharing a snapshot, a role or a bucket.",
    noise:
      'Teams tune Access Analyzer with archive rules (known partners, intended sharing), and each rule change fires. It stays: an archive rule is how access that should alarm is filed away unseen.',
    deniedBy: [],
  },
  'kms-key-policy-changed': {
    id: 'kms-key-policy-changed',
    title:
      "A KMS key's policy was replaced, its rotation turned off, its imported material deleted or reimported, an alias repointed or deleted, or a custom key store disconnected or changed",
    calls: [
      {
        eventSource: 'kms.amazonaws.com',
        eventNames: [
          'PutKeyPolicy',
          'DisableKeyRotation',
          'DeleteImportedKeyMaterial',
          'ImportKeyMaterial',
          'UpdateAlias',
          'DeleteAlias',
          'DisconnectCustomKeyStore',
          'UpdateCustomKeyStore',
        ],
      },
    ],
    metricName: 'KmsKeyPolicyChanged',
    attack: ['T1562.008'],
    stratusRedTeam: [],
    firstResponse:
      'Compare the new policy (requestParameters.policy), alias target or key store with the deployed one (terraform plan of the stack that owns the key). A policy that drops CloudTrail, CloudWatch Logs or the archive readers, an alias moved to another key, or key material gone stops delivery or reading without a single Delete call.',
    noise:
      "Fires on every deploy that changes one of our key policies (a reader added, an account onboarded) or aliases, and on other teams' key policy, alias and imported key edits. It stays: whoever controls the key policy controls whether the evidence can be written and read.",
    deniedBy: [
      {
        sid: 'DenyEvidenceDestruction',
        eventNames: ['DeleteImportedKeyMaterial'],
        on: "on the log archive account's keys",
        binds: 'guardrail-targets',
      },
      {
        sid: 'DenyArchiveReconfiguration',
        eventNames: ['PutKeyPolicy', 'DisableKeyRotation', 'UpdateAlias', 'DeleteAlias'],
        on: "on the log archive account's keys",
        binds: 'guardrail-targets',
      },
      {
        sid: 'DenyMonitoringKeyChanges',
        eventNames: ['PutKeyPolicy', 'DisableKeyRotation'],
        on: "on the keys of the trail's log group and alarm topic",
        binds: 'trail-administrator',
      },
      {
        sid: 'DenyAuditKeyChanges',
        eventNames: ['PutKeyPolicy', 'DisableKeyRotation'],
        on: 'on the keys this product made in the audit account (tagged ManagedBy)',
        binds: 'audit-account',
      },
    ],
  },
  'log-pipeline-deleted': {
    id: 'log-pipeline-deleted',
    title:
      "A CloudWatch Logs group, stream, metric filter, subscription filter, destination or delivery, a Firehose stream, or a link or sink of cross-account search, was deleted or redirected, a policy that lets services or accounts send logs changed, a stream's encryption stopped, one of this product's metric filters replaced, or search narrowed",
    calls: [
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: [
          'DeleteLogGroup',
          'DeleteLogStream',
          'DeleteMetricFilter',
          'DeleteSubscriptionFilter',
          'DeleteDestination',
          'PutDestination',
          'PutDestinationPolicy',
          'DeleteAccountPolicy',
          'DeleteResourcePolicy',
          'PutResourcePolicy',
        ],
      },
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: ['PutMetricFilter'],
        // The CIS and evasion filters' names (`cis-`, `evasion-`): replacing a pattern silences its alarm.
        when: {
          term: '(($.requestParameters.filterName = "cis-*") || ($.requestParameters.filterName = "evasion-*"))',
          means: "on this product's filters (names starting cis- or evasion-)",
          example: { requestParameters: { filterName: `${CIS_ALARM_PREFIX}root-account-usage` } },
        },
      },
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: ['PutAccountPolicy'],
        when: {
          term: '($.requestParameters.policyType = "SUBSCRIPTION_FILTER_POLICY")',
          means: 'of a subscription filter policy',
          example: { requestParameters: { policyType: 'SUBSCRIPTION_FILTER_POLICY' } },
        },
      },
      // The deliveries of vended logs do not fit the same 1,024 characters: a further filter into the same metric.
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: [
          'DeleteDelivery',
          'DeleteDeliverySource',
          'PutDeliverySource',
          'DeleteDeliveryDestination',
          'PutDeliveryDestination',
          'DeleteDeliveryDestinationPolicy',
          'PutDeliveryDestinationPolicy',
        ],
        filter: 'deliveries',
      },
      // The Firehose streams behind the destinations (the application logs', the findings'): deleted, redirected, or no longer encrypted.
      {
        eventSource: 'firehose.amazonaws.com',
        eventNames: ['DeleteDeliveryStream', 'UpdateDestination', 'StopDeliveryStreamEncryption'],
        filter: 'deliveries',
      },
      // Live search across accounts: a member's link to the archive's sink removed or narrowed, the sink
      // deleted, or its policy rewritten.
      {
        eventSource: 'oam.amazonaws.com',
        eventNames: ['DeleteLink', 'UpdateLink', 'DeleteSink', 'PutSinkPolicy'],
        filter: 'deliveries',
      },
      // The search tier (logArchive.search): its collection deleted, or what reaches it, who reads it
      // and how long it keeps documents narrowed; its pipeline deleted, stopped or rewritten.
      {
        eventSource: 'aoss.amazonaws.com',
        eventNames: [
          'DeleteCollection',
          'UpdateSecurityPolicy',
          'DeleteSecurityPolicy',
          'UpdateAccessPolicy',
          'DeleteAccessPolicy',
          'CreateLifecyclePolicy',
          'UpdateLifecyclePolicy',
          'DeleteLifecyclePolicy',
          'UpdateIndex',
          'DeleteIndex',
          'UpdateAccountSettings',
        ],
        filter: 'search',
      },
      {
        eventSource: 'osis.amazonaws.com',
        eventNames: ['DeletePipeline', 'StopPipeline', 'UpdatePipeline'],
        filter: 'search',
      },
    ],
    metricName: 'LogPipelineDeleted',
    attack: ['T1562.008'],
    stratusRedTeam: [],
    firstResponse:
      "Read requestParameters (logGroupName, filterName, destinationName, policyName or the delivery). If it is the trail's group or a metric filter of these alarms, the alarms are blind; if it is the archive's destination or stream (deliveryStreamName audit-application-logs-*) or the account's subscription filter policy, application logs stop reaching the archive: restore them by applying the organization, member or log archive stack, and read the trail's S3 copy for the gap. A link or sink (oam.amazonaws.com): live search loses that account; apply the member or log archive stack. OpenSearch: apply log-archive.",
    noise:
      "The noisiest of the pack: teardowns of Lambda functions and test stacks delete their log groups, services write the account's resource policy when a team turns their logs on, and deploys that change this product's metric filters fire it. It stays because deleting the log group or a metric filter is how the CIS alarms themselves are switched off; route it to a queue, not a pager, where teardowns are common.",
    deniedBy: [
      {
        sid: 'DenyTrailLogGroupChanges',
        eventNames: ['DeleteLogGroup', 'DeleteLogStream', 'DeleteMetricFilter', 'PutMetricFilter'],
        on: "on the organization trail's log group",
        binds: 'trail-administrator',
      },
      {
        sid: 'DenyApplicationLogsDeliveryChanges',
        eventNames: [
          'DeleteDestination',
          'PutDestination',
          'PutDestinationPolicy',
          'DeleteDeliveryStream',
          'UpdateDestination',
          'StopDeliveryStreamEncryption',
        ],
        on: "on the log archive's destinations and streams of the application logs",
        binds: 'application-logs-archive',
      },
      {
        sid: 'DenyAccountPolicyChanges',
        eventNames: ['DeleteAccountPolicy', 'PutAccountPolicy'],
        on: 'on every account-level policy',
        binds: 'sending-members',
      },
      {
        sid: 'DenyLiveSearchLinkChanges',
        eventNames: ['DeleteLink', 'UpdateLink'],
        on: 'on the links this product made (tagged ManagedBy)',
        binds: 'sending-members',
      },
      {
        sid: 'DenyLiveSearchSinkChanges',
        eventNames: ['DeleteSink', 'PutSinkPolicy'],
        on: "on the log archive's sinks",
        binds: 'application-logs-archive',
      },
      {
        sid: 'DenyFindingsExportChanges',
        eventNames: ['DeleteDeliveryStream', 'UpdateDestination', 'StopDeliveryStreamEncryption'],
        on: "on the audit account's findings export",
        binds: 'audit-account',
      },
      {
        sid: 'DenySearchCollectionChanges',
        eventNames: [
          'DeleteCollection',
          'UpdateAccessPolicy',
          'DeleteAccessPolicy',
          'CreateLifecyclePolicy',
          'UpdateLifecyclePolicy',
          'DeleteLifecyclePolicy',
          'UpdateIndex',
          'DeleteIndex',
          'UpdateAccountSettings',
        ],
        on: 'on every collection, data access and lifecycle policy and index of the log archive account',
        binds: 'search-archive',
      },
      {
        sid: 'DenySearchSecurityPolicyChanges',
        eventNames: ['UpdateSecurityPolicy', 'DeleteSecurityPolicy'],
        on: 'on every encryption and network policy of the log archive account (the pipeline role is spared)',
        binds: 'search-archive',
      },
      {
        sid: 'DenySearchPipelineChanges',
        eventNames: ['DeletePipeline', 'StopPipeline', 'UpdatePipeline'],
        on: "on the log archive's pipeline audit-logs",
        binds: 'search-archive',
      },
    ],
  },
  'alarm-silenced': {
    id: 'alarm-silenced',
    title:
      "CloudWatch alarms were deleted, muted, their actions disabled or this product's alarms changed, or an SNS topic deleted, unsubscribed or its delivery narrowed",
    calls: [
      {
        eventSource: 'monitoring.amazonaws.com',
        eventNames: ['DeleteAlarms', 'DisableAlarmActions', 'PutAlarmMuteRule'],
      },
      {
        eventSource: 'monitoring.amazonaws.com',
        eventNames: ['PutMetricAlarm'],
        // This product's alarm names (`cis-`, `evasion-`, the heartbeat's default): an update overwrites the whole alarm.
        when: {
          term: `(($.requestParameters.alarmName = "${CIS_ALARM_PREFIX}*") || ($.requestParameters.alarmName = "${EVASION_ALARM_PREFIX}*") || ($.requestParameters.alarmName = "${DEFAULT_HEARTBEAT_ALARM_NAME}") || ($.requestParameters.actionsEnabled IS FALSE))`,
          means:
            "on this product's alarms (names starting cis- or evasion-, and the heartbeat), or with actionsEnabled false",
          example: { requestParameters: { alarmName: `${CIS_ALARM_PREFIX}root-account-usage` } },
        },
      },
      {
        eventSource: 'monitoring.amazonaws.com',
        eventNames: ['PutCompositeAlarm'],
        when: {
          term: '($.requestParameters.actionsEnabled IS FALSE)',
          means: 'with actionsEnabled false',
          example: { requestParameters: { actionsEnabled: false } },
        },
      },
      // SNS's calls do not fit the same 1,024 characters: a further filter into the same metric.
      {
        eventSource: 'sns.amazonaws.com',
        eventNames: [
          'DeleteTopic',
          'Unsubscribe',
          'RemovePermission',
          'SetSubscriptionAttributes',
          'PutDataProtectionPolicy',
          'SetSMSAttributes',
        ],
        filter: 'topics',
      },
      {
        eventSource: 'sns.amazonaws.com',
        eventNames: ['SetTopicAttributes'],
        when: {
          term: '($.requestParameters.topicArn = "*:audit-security-alarms")',
          means: "on this product's alarm topic (audit-security-alarms)",
          example: {
            requestParameters: {
              topicArn: formatArn({
                partition: 'aws',
                service: 'sns',
                region: 'us-east-1',
                account: '111122223333',
                resource: DEFAULT_ALARM_TOPIC_NAME,
              }),
            },
          },
        },
        filter: 'topics',
      },
    ],
    metricName: 'AlarmSilenced',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read the alarm names, mute rule, subscription or topic ARN in requestParameters. If they are this product's (names starting cis- or evasion-, the heartbeat, the topic audit-security-alarms), apply the organization stack to restore them and read the trail for what happened in between.",
    noise:
      "Fires on teardowns that delete alarms (Application Auto Scaling removes its target-tracking alarms when a policy is deleted), when someone unsubscribes from a topic or changes a subscription's attributes, and on deploys that change this product's alarms or topic. It stays: silencing the alarms is the step before the act they would report.",
    deniedBy: [
      {
        sid: 'DenyAlarmChanges',
        eventNames: ['DeleteAlarms', 'DisableAlarmActions', 'PutAlarmMuteRule', 'PutMetricAlarm'],
        on: "on this product's alarms",
        binds: 'trail-administrator',
      },
      {
        sid: 'DenyAlarmTopicChanges',
        eventNames: [
          'DeleteTopic',
          'PutDataProtectionPolicy',
          'RemovePermission',
          'SetTopicAttributes',
          'SetSubscriptionAttributes',
          'Unsubscribe',
        ],
        on: 'on the alarm topic',
        binds: 'trail-administrator',
      },
    ],
  },
  'root-access-key-created': {
    id: 'root-access-key-created',
    title: 'The root user created an access key, for itself or for an IAM user',
    calls: [
      {
        eventSource: 'iam.amazonaws.com',
        eventNames: ['CreateAccessKey'],
        when: {
          term: '($.userIdentity.type = "Root")',
          means: 'by the root user, for itself (no userName) or for an IAM user (a key the root user hands out)',
          example: { userIdentity: { type: 'Root' } },
        },
      },
    ],
    metricName: 'RootAccessKeyCreated',
    attack: ['T1098.001'],
    stratusRedTeam: [],
    firstResponse:
      "Treat the account's root credentials as compromised: delete the key (the root user's, or the one it made for an IAM user), reset the root password and MFA from the management account (or centralized root access), and read everything the root user and that IAM user did.",
    noise: undefined,
    deniedBy: [],
  },
  'organization-guardrail-removed': {
    id: 'organization-guardrail-removed',
    title:
      "An AWS service's trusted access to the organization was disabled, a delegated administrator deregistered, or a member account closed",
    // Leaving the organization, removing an account and detaching, deleting or disabling policies are
    // CIS organizations-changes calls: that alarm fires on them, so this one does not (one page per event).
    calls: [
      {
        eventSource: 'organizations.amazonaws.com',
        eventNames: ['DisableAWSServiceAccess', 'DeregisterDelegatedAdministrator', 'CloseAccount'],
      },
    ],
    metricName: 'OrganizationGuardrailRemoved',
    attack: ['T1562.008', 'T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read requestParameters.servicePrincipal: the service (CloudTrail, Config, GuardDuty, Security Hub) that lost its organization-wide reach or its administrator account; enable its access or register the administrator again from the management account, then read the members' own logs for the gap. For a closed account (requestParameters.accountId), confirm its owner meant it, above all for the log archive or audit account.",
    noise:
      "Fires when an organization retires a service or moves a service's delegated administrator (deregistering comes first), and when an account is closed. Rare; it stays because each one removes a service's watch over every member, or an account with its evidence. Leaving the organization and detaching or deleting policies fire the CIS organizations-changes alarm instead.",
    deniedBy: [],
  },
  'config-rules-deleted': {
    id: 'config-rules-deleted',
    title:
      "AWS Config's rules, conformance packs, aggregator, recorders or evaluations were deleted, an organization rule, pack or aggregator changed, resource types taken out of recording, or the history's retention set",
    calls: [
      {
        eventSource: 'config.amazonaws.com',
        eventNames: [
          'DeleteConfigRule',
          'DeleteOrganizationConfigRule',
          'PutOrganizationConfigRule',
          'DeleteConformancePack',
          'DeleteOrganizationConformancePack',
          'PutOrganizationConformancePack',
          'DeleteConfigurationAggregator',
          'PutConfigurationAggregator',
          'DeleteAggregationAuthorization',
          'DeleteConfigurationRecorder',
          'DeleteServiceLinkedConfigurationRecorder',
          'DisassociateResourceTypes',
          'DeleteEvaluationResults',
          'PutRetentionConfiguration',
        ],
      },
    ],
    metricName: 'ConfigRulesDeleted',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      'Name the rule, pack, aggregator, recorder or resource types (requestParameters); restore them by applying the audit or member stack, and read compliance --live once its evaluations are back.',
    noise:
      'Deleting an organization rule makes AWS Config delete its copy in every member account (one event each), and deploys that change organization rules, packs or the aggregator fire it. Rare outside deploys; it stays because deleting or narrowing a rule hides the non-compliance it reported.',
    deniedBy: [
      {
        sid: 'DenyRecorderChanges',
        eventNames: ['DeleteConfigurationRecorder', 'DisassociateResourceTypes'],
        on: 'in the governed Regions',
        binds: 'recorded-accounts',
      },
      {
        sid: 'DenyConfigRuleChanges',
        eventNames: ['DeleteConfigRule', 'DeleteEvaluationResults'],
        on: 'on the rules this product made (tagged ManagedBy)',
        binds: 'recorded-accounts',
      },
      {
        sid: 'DenyOrganizationSecurityChanges',
        eventNames: [
          'DeleteConfigurationAggregator',
          'DeleteOrganizationConfigRule',
          'PutConfigurationAggregator',
          'PutOrganizationConfigRule',
        ],
        on: "on the organization's AWS Config rules and aggregator",
        binds: 'audit-account',
      },
    ],
  },
} as const satisfies EvasionDetectionRecords;

/** The detections in {@link EVASION_DETECTION_IDS} order: the order of alarms, tests, docs and the matrix. */
export const EVASION_DETECTION_LIST: readonly EvasionDetection[] = EVASION_DETECTION_IDS.map(
  (id): EvasionDetection => EVASION_DETECTIONS[id],
);

/** One metric filter of a detection: its own (`filter` undefined) or an additional one. */
export interface EvasionFilter {
  /** The additional filter's id (see {@link DetectedCalls.filter}); undefined for the detection's own. */
  readonly filter: string | undefined;
  /** Its pattern: {@link callsPattern} of the calls that go into it. */
  readonly pattern: string;
}

/** The metric filters of a detection: its own first, then the additional ones in the order their calls appear. */
export function evasionFilters(detection: EvasionDetection): EvasionFilter[] {
  const ids = [undefined, ...new Set(detection.calls.map((call) => call.filter).filter((id) => id !== undefined))];
  return ids.map((filter) => ({
    filter,
    pattern: callsPattern(detection.calls.filter((call) => call.filter === filter)),
  }));
}

/** The pattern of a detection's own filter (its additional filters are in {@link evasionFilters}). */
export function evasionPattern(detection: EvasionDetection): string {
  return evasionFilters(detection)[0].pattern;
}
