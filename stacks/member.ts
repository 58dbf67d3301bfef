import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { configuredAlarms } from '../modules/alarms/configured-alarms';
import { SecurityAlarms } from '../modules/alarms/security-alarms';
import { ConfigRecording } from '../modules/aws-config/config-recording';
import {
  encryptsSessionData,
  exportsFindings,
  MemberConfig,
  OrgConfig,
  recordsConfig,
  remediatesFlowLogs,
  runsOwnSecurityHub,
} from '../modules/org-config/schema';
import { AuditNaming, MEMBER_TRAIL_NAME, memberStackName, trailLogGroupName } from '../modules/core/naming';
import { AuditLoggingError } from '../modules/core/errors';
import { AccountStack } from '../modules/deployment/account-stack';
import { VpcFlowLogs } from '../modules/flow-logs/vpc-flow-logs';
import { VpcFlowLogsRemediation } from '../modules/flow-logs/flow-logs-remediation';
import { SessionManagerLogging } from '../modules/session-manager/session-manager-logging';
import { StandaloneTrail } from '../modules/trail/standalone-trail';
import { DeliveryHeartbeat } from '../modules/alarms/delivery-heartbeat';
import { StandaloneSecurityHub } from '../modules/security-hub/standalone-security-hub';
import { SecurityHubFindingsExport } from '../modules/security-hub/security-hub-findings-export';
import { AccountLogSubscription } from '../modules/application-logs/account-log-subscription';
import { destinationGrant } from '../modules/application-logs/destination-grant';
import { LiveSearchLink } from '../modules/application-logs/live-search-link';
import { applicationLogSenders, sendsToLogArchive } from '../modules/org-config/accounts';
import { accountStackProps } from './account-props';

/**
 * Whether a member has anything to deploy: AWS Config, a standalone trail, session logging, flow
 * logs, the flow log remediation of `awsConfig.flowLogsForEveryVpc`, or its application logs sent to
 * the archive. A member with none of them gets no stack.
 */
export function memberHasStack(config: OrgConfig, member: MemberConfig): boolean {
  return (
    recordsConfig(member) ||
    remediatesFlowLogs(config, member) ||
    runsOwnSecurityHub(config, member) ||
    member.standaloneTrail ||
    member.sessionManagerLogs ||
    member.vpcFlowLogs.length > 0 ||
    sendsToLogArchive(config, member)
  );
}

/**
 * One member account: what makes its evidence land in the log archive. AWS Config delivery, an
 * account trail for an account outside the organization trail, Session Manager logging, VPC flow
 * logs and its application logs (CloudWatch Logs), each as the config turns it on. Deployed after the log archive, whose bucket policies already
 * allow exactly these deliveries from this account.
 */
export class MemberStack extends AccountStack {
  /** The member this stack deploys. */
  public readonly member: MemberConfig;

  public constructor(scope: Construct, config: OrgConfig, member: MemberConfig) {
    super(scope, memberStackName(member), accountStackProps(config, member.accountId));
    this.member = member;
    const naming = AuditNaming.fromConfig(config);
    const governedRegions = config.governedRegions.map((region) => ({
      region,
      provider: this.providerForRegion(region),
    }));

    const recording = !recordsConfig(member)
      ? undefined
      : new ConfigRecording(this, 'config', {
          regions: governedRegions,
          bucketName: naming.memberLogsBucketName,
          keyPrefix: naming.configPrefix,
          snapshotDeliveryFrequency: config.awsConfig.snapshotDeliveryFrequency,
          existing: member.existingConfig,
          // In the log archive's own account AWS Config delivers with the recorder's role, which then
          // needs the bucket's key; elsewhere it delivers as its service principal.
          bucketKeyArn: member.accountId === config.logArchive.accountId ? naming.logKeyArnPattern : undefined,
        });

    if (remediatesFlowLogs(config, member)) {
      new VpcFlowLogsRemediation(this, 'flow-logs-remediation', {
        regions: governedRegions.map(({ region, provider }) => ({
          region,
          provider,
          recorder: recording?.recorders.get(region),
        })),
        bucketArn: naming.memberLogsBucketArn,
        keyPrefix: naming.flowLogsPrefix,
      });
    }

    if (member.standaloneTrail) {
      const trail = new StandaloneTrail(this, 'trail', {
        trailName: MEMBER_TRAIL_NAME,
        bucketName: naming.logBucketName,
        logKeyArn: naming.logKeyAliasArn,
        excludeManagementEventSources: config.trail.excludeManagementEventSources,
        cloudWatchLogs: {
          trailArn: naming.memberTrailArn(member.accountId),
          retentionInDays: config.trail.cloudWatchLogsRetentionDays,
        },
      });
      // The organization's alarms, on this account's own trail: outside the organization, the
      // organization trail's filters never see its events. The topic is this account's own (its
      // alarms need no grant in another account), with the same subscribers.
      const logGroupName = trail.logGroupName;
      if (logGroupName === undefined)
        throw new AuditLoggingError(`${this.node.path}: the account trail has no log group`);
      const alarms = new SecurityAlarms(this, 'alarms', {
        logGroupName,
        emails: config.alarms.emails,
        alarms: configuredAlarms(config.alarms),
      });
      new DeliveryHeartbeat(this, 'heartbeat', {
        logGroupName,
        topicArn: alarms.topicArn,
        silenceMinutes: config.alarms.deliveryHeartbeatMinutes,
      });
      new TerraformOutput(this, 'alarm_topic_arn', {
        description: "SNS topic this account's security alarms notify.",
        value: alarms.topicArn,
      });
      new TerraformOutput(this, 'trail_arn', {
        description: 'ARN of the account trail (the log bucket policy allows exactly this ARN).',
        value: naming.memberTrailArn(member.accountId),
      });
    }

    if (member.sessionManagerLogs) {
      const sessionLogging = new SessionManagerLogging(this, 'session-logs', {
        regions: governedRegions,
        bucketName: naming.memberLogsBucketName,
        bucketArn: naming.memberLogsBucketArn,
        keyPrefix: naming.memberSessionLogsPrefix(member.accountId),
        keyAccountId: config.logArchive.accountId,
        keyRegion: naming.homeRegion,
        sessionDataKeys: encryptsSessionData(member),
      });
      new TerraformOutput(this, 'session_logging_policy_arn', {
        description: 'Managed policy to attach to instance roles so that their Session Manager sessions are logged.',
        value: sessionLogging.writerPolicy.arn,
      });
    }

    if (member.vpcFlowLogs.length > 0) {
      new VpcFlowLogs(this, 'flow-logs', {
        vpcs: member.vpcFlowLogs.map((flowLog) => ({
          vpcId: flowLog.vpcId,
          provider: this.providerForRegion(flowLog.region ?? naming.homeRegion),
        })),
        bucketArn: naming.memberLogsBucketArn,
        keyPrefix: naming.flowLogsPrefix,
      });
    }

    if (sendsToLogArchive(config, member)) {
      // The log archive's destinations admit this account by id while the senders fit, else as an
      // account of the organization, which takes a role of its own (the same decision as the archive's).
      const grant = destinationGrant(
        governedRegions.map(({ region }) => naming.applicationLogsDestinationArn(region)),
        applicationLogSenders(config).map((m) => m.accountId),
      );
      new AccountLogSubscription(this, 'application-logs', {
        regions: governedRegions.map(({ region, provider }) => ({
          region,
          provider,
          destinationArn: naming.applicationLogsDestinationArn(region),
        })),
        senderRole: grant === 'organization' && member.inOrganization,
        // The trails' own log groups, only in the accounts that hold them, then the config's.
        excludedLogGroups: [
          ...new Set([
            ...(member.accountId === naming.trailAccountId ? [trailLogGroupName(naming.trailName)] : []),
            ...(member.standaloneTrail ? [trailLogGroupName(MEMBER_TRAIL_NAME)] : []),
            ...config.applicationLogs.excludedLogGroups,
          ]),
        ],
      });
      // Each Region whose sink the log archive has made (its ARN in the config) gets its link.
      const sinks = config.applicationLogs.liveSearch;
      const linked = governedRegions.filter(({ region }) => sinks.enabled && sinks.sinkArns[region] !== undefined);
      if (linked.length > 0) {
        new LiveSearchLink(this, 'live-search', {
          regions: linked.map(({ region, provider }) => ({ region, provider, sinkArn: sinks.sinkArns[region] })),
        });
      }
    }

    const audit = config.audit;
    if (runsOwnSecurityHub(config, member) && audit !== undefined && audit !== false) {
      // Outside the organization, the audit account's central configuration cannot reach this
      // account: the same standards, and the same export into the archive, from its own stack.
      new StandaloneSecurityHub(this, 'security-hub', {
        regions: governedRegions,
        standards: audit.securityHubStandards,
      });
      if (exportsFindings(config)) {
        new SecurityHubFindingsExport(this, 'findings-export', {
          bucketArn: naming.memberLogsBucketArn,
          // A folder of its own: the archive admits this account's role there and nowhere else.
          prefix: naming.outsideFindingsPrefix(member.accountId),
          archiveAccountId: config.logArchive.accountId,
        });
      }
    }
  }
}
