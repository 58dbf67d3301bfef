import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { configuredAlarms } from '../modules/alarms/configured-alarms';
import { DeliveryHeartbeat } from '../modules/alarms/delivery-heartbeat';
import { InvestigationQueries } from '../modules/alarms/investigation-queries';
import { SecurityAlarms } from '../modules/alarms/security-alarms';
import { OrgConfig } from '../modules/org-config/schema';
import { AuditNaming, ORGANIZATION_STACK_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { OrganizationTrail } from '../modules/trail/organization-trail';
import { accountStackProps } from './account-props';

/**
 * The account that owns the organization trail (the management account or the CloudTrail delegated
 * administrator): the trail, its CloudWatch Logs delivery, the CIS alarms and the delivery heartbeat. Deployed after the
 * log archive, whose bucket and key the trail writes to.
 */
export class OrganizationStack extends AccountStack {
  public constructor(scope: Construct, config: OrgConfig) {
    const naming = AuditNaming.fromConfig(config);
    super(scope, ORGANIZATION_STACK_NAME, accountStackProps(config, naming.trailAccountId));
    const { trail, alarms } = config;

    const organizationTrail = new OrganizationTrail(this, 'trail', {
      organizationId: config.organization.id,
      managementAccountId: config.organization.managementAccountId,
      trailName: naming.trailName,
      trailArn: naming.trailArn,
      bucketName: naming.logBucketName,
      logBucketArn: naming.logBucketArn,
      logKeyArn: naming.logKeyAliasArn,
      cloudWatchLogsRetentionInDays: trail.cloudWatchLogsRetentionDays,
      excludeManagementEventSources: trail.excludeManagementEventSources,
      s3: trail.dataEvents.s3,
      lambda: trail.dataEvents.lambda,
      networkActivitySources: trail.networkActivityEvents,
      insights: trail.insights,
    });

    const securityAlarms = new SecurityAlarms(this, 'alarms', {
      logGroupName: organizationTrail.logGroupName,
      emails: alarms.emails,
      alarms: configuredAlarms(alarms),
    });

    new DeliveryHeartbeat(this, 'heartbeat', {
      logGroupName: organizationTrail.logGroupName,
      topicArn: securityAlarms.topicArn,
      silenceMinutes: alarms.deliveryHeartbeatMinutes,
    });

    new InvestigationQueries(this, 'queries', { logGroupName: organizationTrail.logGroupName });

    new TerraformOutput(this, 'trail_arn', {
      description: 'ARN of the organization trail (it names the management account, its owner).',
      value: organizationTrail.trailArn,
    });
    new TerraformOutput(this, 'trail_log_group_name', {
      description: "CloudWatch Logs group with the trail's events, read by the metric filters and saved queries.",
      value: organizationTrail.logGroupName,
    });
    new TerraformOutput(this, 'alarm_topic_arn', {
      description: 'SNS topic the security alarms notify; subscribe your incident tooling to it.',
      value: securityAlarms.topicArn,
    });
  }
}
