import { formatArn } from './arn';
import { AwsPartition, partitionOf } from './regions';

/** Stack name of the log archive account. */
export const LOG_ARCHIVE_STACK_NAME = 'log-archive';

/** Stack name of the account that owns the organization trail. */
export const ORGANIZATION_STACK_NAME = 'organization';

/** Stack name of the account that manages organization policies (the guardrails). */
export const GUARDRAILS_STACK_NAME = 'guardrails';

/**
 * Stack name of the management account's delegation of AWS Config and Security Hub to the audit
 * account (`audit.registerAdministrators`).
 */
export const AUDIT_DELEGATION_STACK_NAME = 'audit-delegation';

/**
 * Stack name of the audit account (`audit`): the organization's AWS Config aggregator and rules, and
 * Security Hub. Deployed last, once the members record.
 */
export const AUDIT_STACK_NAME = 'audit';

/**
 * Stack name of the Terraform state bucket (`deployment.stateBucket`): bootstrapped once with
 * `state bootstrap`, then deployed first, before the log archive.
 */
export const STATE_STACK_NAME = 'state';
/** The bootstrap stack of an account's least-privilege deploy role is `deploy-role-<account id>`. */
export const DEPLOY_ROLE_STACK_PREFIX = 'deploy-role-';
/**
 * The administrator role AWS Organizations creates in each account it creates, trusted by the
 * management account: the default deploy role and bootstrap role.
 */
export const ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole';

/**
 * Name of part `part` (from 1) of a least-privilege deploy role's managed policies: the guardrails
 * keep every part from being versioned or deleted by anyone but the bootstrap role and break-glass.
 */
export function deployRolePolicyName(roleName: string, part: number | '*'): string {
  return `${roleName}-${part}`.slice(0, 128);
}
/** The prefix of every CIS alarm id, and so of its filter's and alarm's names, which the guardrails protect. */
export const CIS_ALARM_PREFIX = 'cis-';
/** The prefix of every evasion alarm id, and so of its filters' and alarm's names, which the guardrails protect. */
export const EVASION_ALARM_PREFIX = 'evasion-';

/** Name of the role of the audit account that delivers Security Hub's findings into the archive. */
export const FINDINGS_DELIVERY_ROLE_NAME = 'audit-securityhub-findings-delivery';

/**
 * Name of the CloudWatch Logs destination of the log archive in each governed Region, of the Firehose
 * streams behind them (`<name>-<region>`, in the home Region), and of the account-level subscription
 * policy of every sending account and Region (`applicationLogs`).
 */
export const APPLICATION_LOGS_DESTINATION_NAME = 'audit-application-logs';

/**
 * Name of the log archive's CloudWatch Observability Access Manager sink in each governed Region,
 * which the sending members link to (`applicationLogs.liveSearch`).
 */
export const LIVE_SEARCH_SINK_NAME = 'audit-live-search';

/** The search tier's OpenSearch Serverless collection (`logArchive.search`): one, in the archive's Region. */
export const SEARCH_COLLECTION_NAME = 'audit-logs';

/** The search tier's OpenSearch Ingestion pipeline: one, with a sub-pipeline per source. */
export const SEARCH_PIPELINE_NAME = 'audit-logs';

/**
 * The network policy the search pipeline names (`network_policy_name`): OpenSearch Ingestion writes
 * its endpoint into it, so Terraform never manages it and never fights the service over it.
 */
export const SEARCH_PIPELINE_NETWORK_POLICY_NAME = 'audit-logs-pipeline';

/** The role every component of the search pipeline uses (each `sts_role_arn` of its body). */
export const SEARCH_PIPELINE_ROLE_NAME = 'audit-search-pipeline';

/** The alias of the search tier's key (its collection, queues and dead letters). */
export const SEARCH_KEY_ALIAS_NAME = 'alias/audit-search';

/** Name of the role the log archive's Firehose streams write the application logs with. */
export const APPLICATION_LOGS_DELIVERY_ROLE_NAME = `${APPLICATION_LOGS_DESTINATION_NAME}-delivery`;

/** Name of the account-level subscription filter policy in each sending account and Region. */
export const APPLICATION_LOGS_POLICY_NAME = 'audit-application-logs';
/**
 * The role of a sending member that CloudWatch Logs assumes to check it may send, named in its policy
 * when the destinations are opened to the organization ([logs-destination-organization-grant-needs-sender-role]).
 */
export const APPLICATION_LOGS_SENDER_ROLE_NAME = 'audit-application-logs-sender';

/** Name of the role of a member account that AWS Config's flow log remediation runs its runbook with. */
export const FLOW_LOGS_REMEDIATION_ROLE_NAME = 'audit-flow-logs-remediation';

/** Name of the AWS Config rule whose remediation turns on a member VPC's flow logs, unless a construct names another. */
export const FLOW_LOGS_CONFIG_RULE_NAME = 'audit-vpc-flow-logs-enabled';

/** Stack name of a member account: `member-<name>`. */
export function memberStackName(member: { readonly name: string }): string {
  return `member-${member.name}`;
}

/**
 * Buckets whose names derive from the log bucket's, by purpose. The config check keeps every one of
 * them within S3's 63 characters, so a long `logArchive.bucketName` fails at synth, not at apply.
 */
export function derivedBucketNames(logBucketName: string): {
  readonly accessLogs: string;
  readonly replica: string;
  readonly memberLogs: string;
  readonly athenaResults: string;
  readonly columnarCopy: string;
} {
  return {
    accessLogs: `${logBucketName}-access-logs`,
    replica: `${logBucketName}-replica`,
    memberLogs: `${logBucketName}-member-logs`,
    athenaResults: `${logBucketName}-athena`,
    columnarCopy: `${logBucketName}-columnar`,
  };
}

/**
 * ARN of an S3 bucket, by name. Bucket policies are written before the bucket exists, so they use
 * this rather than the bucket's Terraform attribute.
 */
export function s3BucketArn(partition: string, bucketName: string): string {
  return formatArn({ partition, service: 's3', region: '', account: '', resource: bucketName });
}

/** The log bucket name when `logArchive.bucketName` is not set: `audit-logs-<account>-<region>`. */
export function defaultLogBucketName(archiveAccountId: string, homeRegion: string): string {
  return `audit-logs-${archiveAccountId}-${homeRegion}`;
}

/**
 * The Glue table of the columnar copy of the organization trail's table `tableName`
 * (`<tableName>_columnar`): the construct creates it, `columnar-copy` backfills it.
 */
export function columnarCopyTableName(tableName: string): string {
  return `${tableName}_columnar`;
}

/** Name of the account trail of a member with `standaloneTrail` (one per account, so one name). */
export const MEMBER_TRAIL_NAME = 'account-trail';

/**
 * The parts of the organization config that names derive from. A validated `OrgConfig`
 * (modules/org-config) is one; the type is spelled out here so that naming, which everything uses,
 * depends on nothing above it.
 */
export interface NamingConfig {
  readonly homeRegion: string;
  readonly organization: { readonly id: string; readonly managementAccountId: string };
  readonly logArchive: {
    readonly accountId: string;
    readonly bucketName?: string;
    readonly replication: { readonly bucketName?: string } | null;
  };
  readonly trail: { readonly name: string; readonly accountId?: string };
  readonly deployment: { readonly roleName: string };
}

/**
 * Every name and ARN that crosses an account boundary, computed from the config alone.
 *
 * Stacks never read each other's state: the organization stack points its trail at the log
 * bucket and key alias by these names, and the log-archive stack allows exactly the trail ARN
 * computed here. Both sides call this class, so they cannot drift apart. Changing a name here
 * renames a live resource; treat every value as a public contract.
 */
export class AuditNaming {
  /** Naming for a validated config. */
  public static fromConfig(config: NamingConfig): AuditNaming {
    return new AuditNaming(config);
  }

  /** ARN partition of the organization: `aws`, `aws-cn` or `aws-us-gov`. */
  public readonly partition: AwsPartition;
  /** Region of the central bucket, the key and the trail's home. */
  public readonly homeRegion: string;
  /** Name of the central log bucket in the log archive account. */
  public readonly logBucketName: string;
  /** ARN of the central log bucket. */
  public readonly logBucketArn: string;
  /** Name of the bucket that receives the central bucket's server access logs. */
  public readonly accessLogBucketName: string;
  /** Name of the KMS alias of the key that encrypts the logs (`alias/audit-logs`). */
  public readonly logKeyAliasName: string;
  /** ARN of that alias; the trail's `kms_key_id`. */
  public readonly logKeyAliasArn: string;
  /**
   * The ARN of every key of the log archive account in the home Region (`…:key/*`): where an IAM
   * policy must name the log key, whose id is known only once the log archive is deployed.
   */
  public readonly logKeyArnPattern: string;
  /** Name of the KMS alias of the key that signs evidence packages (`alias/audit-evidence-signing`), when on. */
  public readonly evidenceSigningKeyAliasName: string;
  /** ARN of that alias: what `evidence build --sign` names the key by (Sign accepts an alias ARN from another account). */
  public readonly evidenceSigningKeyAliasArn: string;
  /** Name of the organization trail. */
  public readonly trailName: string;
  /**
   * Account the organization stack deploys into: the management account, or the CloudTrail delegated
   * administrator named by `trail.accountId`.
   */
  public readonly trailAccountId: string;
  /**
   * ARN of the organization trail: the `aws:SourceArn` the bucket and key policies expect. It names
   * the management account even when a delegated administrator creates the trail, because AWS keeps
   * the management account the owner of organization trails ("The management account remains the
   * owner of any CloudTrail organization resources the delegated administrator creates", CloudTrail
   * User Guide, Organization delegated administrator).
   */
  public readonly trailArn: string;
  /** Account that owns the organization trail, and so appears in its ARN: the management account. */
  public readonly trailOwnerAccountId: string;
  /** Key prefix of organization trail logs: `AWSLogs/<org id>/`. */
  public readonly organizationTrailPrefix: string;
  /**
   * Key prefix where an organization trail writes the management account's own logs:
   * `AWSLogs/<management account>/`.
   */
  public readonly managementAccountPrefix: string;
  /** Name of the bucket that holds the cross-Region copy, when `logArchive.replication` is on. */
  public readonly replicaBucketName: string | undefined;
  /**
   * Name of the member-logs bucket in the log archive account: what member accounts deliver through
   * AWS Config, VPC Flow Logs and Session Manager. AWS Config cannot deliver to a bucket with Object
   * Lock, so these logs have a bucket of their own, guarded by policy instead.
   */
  public readonly memberLogsBucketName: string;
  /** ARN of the member-logs bucket. */
  public readonly memberLogsBucketArn: string;
  /** Name of the bucket of Athena query results, in the log archive account. */
  public readonly athenaResultsBucketName: string;
  /** The bucket of the columnar copy of the CloudTrail table (`analytics.columnarCopy`). */
  public readonly columnarCopyBucketName: string;
  /** Key prefix in the member-logs bucket under which AWS Config delivers (`config-logs`). */
  public readonly configPrefix: string;
  /** Key prefix in the member-logs bucket of Session Manager session logs (`ssm-logs`). */
  public readonly sessionLogsPrefix: string;
  /** Key prefix in the member-logs bucket of VPC flow logs (`vpc-flow-logs`). */
  public readonly flowLogsPrefix: string;
  /** Key prefix in the member-logs bucket of the exported Security Hub findings (`securityhub-findings`). */
  public readonly findingsPrefix: string;
  /**
   * Key prefix in the member-logs bucket of the application logs (CloudWatch Logs) every sending
   * account delivers (`application-logs`): `<prefix>/<account>/<region>/<yyyy>/<MM>/<dd>/`.
   */
  public readonly applicationLogsPrefix: string;

  /**
   * ARN of the role the log archive's Firehose streams write the application logs with: the one
   * writer the archive admits under {@link applicationLogsPrefix}.
   */
  public readonly applicationLogsDeliveryRoleArn: string;

  private readonly deployRoleName: string;
  private readonly logArchiveAccountId: string;

  private constructor(config: NamingConfig) {
    this.partition = partitionOf(config.homeRegion);
    this.homeRegion = config.homeRegion;
    const archive = config.logArchive.accountId;
    this.logBucketName = config.logArchive.bucketName ?? defaultLogBucketName(archive, config.homeRegion);
    this.logBucketArn = s3BucketArn(this.partition, this.logBucketName);
    this.accessLogBucketName = derivedBucketNames(this.logBucketName).accessLogs;
    this.logKeyAliasName = 'alias/audit-logs';
    this.logKeyAliasArn = formatArn({
      partition: this.partition,
      service: 'kms',
      region: config.homeRegion,
      account: archive,
      resource: this.logKeyAliasName,
    });
    this.logKeyArnPattern = formatArn({
      partition: this.partition,
      service: 'kms',
      region: config.homeRegion,
      account: archive,
      resource: 'key',
      resourceName: '*',
    });
    this.evidenceSigningKeyAliasName = 'alias/audit-evidence-signing';
    this.evidenceSigningKeyAliasArn = formatArn({
      partition: this.partition,
      service: 'kms',
      region: config.homeRegion,
      account: archive,
      resource: this.evidenceSigningKeyAliasName,
    });
    this.trailName = config.trail.name;
    this.trailAccountId = config.trail.accountId ?? config.organization.managementAccountId;
    this.trailOwnerAccountId = config.organization.managementAccountId;
    this.trailArn = this.cloudTrailArn(this.trailOwnerAccountId, this.trailName);
    this.organizationTrailPrefix = `AWSLogs/${config.organization.id}/`;
    this.managementAccountPrefix = `AWSLogs/${this.trailOwnerAccountId}/`;
    const replication = config.logArchive.replication;
    this.replicaBucketName =
      replication === null ? undefined : (replication.bucketName ?? derivedBucketNames(this.logBucketName).replica);
    this.memberLogsBucketName = derivedBucketNames(this.logBucketName).memberLogs;
    this.memberLogsBucketArn = s3BucketArn(this.partition, this.memberLogsBucketName);
    this.athenaResultsBucketName = derivedBucketNames(this.logBucketName).athenaResults;
    this.columnarCopyBucketName = derivedBucketNames(this.logBucketName).columnarCopy;
    this.configPrefix = 'config-logs';
    this.sessionLogsPrefix = 'ssm-logs';
    this.flowLogsPrefix = 'vpc-flow-logs';
    this.findingsPrefix = 'securityhub-findings';
    this.applicationLogsPrefix = 'application-logs';
    this.deployRoleName = config.deployment.roleName;
    this.logArchiveAccountId = archive;
    this.applicationLogsDeliveryRoleArn = this.roleArn(archive, APPLICATION_LOGS_DELIVERY_ROLE_NAME);
  }

  /**
   * ARN of the role that delivers Security Hub's findings from the audit account `accountId` into
   * the member-logs bucket (the findings export's Firehose stream assumes it): the only writer the
   * archive admits under {@link findingsPrefix}.
   */
  public findingsDeliveryRoleArn(accountId: string): string {
    return this.roleArn(accountId, FINDINGS_DELIVERY_ROLE_NAME);
  }

  /**
   * Key prefix, under {@link findingsPrefix}, of the findings a member outside the organization
   * exports from its own Security Hub: `securityhub-findings/outside-organization/<account>`, the
   * only place its role may write.
   */
  public outsideFindingsPrefix(accountId: string): string {
    return `${this.findingsPrefix}/outside-organization/${accountId}`;
  }

  /**
   * ARN of the CloudWatch Logs destination of the log archive in `region` that the account-level
   * subscription policies of the sending accounts there name: a destination takes log events of its
   * own Region only.
   */
  public applicationLogsDestinationArn(region: string): string {
    return formatArn({
      partition: this.partition,
      service: 'logs',
      region,
      account: this.logArchiveAccountId,
      resource: 'destination',
      resourceName: APPLICATION_LOGS_DESTINATION_NAME,
      arnFormat: 'colon',
    });
  }

  /** ARN of the account trail of a member with `standaloneTrail`. */
  public memberTrailArn(accountId: string): string {
    return this.cloudTrailArn(accountId, MEMBER_TRAIL_NAME);
  }

  /** Key prefix of a member's account trail logs: `AWSLogs/<member>/`. */
  public memberTrailPrefix(accountId: string): string {
    return `AWSLogs/${accountId}/`;
  }

  /**
   * Key prefix in the member-logs bucket where AWS Config in `accountId` delivers:
   * `config-logs/AWSLogs/<member>/Config/` (Config adds everything after `config-logs`).
   */
  public memberConfigPrefix(accountId: string): string {
    return `${this.configPrefix}/AWSLogs/${accountId}/Config/`;
  }

  /** Key prefix in the member-logs bucket of `accountId`'s session logs: `ssm-logs/<member>/`. */
  public memberSessionLogsPrefix(accountId: string): string {
    return `${this.sessionLogsPrefix}/${accountId}/`;
  }

  /**
   * Key prefix in the member-logs bucket where `accountId`'s VPC flow logs land:
   * `vpc-flow-logs/AWSLogs/<member>/` (the log delivery service adds everything after `vpc-flow-logs`).
   */
  public memberFlowLogsPrefix(accountId: string): string {
    return `${this.flowLogsPrefix}/AWSLogs/${accountId}/`;
  }

  /** ARN of the role assumed to deploy into `accountId`. */
  public deployRoleArn(accountId: string): string {
    return this.roleArn(accountId, this.deployRoleName);
  }

  private roleArn(accountId: string, roleName: string): string {
    return formatArn({
      partition: this.partition,
      service: 'iam',
      region: '',
      account: accountId,
      resource: 'role',
      resourceName: roleName,
    });
  }

  private cloudTrailArn(accountId: string, trailName: string): string {
    return formatArn({
      partition: this.partition,
      service: 'cloudtrail',
      region: this.homeRegion,
      account: accountId,
      resource: 'trail',
      resourceName: trailName,
    });
  }
}

/**
 * The names of the organization policies that guard the evidence itself (the archive's objects,
 * buckets and keys): the service control policy and the resource control policy. A removal keeps
 * them as long as the evidence (docs/decommission.md).
 */
export const EVIDENCE_PROTECTION_POLICY_NAME = 'audit-logging-evidence-protection';
export const DATA_PERIMETER_POLICY_NAME = 'audit-logging-data-perimeter';
/** Name of the SCP that keeps a sending member's account-level subscription policy (`applicationLogs`). */
export const APPLICATION_LOGS_PROTECTION_POLICY_NAME = 'audit-logging-application-logs-protection';
/** The service control policy that denies every Region but the governed ones (opt-in). */
export const REGION_DENY_POLICY_NAME = 'audit-logging-region-deny';
/** Name of the SCP that keeps AWS Config, the trails, flow logs and session logging to the deploy role. */
export const RECORDING_PROTECTION_POLICY_NAME = 'audit-logging-recording-protection';
/** Name of the SCP that keeps AWS Config's recorder role and the trails' delivery roles. */
export const RECORDER_PROTECTION_POLICY_NAME = 'audit-logging-recorder-protection';
/** Name of the SCP that keeps the organization trail in a delegated administrator account. */
export const TRAIL_PROTECTION_POLICY_NAME = 'audit-logging-trail-protection';
/** Name of the SCP that keeps the audit account's organization rules, Security Hub policy and findings export. */
export const AUDIT_PROTECTION_POLICY_NAME = 'audit-logging-audit-protection';
/** Name of the SCP that keeps the log archive's search tier (`logArchive.search`): attached to the log archive account only. */
export const SEARCH_PROTECTION_POLICY_NAME = 'audit-logging-search-protection';
/** The SCP on each member that logs its sessions: a session through our preferences only. */
export const SESSION_PROTECTION_POLICY_NAME = 'audit-logging-session-protection';
/** Name of the Security Hub findings export: its EventBridge rule, Firehose stream and key alias. */
export const FINDINGS_EXPORT_NAME = 'audit-securityhub-findings';

/** Name of the role EventBridge writes a findings export's stream with. */
export function findingsEventsRoleName(exportName: string): string {
  return `${exportName}-events`;
}

/*
 * Names of what the constructs create that another stack, a guardrail or a command relies on: the
 * constructs take them as defaults, and the stacks and the toolkit read them here.
 */
/** Name of the role AWS Config records with, unless a construct names another. */
export const CONFIG_RECORDER_ROLE_NAME = 'audit-config-recorder';

/** The document that holds an account's Session Manager preferences in a Region (the name Session Manager reads). */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Name of the aggregator, unless a construct names another. */
export const DEFAULT_AGGREGATOR_NAME = 'audit-organization';

/** Name of the role the organization's Config aggregator reads the organization with, unless a construct names another. */
export const CONFIG_AGGREGATOR_ROLE_NAME = 'audit-config-aggregator';

/** Name of the role analysts assume to query the archive with Athena, unless a construct names another. */
export const INVESTIGATOR_ROLE_NAME = 'audit-log-investigator';

/** Name of the policy that lets a member's instances write their session logs, unless a construct names another. */
export const SESSION_LOGS_WRITER_POLICY_NAME = 'audit-session-logging';

/** Name of the audit account's Security Hub configuration policy, unless a construct names another. */
export const SECURITY_HUB_CONFIGURATION_POLICY_NAME = 'audit-security-hub';

/** Alias of the key of a member's Session Manager session data, in each Region. */
export const SESSION_MANAGER_KEY_ALIAS = 'alias/audit-session-manager';

/** Alias of the key of the CloudWatch Logs copy of a trail's events. */
export const TRAIL_LOGS_KEY_ALIAS = 'alias/audit-trail-logs';

/** Alias of the key that encrypts the log archive's Glue Data Catalog, unless a construct names another. */
export const GLUE_CATALOG_KEY_ALIAS = 'alias/audit-glue-catalog';

/** Name of the Glue crawler of the member-logs bucket (AWS Config's files). */
export const MEMBER_LOGS_CRAWLER_NAME = 'audit-member-logs';

/** Name of the Athena workgroup for investigations when the config names none. */
export const DEFAULT_INVESTIGATION_WORKGROUP_NAME = 'audit-logs';

/** Id of the QuickSight data source over Athena. */
export const QUICKSIGHT_DATA_SOURCE_ID = 'audit-logs-athena';
/** Name of the policy of QuickSight's service role that runs the datasets in the investigations workgroup. */
export const QUICKSIGHT_SERVICE_ROLE_POLICY_NAME = 'audit-logs-quicksight-datasets';

/** The saved query of every call the alarms watch, allowed or not: the evidence package's `changes/`. */
export const SYSTEM_CHANGES_QUERY_NAME = 'audit-system-changes';
/** The saved query of the calls that would stop or erase the recording. */
export const AUDIT_TAMPERING_QUERY_NAME = 'audit-tampering';

/** The lifecycle rule that keeps the archive's objects for the retention period. */
export const LOG_RETENTION_RULE_ID = 'audit-log-retention';

/** Metric namespace of the CIS alarms' metric filters (the benchmark's own). */
export const CIS_METRIC_NAMESPACE = 'CISBenchmark';
/** Metric namespace of the alarms a config adds (`alarms.custom`). */
export const CUSTOM_METRIC_NAMESPACE = 'AuditLogging';
/** Metric namespace of the evasion pack's metric filters. */
export const EVASION_METRIC_NAMESPACE = 'AuditLogging/Evasion';

/**
 * The one signing algorithm of the evidence signing key: PKCS #1 v1.5 over SHA-256, as CloudTrail
 * signs its digests. Its key policy allows only it, and `evidence build --sign` sends only it.
 */
export const EVIDENCE_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

/** Name of the SNS topic the security alarms notify, unless a construct names another. */
export const DEFAULT_ALARM_TOPIC_NAME = 'audit-security-alarms';

/** Name of the heartbeat alarm on the organization trail's log group, unless a construct names another. */
export const DEFAULT_HEARTBEAT_ALARM_NAME = 'audit-trail-delivery-heartbeat';

/**
 * The name of the copy's workgroup, schedule group, schedule (`-daily`) and role (`-schedule`)
 * unless told otherwise.
 */
export const DEFAULT_COLUMNAR_COPY_NAME = 'audit-columnar-copy';

/** Name of the CloudWatch Logs group that receives a trail's events. */
export function trailLogGroupName(trailName: string): string {
  return `/aws/cloudtrail/${trailName}`;
}

/** Name of the role CloudTrail assumes to deliver a trail's events to its log group. */
export function trailDeliveryRoleName(trailName: string): string {
  return `cloudtrail-to-logs-${trailName}`.slice(0, 64);
}
