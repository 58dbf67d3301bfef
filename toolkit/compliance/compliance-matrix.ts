import { CIS_ALARM_PREFIX, CIS_CATALOG, cisAlarmDefinitions } from '../../modules/alarms/cis-catalog';
import type { AlarmDefinition } from '../../modules/alarms/security-alarms';
import { namedPatternsOf } from '../../modules/alarms/try-filters';
import { CIS_CONTROL_IDS } from '../../modules/config/cis-controls';
import type { MemberConfig, OrgConfig } from '../../modules/config/schema';
import { CONTROL_TOWER } from '../../modules/config/schema';
import { accountRoles } from '../../modules/config/warnings';
import {
  AuditNaming,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_STACK_NAME,
} from '../../modules/core/naming';

/*
 * The control matrix an auditor reads: for each control of the CIS AWS Foundations Benchmark v3.0.0
 * sections 3 (logging) and 4 (monitoring) and the Security Hub controls on the same resources, where
 * the config claims it, whether the synthesized stacks implement it, with which resources, and why
 * a control is deliberately not met. The config says what is claimed; the synthesized Terraform
 * JSON says what is built. Nothing calls AWS.
 */

/** One synthesized stack, as `cdk.tf.json` holds it. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: { resource?: Record<string, Record<string, Body>> };
}

/** Met: implemented where claimed. Gap: deliberately not met, with the reason. Missing: claimed, not built. */
export type ControlStatus = 'met' | 'gap' | 'missing';

/** One control's verdict in one stack (or account). */
export interface StackVerdict {
  readonly where: string;
  readonly status: ControlStatus;
  /** Terraform addresses that implement it, or the reason it is a gap or missing. */
  readonly detail: string;
}

/** One row of the matrix. */
export interface ControlRow {
  readonly id: string;
  readonly title: string;
  /** CIS recommendations and Security Hub controls it answers. */
  readonly sources: readonly string[];
  /** Missing if any place is missing; else gap if any is a gap; else met. */
  readonly status: ControlStatus;
  readonly verdicts: readonly StackVerdict[];
}

/** A resource's arguments, as synthesized. */
type Body = Readonly<Record<string, unknown>>;

/** An advanced event selector, as synthesized. */
type Selector = { field_selector: { field: string; equals?: string[] }[] };

/** The resources of `type` in a stack, by address (`type.name`). */
function resourcesOf(stack: SynthesizedStack | undefined, type: string): [string, Body][] {
  return Object.entries(stack?.json.resource?.[type] ?? {}).map(([name, body]): [string, Body] => [
    `${type}.${name}`,
    body,
  ]);
}

const met = (where: string, addresses: readonly string[]): StackVerdict => ({
  where,
  status: 'met',
  detail: addresses.join(', '),
});
const gap = (where: string, reason: string): StackVerdict => ({ where, status: 'gap', detail: reason });
const missing = (where: string, what: string): StackVerdict => ({ where, status: 'missing', detail: what });

function row(id: string, title: string, sources: string[], verdicts: StackVerdict[]): ControlRow {
  const status: ControlStatus = verdicts.some((v) => v.status === 'missing')
    ? 'missing'
    : verdicts.some((v) => v.status === 'gap')
      ? 'gap'
      : 'met';
  return { id, title, sources, status, verdicts };
}

/** CIS AWS Foundations Benchmark v3.0.0 section 4 number of each alarm control. */
export const CIS_V3_MONITORING: Readonly<Record<string, string>> = {
  'unauthorized-api-calls': '4.1',
  'console-signin-without-mfa': '4.2',
  'root-account-usage': '4.3',
  'iam-policy-changes': '4.4',
  'cloudtrail-config-changes': '4.5',
  'console-authentication-failures': '4.6',
  'cmk-disable-or-deletion': '4.7',
  's3-bucket-policy-changes': '4.8',
  'aws-config-changes': '4.9',
  'security-group-changes': '4.10',
  'nacl-changes': '4.11',
  'network-gateway-changes': '4.12',
  'route-table-changes': '4.13',
  'vpc-changes': '4.14',
  'organizations-changes': '4.15',
};

/** The control matrix of `config`, from its synthesized `stacks`. */
export function complianceMatrix(config: OrgConfig, stacks: readonly SynthesizedStack[]): ControlRow[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const naming = AuditNaming.fromConfig(config);
  const organization = byName.get(ORGANIZATION_STACK_NAME);
  const archive = byName.get(LOG_ARCHIVE_STACK_NAME);
  const outside = config.members.filter((member) => member.standaloneTrail && !member.inOrganization);
  /** The stacks whose trails record accounts: the organization's, and each outside member's. */
  const trailStacks: [string, SynthesizedStack | undefined][] = [
    [ORGANIZATION_STACK_NAME, organization],
    ...outside.map((member): [string, SynthesizedStack | undefined] => [
      memberStackName(member),
      byName.get(memberStackName(member)),
    ]),
  ];
  const eachTrail = (check: (trail: Body) => boolean, what: string): StackVerdict[] =>
    trailStacks.map(([where, stack]) => {
      const trails = resourcesOf(stack, 'aws_cloudtrail').filter(([, trail]) => check(trail));
      return trails.length > 0
        ? met(
            where,
            trails.map(([address]) => address),
          )
        : missing(where, `no trail ${what}`);
    });
  const rows: ControlRow[] = [];

  rows.push(
    row(
      'trail-all-regions',
      'CloudTrail records every Region, read and write management events',
      ['CIS v3.0.0 3.1', 'Security Hub CloudTrail.1'],
      eachTrail(
        (trail) =>
          trail.is_multi_region_trail === true &&
          ((trail.advanced_event_selector ?? []) as Selector[]).some(
            (selector) =>
              selector.field_selector.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management')) &&
              selector.field_selector.every((f) => f.field !== 'readOnly'),
          ),
        'that is multi-Region with all management events',
      ),
    ),
    row(
      'trail-log-file-validation',
      'CloudTrail log file validation',
      ['CIS v3.0.0 3.2', 'Security Hub CloudTrail.4'],
      eachTrail((trail) => trail.enable_log_file_validation === true, 'with log file validation'),
    ),
    row(
      'config-all-regions',
      'AWS Config records in every governed Region of every account',
      ['CIS v3.0.0 3.3', 'Security Hub Config.1'],
      configVerdicts(config, byName),
    ),
    row(
      'trail-bucket-access-logging',
      'Server access logging on the CloudTrail bucket',
      ['CIS v3.0.0 3.4', 'Security Hub CloudTrail.7'],
      [bucketHas(archive, 'aws_s3_bucket_logging', naming.logBucketName)],
    ),
    row(
      'trail-kms',
      'CloudTrail logs encrypted with a KMS key',
      ['CIS v3.0.0 3.5', 'Security Hub CloudTrail.2'],
      eachTrail((trail) => typeof trail.kms_key_id === 'string' && trail.kms_key_id !== '', 'with a KMS key'),
    ),
    row(
      'kms-rotation',
      'Every customer managed key rotates',
      ['CIS v3.0.0 3.6', 'Security Hub KMS.4'],
      stacks.map((stack) => {
        const keys = resourcesOf(stack, 'aws_kms_key');
        const still = keys.filter(([, key]) => key.enable_key_rotation !== true);
        if (still.length > 0)
          return missing(stack.name, `no rotation on ${still.map(([address]) => address).join(', ')}`);
        return keys.length === 0
          ? met(stack.name, ['(no keys)'])
          : met(
              stack.name,
              keys.map(([address]) => address),
            );
      }),
    ),
    row('vpc-flow-logs', 'VPC flow logs', ['CIS v3.0.0 3.7', 'Security Hub EC2.6'], flowLogVerdicts(config, byName)),
    row(
      's3-object-level-logging',
      'Object-level logging of S3 writes and reads',
      ['CIS v3.0.0 3.8', 'CIS v3.0.0 3.9', 'Security Hub S3.22', 'Security Hub S3.23'],
      [
        config.trail.dataEvents.s3 === 'all'
          ? organizationHasDataEvents(organization)
          : gap(
              ORGANIZATION_STACK_NAME,
              config.trail.dataEvents.s3 === 'none'
                ? 'trail.dataEvents.s3 is "none": S3 data events are billed per event; set it to "all" to meet these controls'
                : 'trail.dataEvents.s3 lists some buckets, not all',
            ),
      ],
    ),
    row(
      'trail-cloudwatch-logs',
      'CloudTrail delivers to CloudWatch Logs',
      ['Security Hub CloudTrail.5'],
      eachTrail((trail) => typeof trail.cloud_watch_logs_group_arn === 'string', 'that delivers to CloudWatch Logs'),
    ),
    row(
      'trail-bucket-not-public',
      'The CloudTrail bucket blocks public access',
      ['Security Hub CloudTrail.6', 'Security Hub S3.8'],
      [
        bucketHas(
          archive,
          'aws_s3_bucket_public_access_block',
          naming.logBucketName,
          (b) =>
            b.block_public_acls === true &&
            b.block_public_policy === true &&
            b.ignore_public_acls === true &&
            b.restrict_public_buckets === true,
        ),
      ],
    ),
    row(
      'archive-tls-only',
      'Archive buckets refuse requests without TLS',
      ['Security Hub S3.5'],
      resourcesOf(archive, 'aws_s3_bucket_policy').map(([address, policy]) =>
        String(policy.policy).includes('"DenyInsecureTransport"')
          ? met(LOG_ARCHIVE_STACK_NAME, [address])
          : missing(LOG_ARCHIVE_STACK_NAME, `${address} has no DenyInsecureTransport`),
      ),
    ),
    row(
      'archive-access-logging',
      'Archive buckets log their accesses',
      ['Security Hub S3.9'],
      [naming.logBucketName, naming.memberLogsBucketName, naming.athenaResultsBucketName].map((bucket) =>
        bucketHas(archive, 'aws_s3_bucket_logging', bucket),
      ),
    ),
  );

  const selected = config.alarms.controls === 'cis' ? CIS_CONTROL_IDS : config.alarms.controls;
  const deployed = new Map(
    cisAlarmDefinitions(selected, config.alarms.consoleSigninWithoutMfa).map((alarm) => [alarm.id, alarm]),
  );
  for (const control of CIS_CATALOG) {
    const sources = [
      `CIS v3.0.0 ${CIS_V3_MONITORING[control.id]}`,
      ...(control.securityHubControl === undefined ? [] : [`Security Hub ${control.securityHubControl}`]),
    ];
    const alarm = deployed.get(`${CIS_ALARM_PREFIX}${control.id}`);
    const verdicts =
      alarm === undefined
        ? [gap(ORGANIZATION_STACK_NAME, 'not selected in alarms.controls')]
        : trailStacks.map(([where, stack]) => alarmVerdict(where, stack, alarm));
    rows.push(row(control.id, control.title, sources, verdicts));
  }
  return rows;
}

/** Whether a bucket named `bucket` has a resource of `type` (that passes `check`) in the stack. */
function bucketHas(
  stack: SynthesizedStack | undefined,
  type: string,
  bucket: string,
  check: (body: Body) => boolean = () => true,
): StackVerdict {
  const bucketAddress = resourcesOf(stack, 'aws_s3_bucket').find(([, body]) => body.bucket === bucket)?.[0];
  if (bucketAddress === undefined) return missing(LOG_ARCHIVE_STACK_NAME, `no bucket ${bucket}`);
  const reference = `\${${bucketAddress}.`;
  const found = resourcesOf(stack, type).filter(([, body]) => String(body.bucket).startsWith(reference) && check(body));
  return found.length > 0
    ? met(
        LOG_ARCHIVE_STACK_NAME,
        found.map(([address]) => address),
      )
    : missing(LOG_ARCHIVE_STACK_NAME, `no ${type} on ${bucket}`);
}

function organizationHasDataEvents(organization: SynthesizedStack | undefined): StackVerdict {
  const trails = resourcesOf(organization, 'aws_cloudtrail').filter(([, trail]) =>
    ((trail.advanced_event_selector ?? []) as Selector[]).some((selector) =>
      selector.field_selector.some((f) => f.field === 'resources.type' && f.equals?.includes('AWS::S3::Object')),
    ),
  );
  return trails.length > 0
    ? met(
        ORGANIZATION_STACK_NAME,
        trails.map(([address]) => address),
      )
    : missing(ORGANIZATION_STACK_NAME, 'no S3 data event selector');
}

/** Every account of the organization: recorded by its member stack, or a gap with the reason. */
function configVerdicts(config: OrgConfig, stacks: ReadonlyMap<string, SynthesizedStack>): StackVerdict[] {
  const accounts = new Map<string, string>([
    ...accountRoles(config),
    ...config.members.filter((m) => m.inOrganization).map((m): [string, string] => [m.accountId, `member ${m.name}`]),
  ]);
  const verdicts = [...accounts].map(([accountId, role]) => {
    const member: MemberConfig | undefined = config.members.find((m) => m.accountId === accountId);
    const where = member === undefined ? accountId : memberStackName(member);
    if (member === undefined) return gap(where, `${role} is not in members, so AWS Config is not deployed there`);
    if (member.awsConfig === false) return gap(where, 'awsConfig is false (opted out)');
    if (member.awsConfig === CONTROL_TOWER) {
      return gap(where, 'AWS Config is left to Control Tower (awsConfig "control-tower"): not built or checked here');
    }
    const stack = stacks.get(memberStackName(member));
    const recorders = resourcesOf(stack, 'aws_config_configuration_recorder');
    const enabled = resourcesOf(stack, 'aws_config_configuration_recorder_status').filter(
      ([, s]) => s.is_enabled === true,
    );
    const regions = config.governedRegions.length;
    if (recorders.length !== regions || enabled.length !== regions) {
      return missing(
        where,
        `${recorders.length} recorder(s) and ${enabled.length} enabled for ${regions} governed Region(s)`,
      );
    }
    return met(
      where,
      recorders.map(([address]) => address),
    );
  });
  // CIS asks for every Region; the product records the governed ones.
  return [
    ...verdicts,
    gap(
      '(Regions outside governedRegions)',
      'AWS Config records only in governedRegions; disable the other Regions, or deny them with an SCP on aws:RequestedRegion (not part of this product)',
    ),
  ];
}

function flowLogVerdicts(config: OrgConfig, stacks: ReadonlyMap<string, SynthesizedStack>): StackVerdict[] {
  const withFlowLogs = config.members.filter((m) => m.vpcFlowLogs.length > 0);
  const verdicts = withFlowLogs.map((member) => {
    const logs = resourcesOf(stacks.get(memberStackName(member)), 'aws_flow_log');
    return logs.length === member.vpcFlowLogs.length
      ? met(
          memberStackName(member),
          logs.map(([address]) => address),
        )
      : missing(memberStackName(member), `${logs.length} flow log(s) for ${member.vpcFlowLogs.length} listed VPC(s)`);
  });
  // The config names VPCs; it cannot know the others.
  return [
    ...verdicts,
    gap(
      '(every account)',
      'only the VPCs listed in members[].vpcFlowLogs are covered; other VPCs need their own flow logs',
    ),
  ];
}

/** The control's alarm in a trail stack: a filter for each of its texts into its metric, and the alarm, with an action. */
function alarmVerdict(where: string, stack: SynthesizedStack | undefined, alarm: AlarmDefinition): StackVerdict {
  const filters = resourcesOf(stack, 'aws_cloudwatch_log_metric_filter').filter(
    ([, f]) => (f.metric_transformation as { name?: string } | undefined)?.name === alarm.metricName,
  );
  const texts = new Set(filters.map(([, f]) => String(f.pattern)));
  const absent = namedPatternsOf([alarm]).filter((p) => !texts.has(p.pattern));
  const found = resourcesOf(stack, 'aws_cloudwatch_metric_alarm').find(
    ([, a]) =>
      a.alarm_name === alarm.id &&
      a.metric_name === alarm.metricName &&
      ((a.alarm_actions ?? []) as unknown[]).length > 0,
  );
  if (absent.length > 0) {
    return missing(
      where,
      `${alarm.id}: no metric filter with the text ${absent.map((p) => p.filter ?? 'published').join(', ')}`,
    );
  }
  if (found === undefined) return missing(where, `${alarm.id}: no alarm with an action on ${alarm.metricName}`);
  return met(where, [...filters.map(([address]) => address), found[0]]);
}
