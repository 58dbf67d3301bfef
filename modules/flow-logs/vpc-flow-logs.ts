import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { numberProblem, validateProps } from '../core/prop-validation';

/** One VPC whose traffic is logged, with the provider of its Region. */
export interface FlowLogVpc {
  /** The VPC id. */
  readonly vpcId: string;
  /** Provider for the VPC's Region, in the same account. */
  readonly provider: TerraformProvider;
}

/** Props of {@link VpcFlowLogs}. */
export interface VpcFlowLogsProps {
  /** The VPCs. */
  readonly vpcs: readonly FlowLogVpc[];
  /** ARN of the bucket the logs go to (the member-logs bucket). */
  readonly bucketArn: string;
  /**
   * Key prefix in the bucket, without `/`; the delivery service adds `/AWSLogs/<account>/vpcflowlogs/...`.
   * It may not be `AWSLogs`.
   */
  readonly keyPrefix: string;
  /**
   * Seconds over which a flow is aggregated into one record: 60 or 600.
   * @default 600
   */
  readonly maxAggregationInterval?: 60 | 600;
}

/**
 * VPC Flow Logs of all traffic (accepted and rejected) of each listed VPC, delivered by the log
 * delivery service to the member-logs bucket under this account's prefix, in the default text
 * format. The bucket's policy allows `delivery.logs.amazonaws.com` that prefix for this account only,
 * and its default key encrypts the objects.
 */
export class VpcFlowLogs extends Construct {
  /** The flow log of each VPC, by VPC id. */
  public readonly flowLogs: ReadonlyMap<string, FlowLog>;

  public constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('maxAggregationInterval', props.maxAggregationInterval, (s) =>
        s === 60 || s === 600 ? undefined : 'must be 60 or 600 (seconds)',
      ),
    ]);
    const flowLogs = new Map<string, FlowLog>();
    for (const { vpcId, provider } of props.vpcs) {
      flowLogs.set(
        vpcId,
        new FlowLog(this, vpcId, {
          provider,
          vpcId,
          trafficType: 'ALL',
          logDestinationType: 's3',
          logDestination: `${props.bucketArn}/${props.keyPrefix}/`,
          maxAggregationInterval: props.maxAggregationInterval ?? 600,
          tags: { Name: `${vpcId} to ${props.keyPrefix}` },
        }),
      );
    }
    this.flowLogs = flowLogs;
  }
}
