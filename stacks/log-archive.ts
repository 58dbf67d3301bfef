import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  exportsFindings,
  MemberConfig,
  OrgConfig,
  recordsConfig,
  remediatesFlowLogs,
  runsOwnSecurityHub,
} from '../modules/org-config/schema';
import { AuditNaming, LOG_ARCHIVE_STACK_NAME } from '../modules/core/naming';
import { accountsWith, applicationLogSenders, organizationAccountIds } from '../modules/org-config/accounts';
import { AccountStack } from '../modules/deployment/account-stack';
import { LogAnalytics } from '../modules/analytics/log-analytics';
import { ApplicationLogsDelivery } from '../modules/application-logs/application-logs-delivery';
import { LiveSearchSink } from '../modules/application-logs/live-search-sink';
import {
  APPLICATION_LOGS_INSIGHTS_QUERIES,
  LOGS_INSIGHTS_FOLDER,
} from '../modules/analytics/application-logs-insights-queries';
import { DeliverySources, deliverySources } from '../modules/log-archive/delivery-sources';
import { LogArchive } from '../modules/log-archive/log-archive';
import { EvidenceSigningKey } from '../modules/kms/evidence-signing-key';
import { SearchTier } from '../modules/search/search-tier';
import { archiveSearchSources } from '../modules/search/search-sources';
import { deadLetterBucketName } from '../modules/search/search-names';
import { accountStackProps } from './account-props';

/**
 * The log archive account: where every account's audit evidence lands (central bucket, its key and
 * policies, access logs, and the Glue and Athena resources that query it). Deployed first.
 */
export class LogArchiveStack extends AccountStack {
  /** The central bucket, its key and access logs. */
  public readonly archive: LogArchive;
  /** Glue, Athena and the investigator role over the archive. */
  public readonly analytics: LogAnalytics;
  /** Where the members' application logs arrive, when `applicationLogs` is on and a member sends. */
  public readonly applicationLogs: ApplicationLogsDelivery | undefined;
  /** The sinks the sending members link to, when `applicationLogs.liveSearch` is on and a member sends. */
  public readonly liveSearch: LiveSearchSink | undefined;
  /** The key that signs evidence packages, when `logArchive.evidenceSigning` is on. */
  public readonly evidenceSigningKey: EvidenceSigningKey | undefined;
  /** The OpenSearch search tier over the archive, when `logArchive.search` is on. */
  public readonly search: SearchTier | undefined;

  public constructor(scope: Construct, config: OrgConfig) {
    super(scope, LOG_ARCHIVE_STACK_NAME, accountStackProps(config, config.logArchive.accountId));
    const naming = AuditNaming.fromConfig(config);
    const archive = config.logArchive;
    const replication = archive.replication;

    const senders = applicationLogSenders(config);
    const searchDeadLetters =
      archive.search === null ? undefined : deadLetterBucketName(archive.accountId, this.region);

    this.archive = new LogArchive(this, 'archive', {
      bucketName: naming.logBucketName,
      accessLogBucketName: naming.accessLogBucketName,
      memberLogsBucketName: naming.memberLogsBucketName,
      keyAliasName: naming.logKeyAliasName,
      organizationId: config.organization.id,
      managementAccountId: naming.trailOwnerAccountId,
      organizationTrailAccountId: naming.trailAccountId,
      organizationTrailArn: naming.trailArn,
      accountTrails: config.members
        .filter((member) => member.standaloneTrail)
        .map((member) => ({ accountId: member.accountId, trailArn: naming.memberTrailArn(member.accountId) })),
      configSources: sourcesOf(config, recordsConfig),
      flowLogSources: sourcesOf(
        config,
        (member) => member.vpcFlowLogs.length > 0 || remediatesFlowLogs(config, member),
      ),
      sessionLogSources: sourcesOf(config, (member) => member.sessionManagerLogs),
      configPrefix: naming.configPrefix,
      flowLogsPrefix: naming.flowLogsPrefix,
      sessionLogsPrefix: naming.sessionLogsPrefix,
      readerAccountIds: archive.readerAccountIds,
      findingsExport:
        config.audit === undefined || config.audit === false || !exportsFindings(config)
          ? undefined
          : {
              // The audit account's stream, and the stream of each member outside the organization
              // that runs Security Hub on its own.
              writers: [
                {
                  accountId: config.audit.accountId,
                  roleArn: naming.findingsDeliveryRoleArn(config.audit.accountId),
                  prefix: naming.findingsPrefix,
                },
                ...config.members
                  .filter((m) => runsOwnSecurityHub(config, m))
                  .map((m) => ({
                    accountId: m.accountId,
                    roleArn: naming.findingsDeliveryRoleArn(m.accountId),
                    prefix: naming.outsideFindingsPrefix(m.accountId),
                  })),
              ],
              prefix: naming.findingsPrefix,
            },
      applicationLogs:
        senders.length === 0
          ? undefined
          : {
              accountId: archive.accountId,
              roleArn: naming.applicationLogsDeliveryRoleArn,
              prefix: naming.applicationLogsPrefix,
            },
      deployRoleArn: naming.deployRoleArn(archive.accountId),
      breakGlassPrincipalArns: config.guardrails.breakGlassPrincipalArns,
      retention: archive.retention,
      objectLock: archive.objectLock,
      accessLogExpirationDays: archive.accessLogExpirationDays,
      otherLoggedBucketNames: [
        naming.athenaResultsBucketName,
        ...(config.analytics.columnarCopy.enabled ? [naming.columnarCopyBucketName] : []),
        ...(searchDeadLetters === undefined ? [] : [searchDeadLetters]),
      ],
      replication:
        replication === null || naming.replicaBucketName === undefined
          ? undefined
          : {
              region: replication.region,
              bucketName: naming.replicaBucketName,
              provider: this.providerForRegion(replication.region),
            },
    });

    // After the archive: the streams name its member-logs bucket, whose and whose key's policies admit their role.
    this.applicationLogs =
      senders.length === 0
        ? undefined
        : new ApplicationLogsDelivery(this, 'application-logs', {
            regions: config.governedRegions.map((region) => ({ region, provider: this.providerForRegion(region) })),
            senderAccountIds: senders.map((member) => member.accountId),
            organizationId: config.organization.id,
            outsideSenderAccountIds: senders
              .filter((member) => !member.inOrganization)
              .map((member) => member.accountId),
            bucketArn: naming.memberLogsBucketArn,
            prefix: naming.applicationLogsPrefix,
            bufferingSeconds: config.applicationLogs.bufferingSeconds,
            deployRoleArn: naming.deployRoleArn(archive.accountId),
            dependsOn: [this.archive.memberLogsBucket.bucket, this.archive.memberLogsBucket.policy],
          });

    this.evidenceSigningKey =
      archive.evidenceSigning === null
        ? undefined
        : new EvidenceSigningKey(this, 'evidence-signing-key', {
            partition: naming.partition,
            accountId: archive.accountId,
            organizationId: config.organization.id,
            signerRoleArns: archive.evidenceSigning.signerRoleArns,
            aliasName: naming.evidenceSigningKeyAliasName,
          });

    this.liveSearch =
      senders.length === 0 || !config.applicationLogs.liveSearch.enabled
        ? undefined
        : new LiveSearchSink(this, 'live-search', {
            regions: config.governedRegions.map((region) => ({ region, provider: this.providerForRegion(region) })),
            organizationId: config.organization.id,
            outsideAccountIds: senders.filter((member) => !member.inOrganization).map((member) => member.accountId),
            queries: APPLICATION_LOGS_INSIGHTS_QUERIES,
            queryFolder: LOGS_INSIGHTS_FOLDER,
          });

    // After the archive: the notifications and the pipeline read its buckets, whose key decrypts their objects.
    this.search =
      archive.search === null
        ? undefined
        : new SearchTier(this, 'search', {
            sources: archiveSearchSources({
              logBucketName: naming.logBucketName,
              memberLogsBucketName: naming.memberLogsBucketName,
              organizationTrailPrefix: naming.organizationTrailPrefix,
              applicationLogsPrefix: senders.length === 0 ? undefined : naming.applicationLogsPrefix,
              flowLogsPrefix: naming.flowLogsPrefix,
            }),
            archiveKeyArn: this.archive.keyArn,
            analystRoleArns: archive.search.analystRoleArns,
            standbyReplicas: archive.search.standbyReplicas,
            backfill: archive.search.backfill,
            maxPipelineUnits: archive.search.maxPipelineUnits,
            retentionInDays: archive.retention.expireAfterDays,
            vpcEndpoint: archive.search.vpcEndpoint ?? undefined,
            deadLetterAccessLogs: {
              bucketName: naming.accessLogBucketName,
              prefix: `${searchDeadLetters}/`,
              dependsOn: [this.archive.accessLogBucket.bucket, this.archive.accessLogBucket.policy],
            },
            dependsOn: [
              this.archive.logBucket.bucket,
              this.archive.logBucket.policy,
              this.archive.memberLogsBucket.bucket,
              this.archive.memberLogsBucket.policy,
            ],
          });

    const analytics = config.analytics;
    this.analytics = new LogAnalytics(this, 'analytics', {
      organizationId: config.organization.id,
      logBucketName: naming.logBucketName,
      memberLogsBucketName: naming.memberLogsBucketName,
      logKeyArn: this.archive.keyArn,
      organizationAccountIds: organizationAccountIds(config),
      standaloneAccountIds: accountsWith(config, (member) => member.standaloneTrail),
      regions: config.governedRegions,
      databaseName: analytics.databaseName,
      tableName: analytics.tableName,
      projectionStartDate: analytics.projectionStartDate,
      accountProjection: analytics.accountProjection,
      workgroupName: analytics.workgroupName,
      resultsBucketName: naming.athenaResultsBucketName,
      resultsExpirationDays: analytics.resultsExpirationDays,
      bytesScannedCutoffPerQuery: analytics.bytesScannedCutoffPerQuery,
      crawlerPrefixes: analytics.crawlerPrefixes,
      crawlerSchedule: analytics.crawlerSchedule,
      memberLogPrefixes: [
        naming.configPrefix,
        naming.flowLogsPrefix,
        naming.sessionLogsPrefix,
        ...(senders.length === 0 ? [] : [naming.applicationLogsPrefix]),
      ].map((p) => `${p}/`),
      resultsAccessLogs: {
        bucketName: naming.accessLogBucketName,
        prefix: `${naming.athenaResultsBucketName}/`,
        dependsOn: [this.archive.accessLogBucket.bucket, this.archive.accessLogBucket.policy],
      },
      readerAccountIds: archive.readerAccountIds,
      applicationLogs:
        senders.length === 0
          ? undefined
          : {
              prefix: naming.applicationLogsPrefix,
              accountIds: senders.map((member) => member.accountId),
              liveSearch: config.applicationLogs.liveSearch.enabled,
            },
      columnarCopy: analytics.columnarCopy.enabled
        ? { bucketName: naming.columnarCopyBucketName, schedule: analytics.columnarCopy.schedule }
        : undefined,
      quickSight:
        analytics.quickSight === false
          ? undefined
          : {
              principalArns: analytics.quickSight.principals,
              days: analytics.quickSight.days,
              serviceRoleName: analytics.quickSight.serviceRoleName,
            },
    });

    new TerraformOutput(this, 'log_bucket_name', {
      description: 'Name of the central log bucket (the trails deliver here).',
      value: this.archive.bucketName,
    });
    new TerraformOutput(this, 'log_bucket_arn', {
      description: 'ARN of the central log bucket.',
      value: this.archive.bucketArn,
    });
    new TerraformOutput(this, 'member_logs_bucket_name', {
      description: 'Name of the member-logs bucket (AWS Config, VPC flow logs and Session Manager logs).',
      value: this.archive.memberLogsBucketName,
    });
    new TerraformOutput(this, 'glue_database_name', {
      description: 'Glue database of the audit log tables.',
      value: this.analytics.database.name,
    });
    new TerraformOutput(this, 'cloudtrail_table_name', {
      description: 'Athena table of the organization trail, partitioned by accountid, region and eventdate.',
      value: this.analytics.cloudTrailTable.table.name,
    });
    new TerraformOutput(this, 'athena_workgroup_name', {
      description: 'Athena workgroup with the saved investigation queries.',
      value: this.analytics.workgroup.workgroup.name,
    });
    new TerraformOutput(this, 'athena_results_bucket_name', {
      description: 'Bucket of Athena query results (SSE-KMS, expiring).',
      value: this.analytics.workgroup.resultsBucket.bucketName,
    });
    if (this.analytics.columnarCopy !== undefined) {
      new TerraformOutput(this, 'columnar_table_name', {
        description: 'Athena table of the columnar (Iceberg) copy of the organization trail, one day added daily.',
        value: this.analytics.columnarCopy.table.name,
      });
      new TerraformOutput(this, 'columnar_copy_workgroup_name', {
        description: 'Athena workgroup where the columnar copy is kept (the daily insert and backfills run here).',
        value: this.analytics.columnarCopy.workgroup.name,
      });
    }
    if (this.analytics.investigator !== undefined) {
      new TerraformOutput(this, 'investigator_role_arn', {
        description: 'Role that auditors of the reader accounts assume to run the saved queries.',
        value: this.analytics.investigator.role.arn,
      });
    }
    if (this.liveSearch !== undefined) {
      new TerraformOutput(this, 'live_search_sink_arns', {
        description:
          "The sinks the sending members link to, by Region: copy them into applicationLogs.liveSearch.sinkArns, then synth, plan and deploy the members' stacks.",
        value: Object.fromEntries([...this.liveSearch.sinks].map(([region, sink]) => [region, sink.arn])),
      });
    }
    if (this.evidenceSigningKey !== undefined) {
      new TerraformOutput(this, 'evidence_signing_key_arn', {
        description:
          'ARN of the key that signs evidence packages: evidence build --sign names it by its alias; auditors verify with its public key (aws kms get-public-key).',
        value: this.evidenceSigningKey.keyArn,
      });
    }
    if (this.search !== undefined) {
      new TerraformOutput(this, 'search_dashboard_endpoint', {
        description:
          "The search collection's OpenSearch Dashboards endpoint: the analyst roles sign in there (through the VPC endpoint when one is configured).",
        value: this.search.collection.dashboardEndpoint,
      });
    }
    new TerraformOutput(this, 'log_key_arn', {
      description: 'ARN of the KMS key that encrypts the logs.',
      value: this.archive.keyArn,
    });
    new TerraformOutput(this, 'log_key_alias_arn', {
      description: "ARN of the log key's alias: the organization trail's kms_key_id.",
      value: this.archive.keyAliasArn,
    });
  }
}

/** Where deliveries of the members for which `delivers` holds come from: the organization, and members outside it. */
function sourcesOf(config: OrgConfig, delivers: (member: MemberConfig) => boolean): DeliverySources {
  const outside = new Set(accountsWith(config, (member) => !member.inOrganization));
  return deliverySources(config.organization.id, accountsWith(config, delivers), outside);
}
