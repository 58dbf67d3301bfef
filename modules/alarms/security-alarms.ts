import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { AuditLoggingError } from '../core/errors';
import { renderPolicy } from '../iam/policy-document';
import { AuditKey, keyAdministrationStatement } from '../kms/audit-key';
import { FilterPattern, FilterPatternError } from '../core/filter-pattern';
import type { AlarmDefinition } from './alarm-definition';
import { namedPatternsOf } from './try-filters';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { DEFAULT_ALARM_TOPIC_NAME } from '../core/naming';

export type { AdditionalFilter, AlarmDefinition } from './alarm-definition';

/** Props of {@link SecurityAlarms}. */
export interface SecurityAlarmsProps {
  /** Log group the filters read (the trail's). */
  readonly logGroupName: string;
  /** The alarms. */
  readonly alarms: readonly AlarmDefinition[];
  /**
   * E-mail addresses subscribed to the topic (each must confirm its subscription).
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * Name of the SNS topic.
   * @default 'audit-security-alarms'
   */
  readonly topicName?: string;
}

/**
 * CloudWatch Logs metric filters, an alarm on each (one or more matching events in 5 minutes; no
 * data is not a breach), and the encrypted SNS topic they notify. The topic's key lets CloudWatch
 * encrypt notifications (without it CloudWatch drops them silently), and the topic's policy lets
 * only the CloudWatch alarms of the stack's account publish. All in the stack's account and Region.
 */
export class SecurityAlarms extends Construct {
  /** ARN of the topic alarms notify. */
  public readonly topicArn: string;

  public constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AccountStack.of(this);
    const { partition, accountId } = stack;
    for (const alarm of props.alarms) {
      for (const { filter: which, pattern } of namedPatternsOf([alarm])) {
        try {
          FilterPattern.parse(pattern);
        } catch (error) {
          if (!(error instanceof FilterPatternError)) throw error;
          throw new AuditLoggingError(
            `${this.node.path}: alarm ${alarm.id}: invalid filter pattern${which === undefined ? '' : ` ${which}`}: ${error.message}`,
          );
        }
      }
    }
    const ids = props.alarms.map((alarm) => alarm.id);
    const repeated = ids.find((alarmId, i) => ids.indexOf(alarmId) !== i);
    if (repeated !== undefined) throw new AuditLoggingError(`${this.node.path}: alarm id ${repeated} is used twice`);

    const topicName = props.topicName ?? DEFAULT_ALARM_TOPIC_NAME;
    const topicArn = stack.formatArn({ service: 'sns', resource: topicName });
    const key = new AuditKey(this, 'topic-key', {
      description: `Encrypts notifications of the ${topicName} topic`,
      aliasName: `alias/${topicName}`,
      policyStatements: [
        keyAdministrationStatement(partition, accountId),
        {
          Sid: 'CloudWatchEncryptsNotifications',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
        },
      ],
    });
    const topic = new SnsTopic(this, 'topic', { name: topicName, kmsMasterKeyId: key.keyArn });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: topic.arn,
      policy: renderPolicy([
        {
          // The alarms of this account, by the alarm ARN CloudWatch sends, the one key SNS's guide
          // conditions on (the ARN names the account already).
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: {
            ArnLike: {
              'aws:SourceArn': stack.formatArn({
                service: 'cloudwatch',
                resource: 'alarm',
                resourceName: '*',
                arnFormat: 'colon',
              }),
            },
          },
        },
      ]),
    });
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email });
    }

    for (const alarm of props.alarms) {
      const metricTransformation = { name: alarm.metricName, namespace: alarm.metricNamespace, value: '1' };
      const filter = new CloudwatchLogMetricFilter(this, `${alarm.id}-filter`, {
        name: alarm.id,
        logGroupName: props.logGroupName,
        pattern: alarm.pattern,
        metricTransformation,
      });
      const additional = (alarm.additionalFilters ?? []).map(
        (extra) =>
          new CloudwatchLogMetricFilter(this, `${alarm.id}-${extra.id}-filter`, {
            name: `${alarm.id}-${extra.id}`,
            logGroupName: props.logGroupName,
            pattern: extra.pattern,
            metricTransformation,
          }),
      );
      new CloudwatchMetricAlarm(this, `${alarm.id}-alarm`, {
        alarmName: alarm.id,
        alarmDescription: alarm.description,
        namespace: alarm.metricNamespace,
        metricName: alarm.metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [topic.arn],
        tags: { ...alarm.tags },
        dependsOn: [filter, ...additional],
      });
    }
  }
}
