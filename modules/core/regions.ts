import { AuditLoggingError } from './errors';

/**
 * AWS Regions this product accepts, by partition. A closed list, so that a typo such as
 * `eu-wset-1` is an error at synth time instead of a provider error at deploy time.
 *
 * When AWS opens a Region that is missing here, add it to its partition's list (one line) and
 * release; the config error for an unknown region says so.
 */
export const AWS_REGIONS_BY_PARTITION = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const;

/** An AWS partition: the first field of every ARN. */
export type AwsPartition = keyof typeof AWS_REGIONS_BY_PARTITION;

/** Every accepted Region code, sorted. */
export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flat().sort();

const PARTITION_OF_REGION = new Map<string, AwsPartition>(
  (Object.keys(AWS_REGIONS_BY_PARTITION) as AwsPartition[]).flatMap((partition) =>
    AWS_REGIONS_BY_PARTITION[partition].map((region) => [region, partition] as const),
  ),
);

/** True when `region` is a Region code this product knows. */
export function isAwsRegion(region: string): boolean {
  return PARTITION_OF_REGION.has(region);
}

/**
 * The partition a Region belongs to (`aws`, `aws-cn`, `aws-us-gov`).
 * @throws AuditLoggingError when the Region is unknown; validate the config first.
 */
export function partitionOf(region: string): AwsPartition {
  const partition = PARTITION_OF_REGION.get(region);
  if (partition === undefined) {
    throw new AuditLoggingError(`${region} is not a known AWS Region`);
  }
  return partition;
}
