import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { HEARTBEAT_MINUTES, wholeNumberProblem } from '../core/aws-values';
import { numberProblem, validateProps } from '../core/prop-validation';
import { DEFAULT_HEARTBEAT_ALARM_NAME } from '../core/naming';

/** Props of {@link DeliveryHeartbeat}. */
export interface DeliveryHeartbeatProps {
  /** The log group a trail delivers to. */
  readonly logGroupName: string;
  /** The SNS topic to notify (the security alarms' topic). */
  readonly topicArn: string;
  /**
   * Minutes without a single event before the alarm fires: the alarm's period. From 5 to 1440.
   * @default 60
   */
  readonly silenceMinutes?: number;
  /**
   * Name of the alarm.
   * @default 'audit-trail-delivery-heartbeat'
   */
  readonly alarmName?: string;
}

/**
 * An alarm when a trail's log group receives no events for `silenceMinutes`: the sum of the
 * group's `IncomingLogEvents` (namespace `AWS/Logs`, dimension `LogGroupName`) over one period
 * below 1. CloudWatch Logs publishes no data point for a period without events, so missing data
 * counts as breaching: silence is what the alarm is for. It notifies the topic when it fires and
 * again when events flow (OK). An organization trail always has events (CloudTrail's own reads,
 * every sign-in), so a silent group means delivery stopped: a changed bucket or key policy, a
 * stopped or deleted trail, or a broken delivery role.
 */
export class DeliveryHeartbeat extends Construct {
  /** Name of the alarm. */
  public readonly alarmName: string;

  public constructor(scope: Construct, id: string, props: DeliveryHeartbeatProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('silenceMinutes', props.silenceMinutes, (value) =>
        wholeNumberProblem(value, HEARTBEAT_MINUTES.min, HEARTBEAT_MINUTES.max),
      ),
    ]);
    const minutes = props.silenceMinutes ?? 60;
    this.alarmName = props.alarmName ?? DEFAULT_HEARTBEAT_ALARM_NAME;
    new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: this.alarmName,
      alarmDescription: `No CloudTrail events reached ${props.logGroupName} for ${minutes} minutes: log delivery may have stopped (bucket or key policy, stopped or deleted trail, delivery role). Check the trail's status and its last delivery.`,
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensions: { LogGroupName: props.logGroupName },
      statistic: 'Sum',
      period: minutes * 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
  }
}
