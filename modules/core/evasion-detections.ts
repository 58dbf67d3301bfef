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
  readonly when?: { readonly term: string; readonly means: string };
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
 * whose AWS Config this product records.
 */
export type GuardrailBinding = 'guardrail-targets' | 'trail-administrator' | 'recorded-accounts';

/** One SCP statement of the guardrails that denies some of a detection's calls. */
export interface GuardrailDenial {
  /** The statement's Sid. */
  readonly sid: string;
  /** The detection's calls it denies (CloudTrail event names). */
  readonly eventNames: readonly string[];
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

/** Namespace of the evasion pack's metrics. */
export const EVASION_METRIC_NAMESPACE = 'AuditLogging/Evasion';

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
};

/** The evasion detections, one record per id. */
export const EVASION_DETECTIONS = {
  'trail-selectors-changed': {
    id: 'trail-selectors-changed',
    title: "A trail's event or Insights selectors were changed, or an event data store stopped or deleted",
    calls: [
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventNames: ['PutEventSelectors', 'PutInsightSelectors', 'StopEventDataStoreIngestion', 'DeleteEventDataStore'],
      },
    ],
    metricName: 'TrailSelectorsChanged',
    attack: ['T1562.008'],
    stratusRedTeam: ['aws.defense-evasion.cloudtrail-event-selectors'],
    firstResponse:
      "Read the event's requestParameters: which trail, and which selectors it now has. Compare them with the deployed stack (terraform plan shows the drift); restore them by applying the stack, then look for what happened while the trail recorded less.",
    noise:
      "Fires on every deploy that changes a trail's selectors, ours included (trail.dataEvents, trail.insights). It stays: narrowing selectors blinds the trail without stopping it, which the CIS alarm on trail changes does not see.",
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
    title: 'DNS query logging (Route 53 Resolver or a public hosted zone) was deleted or disassociated',
    calls: [
      {
        eventSource: 'route53resolver.amazonaws.com',
        eventNames: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
      },
      { eventSource: 'route53.amazonaws.com', eventNames: ['DeleteQueryLoggingConfig'] },
    ],
    metricName: 'DnsQueryLoggingRemoved',
    attack: ['T1562.008'],
    stratusRedTeam: ['aws.defense-evasion.dns-delete-logs'],
    firstResponse:
      'Note the query log configuration and the VPCs it covered; restore it, then look for DNS-based exfiltration (unusual domains, long subdomains) from those VPCs in the period without logs.',
    noise: undefined,
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
      'GuardDuty or Security Hub was disabled, a standard or control turned off, a Security Hub configuration policy removed or switched off, or an account detached from its administrator',
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
        ],
      },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateDetector'],
        when: { term: '($.requestParameters.enable IS FALSE)', means: 'with enable false' },
      },
      // Security Hub's calls do not fit the same 1,024 characters: a second filter into the same metric.
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: [
          'DisableSecurityHub',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DisassociateMembers',
          'DeleteMembers',
          'DisableOrganizationAdminAccount',
          'StartConfigurationPolicyDisassociation',
          'DeleteConfigurationPolicy',
          'BatchDisableStandards',
          'BatchUpdateStandardsControlAssociations',
        ],
        filter: 'security-hub',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: ['UpdateConfigurationPolicy'],
        when: {
          term: '($.requestParameters.ConfigurationPolicy.SecurityHub.ServiceEnabled IS FALSE)',
          means: 'with ServiceEnabled false',
        },
        filter: 'security-hub',
      },
      {
        eventSource: 'securityhub.amazonaws.com',
        eventNames: ['UpdateStandardsControl'],
        when: { term: '($.requestParameters.ControlStatus = "DISABLED")', means: 'with ControlStatus DISABLED' },
        filter: 'security-hub',
      },
    ],
    metricName: 'ThreatDetectionDisabled',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "See which account and Region lost GuardDuty or Security Hub, or which configuration policy, standard or control changed, and who called; re-enable it from the administrator (audit account: apply the audit stack, which restores the central configuration), then review that account's findings and CloudTrail from the time it went dark.",
    noise:
      'BatchUpdateStandardsControlAssociations fires whether the batch disables or enables controls (a filter pattern cannot test every element of the batch). It stays: a control turned off is a check that no longer runs, and control changes are rare enough to acknowledge.',
    deniedBy: [],
  },
  'guardduty-lists-changed': {
    id: 'guardduty-lists-changed',
    title: 'A GuardDuty trusted IP list was created or changed, or a threat list was deleted or deactivated',
    calls: [
      // GuardDuty's guide: it generates no findings for activity from the IPs of an active trusted
      // IP list, and one active trusted list per detector is all an attacker needs.
      { eventSource: 'guardduty.amazonaws.com', eventNames: ['CreateIPSet', 'UpdateIPSet', 'DeleteThreatIntelSet'] },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateThreatIntelSet'],
        when: { term: '($.requestParameters.activate IS FALSE)', means: 'with activate false' },
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
        when: { term: '($.requestParameters.action = "ARCHIVE")', means: 'with action ARCHIVE' },
      },
      {
        eventSource: 'guardduty.amazonaws.com',
        eventNames: ['UpdateFilter'],
        when: {
          term: '(($.requestParameters.action = "ARCHIVE") || ($.requestParameters.action NOT EXISTS))',
          means: 'with action ARCHIVE, or new criteria without an action (the filter may already archive)',
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
    title: 'An IAM Access Analyzer analyzer was deleted',
    calls: [{ eventSource: 'access-analyzer.amazonaws.com', eventNames: ['DeleteAnalyzer'] }],
    metricName: 'AccessAnalyzerDeleted',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      'Recreate the analyzer, then read its findings for resources shared outside the organization since the deletion: an attacker removes it before sharing a snapshot, a role or a bucket.',
    noise: undefined,
    deniedBy: [],
  },
  'kms-key-policy-changed': {
    id: 'kms-key-policy-changed',
    title: "A KMS key's policy was replaced or its rotation turned off",
    calls: [{ eventSource: 'kms.amazonaws.com', eventNames: ['PutKeyPolicy', 'DisableKeyRotation'] }],
    metricName: 'KmsKeyPolicyChanged',
    attack: ['T1562.008'],
    stratusRedTeam: [],
    firstResponse:
      'Compare the new policy (requestParameters.policy) with the deployed one (terraform plan of the stack that owns the key). A policy that drops CloudTrail, CloudWatch Logs or the archive readers stops delivery or reading without a single Delete call.',
    noise:
      "Fires on every deploy that changes one of our key policies (a reader added, an account onboarded), and on other teams' key policy edits. It stays: whoever controls the key policy controls whether the evidence can be written and read.",
    deniedBy: [
      {
        sid: 'DenyArchiveReconfiguration',
        eventNames: ['PutKeyPolicy', 'DisableKeyRotation'],
        on: "on the log archive account's keys",
        binds: 'guardrail-targets',
      },
      {
        sid: 'DenyMonitoringKeyChanges',
        eventNames: ['PutKeyPolicy', 'DisableKeyRotation'],
        on: "on the keys of the trail's log group and alarm topic",
        binds: 'trail-administrator',
      },
    ],
  },
  'log-pipeline-deleted': {
    id: 'log-pipeline-deleted',
    title: 'A CloudWatch Logs group, stream, metric filter or subscription filter was deleted',
    calls: [
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: ['DeleteLogGroup', 'DeleteLogStream', 'DeleteMetricFilter', 'DeleteSubscriptionFilter'],
      },
    ],
    metricName: 'LogPipelineDeleted',
    attack: ['T1562.008'],
    stratusRedTeam: [],
    firstResponse:
      "Read requestParameters.logGroupName. If it is the trail's group or a metric filter of these alarms, the alarms are blind: restore them by applying the organization stack, and read the trail's S3 copy for the gap.",
    noise:
      'The noisiest of the pack: teardowns of Lambda functions and test stacks delete their log groups. It stays because deleting the log group or a metric filter is how the CIS alarms themselves are switched off; route it to a queue, not a pager, where teardowns are common.',
    deniedBy: [
      {
        sid: 'DenyTrailLogGroupChanges',
        eventNames: ['DeleteLogGroup', 'DeleteLogStream', 'DeleteMetricFilter'],
        on: "on the organization trail's log group",
        binds: 'trail-administrator',
      },
    ],
  },
  'alarm-silenced': {
    id: 'alarm-silenced',
    title: 'CloudWatch alarms were deleted or their actions disabled, or an SNS topic deleted or unsubscribed',
    calls: [
      { eventSource: 'monitoring.amazonaws.com', eventNames: ['DeleteAlarms', 'DisableAlarmActions'] },
      { eventSource: 'sns.amazonaws.com', eventNames: ['DeleteTopic', 'Unsubscribe'] },
    ],
    metricName: 'AlarmSilenced',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read the alarm names or topic ARN in requestParameters. If they are this product's (names starting cis- or evasion-, the heartbeat, the topic audit-security-alarms), apply the organization stack to restore them and read the trail for what happened in between.",
    noise:
      'Fires on teardowns that delete alarms (Application Auto Scaling removes its target-tracking alarms when a policy is deleted) and when someone unsubscribes from a topic. It stays: silencing the alarms is the step before the act they would report.',
    deniedBy: [
      {
        sid: 'DenyAlarmChanges',
        eventNames: ['DeleteAlarms', 'DisableAlarmActions'],
        on: "on this product's alarms",
        binds: 'trail-administrator',
      },
      {
        sid: 'DenyAlarmTopicChanges',
        eventNames: ['DeleteTopic'],
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
      "An AWS service's trusted access to the organization was disabled, or a delegated administrator deregistered",
    // Leaving the organization, removing an account and detaching, deleting or disabling policies are
    // CIS organizations-changes calls: that alarm fires on them, so this one does not (one page per event).
    calls: [
      {
        eventSource: 'organizations.amazonaws.com',
        eventNames: ['DisableAWSServiceAccess', 'DeregisterDelegatedAdministrator'],
      },
    ],
    metricName: 'OrganizationGuardrailRemoved',
    attack: ['T1562.008', 'T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      "Read requestParameters.servicePrincipal: the service (CloudTrail, Config, GuardDuty, Security Hub) that lost its organization-wide reach or its administrator account. Enable its access or register the administrator again from the management account, then read the members' own logs for the gap.",
    noise:
      "Fires when an organization retires a service or moves a service's delegated administrator (deregistering comes first). Rare; it stays because each one removes a service's watch over every member. Leaving the organization and detaching or deleting policies fire the CIS organizations-changes alarm instead.",
    deniedBy: [],
  },
  'config-rules-deleted': {
    id: 'config-rules-deleted',
    title: "AWS Config's rules, conformance packs, aggregator, recorder or evaluations were deleted",
    calls: [
      {
        eventSource: 'config.amazonaws.com',
        eventNames: [
          'DeleteConfigRule',
          'DeleteOrganizationConfigRule',
          'DeleteConformancePack',
          'DeleteOrganizationConformancePack',
          'DeleteConfigurationAggregator',
          'DeleteAggregationAuthorization',
          'DeleteConfigurationRecorder',
          'DeleteEvaluationResults',
        ],
      },
    ],
    metricName: 'ConfigRulesDeleted',
    attack: ['T1562.001'],
    stratusRedTeam: [],
    firstResponse:
      'Name the rule, pack or aggregator (requestParameters); restore it by applying the audit or member stack, and read compliance --live once its evaluations are back.',
    noise:
      'Deleting an organization rule makes AWS Config delete its copy in every member account (one event each). Rare outside deploys; it stays because deleting a rule hides the non-compliance it reported.',
    deniedBy: [
      {
        sid: 'DenyRecorderChanges',
        eventNames: ['DeleteConfigurationRecorder'],
        on: 'in the governed Regions',
        binds: 'recorded-accounts',
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
