/*
 * The CIS AWS Foundations Benchmark requirements this product answers for, by version: every
 * requirement of the Logging and Monitoring sections and 2.1.2 (authorization guardrails), each with
 * its number in every version the compliance matrix reports. Pure data. The numbers, levels and
 * assessment statuses come from Prowler's transcriptions of the benchmarks (the source below); the
 * titles are ours. v6.0.0 moved Logging from section 3 to 4 and Monitoring from 4 to 5; v7.0.0
 * added 2.1.2 and 4.10. In v3.0.0 to v5.0.0, "2.1.2" is a different requirement (MFA Delete on
 * S3 buckets), which is why a number is always printed with its version.
 */

/** The benchmark versions the compliance matrix reports, the current one first. */
export const CIS_BENCHMARK_VERSIONS = ['v7.0.0', 'v6.0.0', 'v5.0.0', 'v4.0.1', 'v3.0.0'] as const;

/** A CIS AWS Foundations Benchmark version the compliance matrix reports. */
export type CisBenchmarkVersion = (typeof CIS_BENCHMARK_VERSIONS)[number];

/** The version the matrix numbers its rows by. */
export const CIS_CURRENT_VERSION: CisBenchmarkVersion = 'v7.0.0';

/** Where the numbers, levels and assessment statuses come from. */
export const CIS_BENCHMARK_SOURCE =
  'Prowler (https://github.com/prowler-cloud/prowler), commit 3e000faa3109230b748e4418a13c11c9e59f5cfb, prowler/compliance/aws/cis_3.0_aws.json, cis_4.0_aws.json (v4.0.1), cis_5.0_aws.json, cis_6.0_aws.json and cis_7.0_aws.json';

/** A requirement's number in the current version, such as `4.1`: a number the table lacks does not compile. */
export type CisRequirementNumber =
  | '2.1.2'
  | `4.${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`
  | `5.${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16}`;

/** The benchmark section a requirement is in. */
export type CisSection = 'Identity and Access Management' | 'Logging' | 'Monitoring';

/** One requirement of the benchmark. */
export interface CisRequirement {
  /** Its number in {@link CIS_CURRENT_VERSION}. */
  readonly number: CisRequirementNumber;
  /** What it asks, in a few words (ours, not the benchmark's text). */
  readonly title: string;
  readonly section: CisSection;
  /** The benchmark's profile in the current version: 1 or 2. */
  readonly level: 1 | 2;
  /** Whether the current version says it can be assessed automatically. */
  readonly assessment: 'Automated' | 'Manual';
  /** Its number in each version; absent where the version does not have it. */
  readonly numbers: Readonly<Partial<Record<CisBenchmarkVersion, string>>>;
  /** Prowler's checks for it, as its compliance file lists them. */
  readonly prowlerChecks: readonly string[];
}

/** Logging: 4.x in v6.0.0 and v7.0.0, 3.x before. */
function logging(n: number, since: CisBenchmarkVersion = 'v3.0.0'): CisRequirement['numbers'] {
  return renumbered(n, '4', '3', since);
}

/** Monitoring: 5.x in v6.0.0 and v7.0.0, 4.x before. */
function monitoring(n: number): CisRequirement['numbers'] {
  return renumbered(n, '5', '4', 'v3.0.0');
}

function renumbered(n: number, current: string, before: string, since: CisBenchmarkVersion): CisRequirement['numbers'] {
  const versions = CIS_BENCHMARK_VERSIONS.slice(0, CIS_BENCHMARK_VERSIONS.indexOf(since) + 1);
  return Object.fromEntries(
    versions.map((version) => [version, `${version === 'v7.0.0' || version === 'v6.0.0' ? current : before}.${n}`]),
  );
}

/** The requirements, in the current version's order. */
export const CIS_REQUIREMENTS: readonly CisRequirement[] = [
  {
    number: '2.1.2',
    title: 'Authorization guardrails (SCPs and RCPs) on every account of the organization',
    section: 'Identity and Access Management',
    level: 2,
    assessment: 'Manual',
    numbers: { 'v7.0.0': '2.1.2' },
    prowlerChecks: [],
  },
  {
    number: '4.1',
    title: 'A multi-Region CloudTrail trail',
    section: 'Logging',
    level: 1,
    assessment: 'Manual',
    numbers: logging(1),
    prowlerChecks: ['cloudtrail_multi_region_enabled'],
  },
  {
    number: '4.2',
    title: 'CloudTrail log file validation',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(2),
    prowlerChecks: ['cloudtrail_log_file_validation_enabled'],
  },
  {
    number: '4.3',
    title: 'AWS Config recording in every Region',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(3),
    prowlerChecks: ['config_recorder_all_regions_enabled'],
  },
  {
    number: '4.4',
    title: 'Server access logging on the CloudTrail bucket',
    section: 'Logging',
    level: 1,
    assessment: 'Manual',
    numbers: logging(4),
    prowlerChecks: ['cloudtrail_logs_s3_bucket_access_logging_enabled'],
  },
  {
    number: '4.5',
    title: 'CloudTrail logs encrypted with customer managed KMS keys',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(5),
    prowlerChecks: ['cloudtrail_kms_encryption_enabled'],
  },
  {
    number: '4.6',
    title: 'Rotation of customer created symmetric KMS keys',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(6),
    prowlerChecks: ['kms_cmk_rotation_enabled'],
  },
  {
    number: '4.7',
    title: 'VPC flow logs in every VPC',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(7),
    prowlerChecks: ['vpc_flow_logs_enabled'],
  },
  {
    number: '4.8',
    title: 'Object-level logging of S3 writes',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(8),
    prowlerChecks: ['cloudtrail_s3_dataevents_write_enabled'],
  },
  {
    number: '4.9',
    title: 'Object-level logging of S3 reads',
    section: 'Logging',
    level: 2,
    assessment: 'Automated',
    numbers: logging(9),
    prowlerChecks: ['cloudtrail_s3_dataevents_read_enabled'],
  },
  {
    number: '4.10',
    title: 'Access logs of web front ends (CloudFront, load balancers, API Gateway)',
    section: 'Logging',
    level: 1,
    assessment: 'Manual',
    numbers: logging(10, 'v7.0.0'),
    prowlerChecks: [
      'cloudfront_distributions_logging_enabled',
      'elbv2_logging_enabled',
      'apigateway_restapi_logging_enabled',
      'apigatewayv2_api_access_logging_enabled',
    ],
  },
  ...(
    [
      [1, 'unauthorized API calls', 2, 'cloudwatch_log_metric_filter_unauthorized_api_calls'],
      [2, 'console sign-in without MFA', 1, 'cloudwatch_log_metric_filter_sign_in_without_mfa'],
      [3, 'use of the root user', 1, 'cloudwatch_log_metric_filter_root_usage'],
      [4, 'IAM policy changes', 1, 'cloudwatch_log_metric_filter_policy_changes'],
      [
        5,
        'CloudTrail configuration changes',
        1,
        'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
      ],
      [6, 'console authentication failures', 2, 'cloudwatch_log_metric_filter_authentication_failures'],
      [
        7,
        'disabling or scheduled deletion of customer managed KMS keys',
        2,
        'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
      ],
      [8, 'S3 bucket policy changes', 1, 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes'],
      [
        9,
        'AWS Config configuration changes',
        2,
        'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
      ],
      [10, 'security group changes', 2, 'cloudwatch_log_metric_filter_security_group_changes'],
      [11, 'network ACL changes', 2, 'cloudwatch_changes_to_network_acls_alarm_configured'],
      [12, 'network gateway changes', 1, 'cloudwatch_changes_to_network_gateways_alarm_configured'],
      [13, 'route table changes', 1, 'cloudwatch_changes_to_network_route_tables_alarm_configured'],
      [14, 'VPC changes', 1, 'cloudwatch_changes_to_vpcs_alarm_configured'],
      [15, 'AWS Organizations changes', 1, 'cloudwatch_log_metric_filter_aws_organizations_changes'],
    ] as const
  ).map(([n, what, level, check]): CisRequirement => ({
    number: `5.${n}` as CisRequirementNumber,
    title: `Monitoring of ${what}`,
    section: 'Monitoring',
    level,
    assessment: 'Manual',
    numbers: monitoring(n),
    prowlerChecks: [check],
  })),
  {
    number: '5.16',
    title: 'AWS Security Hub enabled',
    section: 'Monitoring',
    level: 2,
    assessment: 'Automated',
    numbers: monitoring(16),
    prowlerChecks: ['securityhub_enabled'],
  },
];

/** The requirement numbered `number` in the current version; throws for one this table lacks. */
export function cisRequirement(number: CisRequirementNumber): CisRequirement {
  const found = CIS_REQUIREMENTS.find((r) => r.number === number);
  if (found === undefined) throw new Error(`CIS ${CIS_CURRENT_VERSION} ${number} is not in CIS_REQUIREMENTS`);
  return found;
}

/** Its number in `version`, or undefined where that version does not have it. */
export function cisNumber(number: CisRequirementNumber, version: CisBenchmarkVersion): string | undefined {
  return cisRequirement(number).numbers[version];
}

/** The numbers of `requirements` (current-version numbers) in every version, empty where a version lacks them. */
export function cisNumbersByVersion(
  requirements: readonly CisRequirementNumber[],
): Readonly<Record<CisBenchmarkVersion, readonly string[]>> {
  return Object.fromEntries(
    CIS_BENCHMARK_VERSIONS.map((version) => [
      version,
      requirements.flatMap((number) => cisRequirement(number).numbers[version] ?? []),
    ]),
  ) as Record<CisBenchmarkVersion, string[]>;
}
