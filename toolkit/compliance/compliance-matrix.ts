import type { AlarmDefinition } from '../../modules/alarms/alarm-definition';
import { cisAlarmDefinitions } from '../../modules/alarms/cis-catalog';
import { evasionAlarmDefinitions } from '../../modules/alarms/evasion-catalog';
import { namedPatternsOf } from '../../modules/alarms/try-filters';
import {
  CIS_BENCHMARK_VERSIONS,
  CIS_CURRENT_VERSION,
  CIS_REQUIREMENTS,
  cisNumbersByVersion,
  type CisBenchmarkVersion,
  type CisRequirementNumber,
} from '../../modules/catalogs/cis-benchmark';
import { CIS_CONTROL_LIST } from '../../modules/catalogs/cis-controls';
import { DETECTIVE_RULES } from '../../modules/catalogs/detective-rules';
import { EVASION_DETECTION_LIST } from '../../modules/catalogs/evasion-detections';
import type { MemberConfig, OrgConfig } from '../../modules/config/schema';
import { auditConfigRules, CONTROL_TOWER, recordsConfig, runsOwnSecurityHub } from '../../modules/config/schema';
import { selectedAlarms } from '../../modules/config/selected-alarms';
import { accountRoles } from '../../modules/config/warnings';
import { AWS_CREATED_RESOURCES, causesIn } from '../../modules/core/aws-created-resources';
import { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from '../../modules/flow-logs/flow-logs-remediation';
import {
  describeOpenings,
  regionDenyOpenings,
  type RegionDenyStatementShape,
} from '../../modules/core/region-deny-exemptions';
import {
  AUDIT_STACK_NAME,
  AuditNaming,
  CIS_ALARM_PREFIX,
  EVASION_ALARM_PREFIX,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_STACK_NAME,
  REGION_DENY_POLICY_NAME,
} from '../../modules/core/naming';

/*
 * The control matrix an auditor reads: every requirement of the CIS AWS Foundations Benchmark
 * v7.0.0 Logging and Monitoring sections and 2.1.2 (with their numbers in v6.0.0 to v3.0.0), and
 * the Security Hub controls on the same resources: where the config claims it, whether the
 * synthesized stacks implement it, with which resources, why a control is deliberately not met,
 * and which requirements this product does not build at all, with the reason. The config says what
 * is claimed; the synthesized Terraform JSON says what is built. Nothing calls AWS.
 */

/** One synthesized stack, as `cdk.tf.json` holds it. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: { resource?: Record<string, Record<string, Body>> };
}

/**
 * Met: implemented where claimed. Gap: deliberately not met, with the reason. Missing: claimed, not
 * built. Not covered: a requirement this product does not build, with the reason.
 */
export type ControlStatus = 'met' | 'gap' | 'missing' | 'not-covered';

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
  /**
   * CIS recommendations (`CIS <version> <number>`), Security Hub controls and MITRE ATT&CK
   * techniques (`MITRE ATT&CK <id>`) it answers.
   */
  readonly sources: readonly string[];
  /** Its CIS requirement numbers in each benchmark version (empty where the version has none). */
  readonly cis: Readonly<Record<CisBenchmarkVersion, readonly string[]>>;
  /** The Security Hub controls it answers. */
  readonly securityHub: readonly string[];
  /** The MITRE ATT&CK techniques it detects (the evasion pack's rows; empty for the others). */
  readonly attack: readonly string[];
  /** Not covered for a requirement this product does not build; else missing if any place is missing, gap if any is a gap, met. */
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

function row(
  rule: Pick<ComplianceRule, 'id' | 'title' | 'cis' | 'securityHub' | 'attack'>,
  verdicts: StackVerdict[],
): ControlRow {
  const status: ControlStatus = verdicts.some((v) => v.status === 'not-covered')
    ? 'not-covered'
    : verdicts.some((v) => v.status === 'missing')
      ? 'missing'
      : verdicts.some((v) => v.status === 'gap')
        ? 'gap'
        : 'met';
  const cis = cisNumbersByVersion(rule.cis);
  const attack = rule.attack ?? [];
  const sources = [
    ...CIS_BENCHMARK_VERSIONS.flatMap((version) => cis[version].map((n) => `CIS ${version} ${n}`)),
    ...rule.securityHub.map((control) => `Security Hub ${control}`),
    ...attack.map((technique) => `MITRE ATT&CK ${technique}`),
  ];
  return { id: rule.id, title: rule.title, sources, cis, securityHub: rule.securityHub, attack, status, verdicts };
}

/** What a row is judged from: the config (what it claims) and the synthesized stacks (what is built). */
export interface ComplianceEvidence {
  readonly config: OrgConfig;
  /** Every synthesized stack, in the order given. */
  readonly stacks: readonly SynthesizedStack[];
  readonly byName: ReadonlyMap<string, SynthesizedStack>;
  readonly naming: AuditNaming;
  readonly organization: SynthesizedStack | undefined;
  readonly archive: SynthesizedStack | undefined;
  /** The stacks whose trails record accounts: the organization's, and each outside member's. */
  readonly trailStacks: readonly (readonly [string, SynthesizedStack | undefined])[];
  /** The CIS alarms and evasion detections the config selects, by alarm id. */
  readonly alarms: ReadonlyMap<string, AlarmDefinition>;
}

/** One row of the matrix, as data: the control, the framework numbers it answers, and how it is judged. */
export interface ComplianceRule {
  readonly id: string;
  readonly title: string;
  /**
   * The CIS AWS Foundations Benchmark requirements it answers, numbered as in the current version
   * (v7.0.0); the matrix adds their numbers in the other versions.
   */
  readonly cis: readonly CisRequirementNumber[];
  /** The Security Hub controls it answers. */
  readonly securityHub: readonly string[];
  /**
   * The MITRE ATT&CK techniques it detects (the evasion pack's rows).
   * @default []
   */
  readonly attack?: readonly string[];
  /** Its verdict in each stack or account. */
  readonly judge: (evidence: ComplianceEvidence) => StackVerdict[];
}

/** Every trail stack has a trail that passes `check`; `what` says what the trail lacks when none does. */
function eachTrail(check: (trail: Body) => boolean, what: string): ComplianceRule['judge'] {
  return ({ trailStacks }) =>
    trailStacks.map(([where, stack]) => {
      const trails = resourcesOf(stack, 'aws_cloudtrail').filter(([, trail]) => check(trail));
      return trails.length > 0
        ? met(
            where,
            trails.map(([address]) => address),
          )
        : missing(where, `no trail ${what}`);
    });
}

/** Multi-Region, with a selector of every management event, read and write. */
const recordsAllRegionsAndManagementEvents = (trail: Body): boolean =>
  trail.is_multi_region_trail === true &&
  ((trail.advanced_event_selector ?? []) as Selector[]).some(
    (selector) =>
      selector.field_selector.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management')) &&
      selector.field_selector.every((f) => f.field !== 'readOnly'),
  );

/** Every customer managed key of every stack rotates. */
function keysRotate({ stacks }: ComplianceEvidence): StackVerdict[] {
  return stacks.map((stack) => {
    const keys = resourcesOf(stack, 'aws_kms_key');
    const still = keys.filter(([, key]) => key.enable_key_rotation !== true);
    if (still.length > 0) return missing(stack.name, `no rotation on ${still.map(([address]) => address).join(', ')}`);
    return keys.length === 0
      ? met(stack.name, ['(no keys)'])
      : met(
          stack.name,
          keys.map(([address]) => address),
        );
  });
}

/** S3 data events of every bucket, when the config claims them; else a gap with the reason. */
function s3DataEvents({ config, organization }: ComplianceEvidence): StackVerdict[] {
  if (config.trail.dataEvents.s3 === 'all') return [organizationHasDataEvents(organization)];
  return [
    gap(
      ORGANIZATION_STACK_NAME,
      config.trail.dataEvents.s3 === 'none'
        ? 'trail.dataEvents.s3 is "none": S3 data events are billed per event; set it to "all" to meet these controls'
        : 'trail.dataEvents.s3 lists some buckets, not all',
    ),
  ];
}

/** Every bucket policy of the archive denies requests without TLS. */
function archiveTlsOnly({ archive }: ComplianceEvidence): StackVerdict[] {
  return resourcesOf(archive, 'aws_s3_bucket_policy').map(([address, policy]) =>
    String(policy.policy).includes('"DenyInsecureTransport"')
      ? met(LOG_ARCHIVE_STACK_NAME, [address])
      : missing(LOG_ARCHIVE_STACK_NAME, `${address} has no DenyInsecureTransport`),
  );
}

/** The alarm `alarmId` in every trail stack, when the config selects it (in `selectedIn`); else a gap. */
function selectedAlarm(alarmId: string, selectedIn: string): ComplianceRule['judge'] {
  return ({ alarms, trailStacks }) => {
    const alarm = alarms.get(alarmId);
    if (alarm === undefined) return [gap(ORGANIZATION_STACK_NAME, `not selected in ${selectedIn}`)];
    return trailStacks.map(([where, stack]) => alarmVerdict(where, stack, alarm));
  };
}

/**
 * CIS 2.1.2: the service control policies attached to the organization root reach every member
 * account. They keep logging, recording and the evidence safe; the rest of the baseline the
 * benchmark lists is the organization's own, which the verdict says. An archive out of their reach
 * (in the management account, or in the account that manages the policies) is a gap that says why.
 */
function authorizationGuardrails({ config, byName }: ComplianceEvidence): StackVerdict[] {
  if (!config.guardrails.enabled) {
    return [gap(GUARDRAILS_STACK_NAME, 'guardrails.enabled is false: this product attaches no SCP or RCP')];
  }
  const stack = byName.get(GUARDRAILS_STACK_NAME);
  const scps = new Set(
    resourcesOf(stack, 'aws_organizations_policy')
      .filter(([, policy]) => policy.type === 'SERVICE_CONTROL_POLICY')
      .map(([address]) => `\${${address}.id}`),
  );
  const attached = resourcesOf(stack, 'aws_organizations_policy_attachment').filter(([, attachment]) =>
    scps.has(String(attachment.policy_id)),
  );
  const atRoot = attached.filter(([, attachment]) => /\.roots\[0\]\.id\}$/.test(String(attachment.target_id)));
  if (attached.length === 0) return [missing(GUARDRAILS_STACK_NAME, 'no service control policy is attached')];
  if (atRoot.length === 0) {
    const targets = [...new Set(attached.map(([, attachment]) => String(attachment.target_id)))].sort();
    return [
      gap(
        GUARDRAILS_STACK_NAME,
        `the service control policies are attached to ${targets.join(', ')} only (guardrails.targets): accounts outside them have none of this product's`,
      ),
    ];
  }
  const unprotected = unprotectedArchive(config);
  const perimeter =
    config.guardrails.dataPerimeter && unprotected === undefined
      ? ', and the RCP keeps the archive inside the organization'
      : '';
  return [
    met(
      GUARDRAILS_STACK_NAME,
      atRoot.map(([address]) => address),
    ),
    ...(unprotected === undefined ? [] : [gap(LOG_ARCHIVE_STACK_NAME, unprotected)]),
    gap(
      '(the organization baseline)',
      `these SCPs keep logging, recording${unprotected === undefined ? ' and the evidence' : ''} safe in every member account (SCPs do not apply to the management account)${perimeter}; the rest of the baseline CIS 2.1.2 names (approved Regions only, security services kept on, no external access to other resources) is the organization's own SCPs and RCPs`,
    ),
  ];
}

/**
 * What AWS made for the stacks (modules/core/aws-created-resources.ts) that neither AWS nor a
 * guardrail of ours keeps others from changing: a gap each, where the stack that causes it is built.
 */
function awsCreatedGaps({ stacks }: ComplianceEvidence): StackVerdict[] {
  return AWS_CREATED_RESOURCES.filter((item) => item.guardrail.gap !== undefined).flatMap((item) =>
    stacks
      .filter((stack) => causesIn(item, stack.json).length > 0)
      .map((stack) => gap(`${stack.name} (made by AWS: ${item.id})`, `${item.what}: ${item.guardrail.gap}`)),
  );
}

/**
 * Why the SCPs and the RCP cannot protect the archive, when the config puts it out of their reach:
 * in the management account, where AWS applies neither, or in the account that manages the
 * policies, whose administrators can detach them. Undefined when they can.
 */
function unprotectedArchive(config: OrgConfig): string | undefined {
  const archive = config.logArchive.accountId;
  if (archive === config.organization.managementAccountId) {
    return `logArchive.accountId is the management account (${archive}), where AWS applies no SCP or RCP: the evidence protection and the data perimeter do not bind the archive, and any administrator of the management account can delete the logs; move the archive to an account of its own and set logArchive.accountId to it`;
  }
  if (config.guardrails.accountId === archive) {
    return `guardrails.accountId is the log archive account (${archive}): its administrators manage the policies that bind them and can detach them, so the evidence protection and the data perimeter do not hold against them; leave guardrails.accountId out, or delegate policy management to an account of its own`;
  }
  return undefined;
}

/**
 * CIS 5.16: Security Hub's central configuration from the audit account, with a policy that enables
 * it and a standard, associated with the organization. Where the config leaves Security Hub to
 * another owner, nothing here proves it: a gap that says where to look.
 */
function securityHubEnabled({ config, byName }: ComplianceEvidence): StackVerdict[] {
  if (config.audit === false) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit is false: the organization keeps Security Hub elsewhere; check it there (this product neither builds nor reads it)',
      ),
    ];
  }
  if (config.audit === undefined) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit is not set: this product enables Security Hub from an audit account; set audit.accountId',
      ),
    ];
  }
  if (!config.audit.securityHub) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit.securityHub is false: Security Hub is left to its existing administrator; check its configuration there (this product neither builds nor reads it)',
      ),
    ];
  }
  const stack = byName.get(AUDIT_STACK_NAME);
  const policies = resourcesOf(stack, 'aws_securityhub_configuration_policy').filter(([, policy]) => {
    const body = policy.configuration_policy as
      { service_enabled?: boolean; enabled_standard_arns?: string[] } | undefined;
    return body?.service_enabled === true && (body.enabled_standard_arns ?? []).length > 0;
  });
  const associations = resourcesOf(stack, 'aws_securityhub_configuration_policy_association').filter(
    ([, association]) => policies.some(([address]) => String(association.policy_id) === `\${${address}.id}`),
  );
  if (policies.length === 0)
    return [missing(AUDIT_STACK_NAME, 'no Security Hub configuration policy that enables it with a standard')];
  if (associations.length === 0)
    return [missing(AUDIT_STACK_NAME, 'the Security Hub configuration policy is associated with no target')];
  return [
    met(AUDIT_STACK_NAME, [
      ...policies.map(([address]) => address),
      ...associations.map(([address]) => address),
      ...resourcesOf(stack, 'aws_securityhub_finding_aggregator').map(([address]) => address),
    ]),
    ...config.members
      .filter((m) => runsOwnSecurityHub(config, m))
      .flatMap((m) => standaloneHubVerdicts(config, m, byName)),
    ...config.members
      .filter((m) => !m.inOrganization && m.awsConfig === false)
      .map((m) =>
        gap(
          memberStackName(m),
          'outside the organization and without AWS Config: Security Hub, whose controls are AWS Config rules, would evaluate almost none there, so none is built; turn awsConfig on to get it',
        ),
      ),
  ];
}

/**
 * A member outside the organization, which central configuration cannot reach: Security Hub and
 * the organization's standards in each governed Region of its own stack, and what only central
 * configuration sets, named.
 */
function standaloneHubVerdicts(
  config: OrgConfig,
  member: MemberConfig,
  stacks: ReadonlyMap<string, SynthesizedStack>,
): StackVerdict[] {
  const where = memberStackName(member);
  const stack = stacks.get(where);
  const hubs = resourcesOf(stack, 'aws_securityhub_account');
  const subscriptions = resourcesOf(stack, 'aws_securityhub_standards_subscription');
  const regions = config.governedRegions.length;
  const standards = config.audit === false || config.audit === undefined ? 0 : config.audit.securityHubStandards.length;
  const built =
    hubs.length === regions && subscriptions.length === regions * standards
      ? met(
          where,
          [...hubs, ...subscriptions].map(([address]) => address),
        )
      : missing(
          where,
          `outside the organization: ${hubs.length} Security Hub(s) and ${subscriptions.length} standard subscription(s) for ${regions} governed Region(s) x ${standards} standard(s)`,
        );
  const config1 = recordsConfig(member)
    ? "; Config.1's includeConfigServiceLinkedRoleCheck stays true (provider 5.x cannot set a control's parameters), so Config.1 fails there while AWS Config records with this product's role"
    : '';
  return [
    built,
    gap(
      where,
      `outside the organization, so outside central configuration: its findings reach the archive but not the audit account's Security Hub (compliance --live does not see them)${config1}`,
    ),
  ];
}

/**
 * The detective rules of the audit stack that check a row (by its CIS requirement or Security Hub
 * control): met with the rules' addresses, or missing when the config selects a rule that is not
 * built. Rules the config does not select add nothing.
 */
function detectiveRuleVerdicts(
  rule: Pick<ComplianceRule, 'cis' | 'securityHub'>,
  { config, byName }: ComplianceEvidence,
): StackVerdict[] {
  const selected = auditConfigRules(config)
    .map((name) => DETECTIVE_RULES[name])
    .filter(
      (detective) =>
        (detective.requirement !== undefined && rule.cis.includes(detective.requirement)) ||
        (detective.securityHubControl !== undefined && rule.securityHub.includes(detective.securityHubControl)),
    );
  if (selected.length === 0) return [];
  const built = resourcesOf(byName.get(AUDIT_STACK_NAME), 'aws_config_organization_managed_rule');
  return selected.map((detective) => {
    const found = built.filter(([, body]) => body.rule_identifier === detective.identifier);
    return found.length > 0
      ? met(
          `${AUDIT_STACK_NAME} (AWS Config rule ${detective.name})`,
          found.map(([address]) => address),
        )
      : missing(
          AUDIT_STACK_NAME,
          `no AWS Config rule ${detective.name} (${detective.identifier}), which audit.configRules selects`,
        );
  });
}

/**
 * The requirements of the current benchmark version this product does not build, with the reason:
 * the matrix lists them as not covered rather than leaving them out.
 */
export const NOT_COVERED: Readonly<Partial<Record<CisRequirementNumber, { id: string; reason: string }>>> = {
  '4.10': {
    id: 'web-front-end-access-logs',
    reason:
      'this product creates no CloudFront distribution, load balancer or API Gateway: their access logs are turned on where they are created',
  },
};

/**
 * The rows of the matrix, in order: CIS 2.1.2, the Logging section and the Security Hub controls on
 * the same resources, then one row per CIS alarm control (Monitoring) from the CIS control records.
 * {@link complianceMatrix} adds a row for each requirement in {@link NOT_COVERED} and sorts the rows
 * by their number in the current version.
 */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  {
    id: 'authorization-guardrails',
    title: 'Service control policies on every member account',
    cis: ['2.1.2'],
    securityHub: [],
    judge: (evidence) => [...authorizationGuardrails(evidence), ...awsCreatedGaps(evidence)],
  },
  {
    id: 'trail-all-regions',
    title: 'CloudTrail records every Region, read and write management events',
    cis: ['4.1'],
    securityHub: ['CloudTrail.1'],
    judge: eachTrail(recordsAllRegionsAndManagementEvents, 'that is multi-Region with all management events'),
  },
  {
    id: 'trail-log-file-validation',
    title: 'CloudTrail log file validation',
    cis: ['4.2'],
    securityHub: ['CloudTrail.4'],
    judge: eachTrail((trail) => trail.enable_log_file_validation === true, 'with log file validation'),
  },
  {
    id: 'config-all-regions',
    title: 'AWS Config records in every governed Region of every account',
    cis: ['4.3'],
    securityHub: ['Config.1'],
    judge: ({ config, byName }) => configVerdicts(config, byName),
  },
  {
    id: 'trail-bucket-access-logging',
    title: 'Server access logging on the CloudTrail bucket',
    cis: ['4.4'],
    securityHub: ['CloudTrail.7'],
    judge: ({ archive, naming }) => [bucketHas(archive, 'aws_s3_bucket_logging', naming.logBucketName)],
  },
  {
    id: 'trail-kms',
    title: 'CloudTrail logs encrypted with a KMS key',
    cis: ['4.5'],
    securityHub: ['CloudTrail.2'],
    judge: eachTrail((trail) => typeof trail.kms_key_id === 'string' && trail.kms_key_id !== '', 'with a KMS key'),
  },
  {
    id: 'kms-rotation',
    title: 'Every customer managed key rotates',
    cis: ['4.6'],
    securityHub: ['KMS.4'],
    judge: keysRotate,
  },
  {
    id: 'vpc-flow-logs',
    title: 'VPC flow logs',
    cis: ['4.7'],
    securityHub: ['EC2.6'],
    judge: ({ config, byName }) => flowLogVerdicts(config, byName),
  },
  {
    id: 's3-object-level-logging',
    title: 'Object-level logging of S3 writes and reads',
    cis: ['4.8', '4.9'],
    securityHub: ['S3.22', 'S3.23'],
    judge: s3DataEvents,
  },
  {
    id: 'trail-cloudwatch-logs',
    title: 'CloudTrail delivers to CloudWatch Logs',
    cis: [],
    securityHub: ['CloudTrail.5'],
    judge: eachTrail(
      (trail) => typeof trail.cloud_watch_logs_group_arn === 'string',
      'that delivers to CloudWatch Logs',
    ),
  },
  {
    id: 'trail-bucket-not-public',
    title: 'The CloudTrail bucket blocks public access',
    cis: [],
    securityHub: ['CloudTrail.6', 'S3.8'],
    judge: ({ archive, naming }) => [
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
  },
  {
    id: 'archive-tls-only',
    title: 'Archive buckets refuse requests without TLS',
    cis: [],
    securityHub: ['S3.5'],
    judge: archiveTlsOnly,
  },
  {
    id: 'archive-access-logging',
    title: 'Archive buckets log their accesses',
    cis: [],
    securityHub: ['S3.9'],
    judge: ({ archive, naming }) =>
      [naming.logBucketName, naming.memberLogsBucketName, naming.athenaResultsBucketName].map((bucket) =>
        bucketHas(archive, 'aws_s3_bucket_logging', bucket),
      ),
  },
  {
    id: 'security-hub-enabled',
    title: 'Security Hub is enabled in every account and governed Region',
    cis: ['5.16'],
    securityHub: [],
    judge: securityHubEnabled,
  },
  ...CIS_CONTROL_LIST.map((control): ComplianceRule => ({
    id: control.id,
    title: control.title,
    cis: [control.requirement],
    securityHub: control.securityHubControl === undefined ? [] : [control.securityHubControl],
    judge: selectedAlarm(`${CIS_ALARM_PREFIX}${control.id}`, 'alarms.controls'),
  })),
];

/**
 * The evasion pack's rows, one per detection, after the controls: no CIS number or Security Hub
 * control, the MITRE ATT&CK techniques it detects. `compliance --live` leaves them out (neither
 * Security Hub nor AWS Config evaluates an alarm).
 */
export const EVASION_RULES: readonly ComplianceRule[] = EVASION_DETECTION_LIST.map((detection) => ({
  id: `${EVASION_ALARM_PREFIX}${detection.id}`,
  title: detection.title,
  cis: [],
  securityHub: [],
  attack: detection.attack,
  judge: selectedAlarm(`${EVASION_ALARM_PREFIX}${detection.id}`, 'alarms.evasion'),
}));

/** The control matrix of `config`, from its synthesized `stacks`: every rule, judged. */
export function complianceMatrix(config: OrgConfig, stacks: readonly SynthesizedStack[]): ControlRow[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const organization = byName.get(ORGANIZATION_STACK_NAME);
  const outside = config.members.filter((member) => member.standaloneTrail && !member.inOrganization);
  const selected = selectedAlarms(config.alarms);
  const evidence: ComplianceEvidence = {
    config,
    stacks,
    byName,
    naming: AuditNaming.fromConfig(config),
    organization,
    archive: byName.get(LOG_ARCHIVE_STACK_NAME),
    trailStacks: [
      [ORGANIZATION_STACK_NAME, organization],
      ...outside.map((member) => [memberStackName(member), byName.get(memberStackName(member))] as const),
    ],
    alarms: new Map(
      [
        ...cisAlarmDefinitions(selected.cisControls, config.alarms.consoleSigninWithoutMfa),
        ...evasionAlarmDefinitions(selected.evasionDetections),
      ].map((alarm) => [alarm.id, alarm]),
    ),
  };
  const notCovered = CIS_REQUIREMENTS.flatMap((requirement) => {
    const why = NOT_COVERED[requirement.number];
    if (why === undefined) return [];
    return [
      row({ id: why.id, title: requirement.title, cis: [requirement.number], securityHub: [] }, [
        { where: '(every account)', status: 'not-covered', detail: why.reason },
      ]),
    ];
  });
  const rows = [
    ...COMPLIANCE_RULES.map((rule) => row(rule, [...rule.judge(evidence), ...detectiveRuleVerdicts(rule, evidence)])),
    ...notCovered,
  ];
  return [
    ...orderByRequirement(rows, (r) => r.cis[CIS_CURRENT_VERSION][0] as CisRequirementNumber | undefined),
    ...EVASION_RULES.map((rule) => row(rule, rule.judge(evidence))),
  ];
}

/**
 * `items` in the order of their first CIS requirement in the current version, those without one
 * last; items of the same requirement keep their order.
 */
export function orderByRequirement<T>(
  items: readonly T[],
  firstRequirement: (item: T) => CisRequirementNumber | undefined,
): T[] {
  const order = (item: T) => {
    const first = firstRequirement(item);
    return first === undefined ? Number.MAX_SAFE_INTEGER : CIS_REQUIREMENTS.findIndex((q) => q.number === first);
  };
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => order(a.item) - order(b.item) || a.i - b.i)
    .map(({ item }) => item);
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
  // CIS asks for every Region; the product records the governed ones, and with
  // guardrails.denyOtherRegions no account can use the others but for the Regional services it exempts.
  return [...verdicts, otherRegionsVerdict(config, stacks)];
}

/**
 * The Regions outside governedRegions: denied by the Region deny SCP, or a gap that names them. Where
 * `exemptionsMatter`, the Regional services the deny exempts stay usable there, unrecorded: a gap
 * that names them.
 */
function otherRegionsVerdict(
  config: OrgConfig,
  stacks: ReadonlyMap<string, SynthesizedStack>,
  what = 'AWS Config records',
  exemptionsMatter = true,
): StackVerdict {
  const where = '(Regions outside governedRegions)';
  const governed = [...config.governedRegions].sort();
  const denies = resourcesOf(stacks.get(GUARDRAILS_STACK_NAME), 'aws_organizations_policy').flatMap(
    ([address, policy]): [string, RegionDenyStatementShape[]][] => {
      if (policy.name !== REGION_DENY_POLICY_NAME || typeof policy.content !== 'string') return [];
      const statements = (JSON.parse(policy.content) as { Statement: RegionDenyStatementShape[] }).Statement;
      const closesTheOthers = statements.some(
        (s) =>
          s.Effect === 'Deny' &&
          s.NotAction !== undefined &&
          JSON.stringify([s.Condition?.StringNotEquals?.['aws:RequestedRegion']].flat().sort()) ===
            JSON.stringify(governed),
      );
      return closesTheOthers ? [[address, statements]] : [];
    },
  );
  if (denies.length === 0) {
    return gap(
      where,
      `${what} only in ${governed.join(', ')}; every other Region is ungoverned: set guardrails.denyOtherRegions to deny them with an SCP`,
    );
  }
  const addresses = denies.map(([address]) => address);
  const openings = exemptionsMatter
    ? regionDenyOpenings(
        denies.flatMap(([, statements]) => statements),
        governed,
      )
    : [];
  if (openings.length === 0) return met(GUARDRAILS_STACK_NAME, addresses);
  return gap(
    GUARDRAILS_STACK_NAME,
    `${addresses.join(', ')} denies every other Region but the Regional services it exempts, which AWS Config does not record there: ${describeOpenings(openings)}. To record a Region someone uses, add the Region to governedRegions`,
  );
}

function flowLogVerdicts(config: OrgConfig, stacks: ReadonlyMap<string, SynthesizedStack>): StackVerdict[] {
  const listed = config.members
    .filter((m) => m.vpcFlowLogs.length > 0)
    .map((member) => {
      const logs = resourcesOf(stacks.get(memberStackName(member)), 'aws_flow_log');
      return logs.length === member.vpcFlowLogs.length
        ? met(
            memberStackName(member),
            logs.map(([address]) => address),
          )
        : missing(memberStackName(member), `${logs.length} flow log(s) for ${member.vpcFlowLogs.length} listed VPC(s)`);
    });
  if (!config.awsConfig.flowLogsForEveryVpc) {
    // The config names VPCs; it cannot know the others.
    return [
      ...listed,
      gap(
        '(every account)',
        'only the VPCs listed in members[].vpcFlowLogs are covered; set awsConfig.flowLogsForEveryVpc to give every VPC a flow log',
      ),
    ];
  }
  const accounts = new Map<string, string>([
    ...accountRoles(config),
    ...config.members.map((m): [string, string] => [m.accountId, `member ${m.name}`]),
  ]);
  const verdicts = [...accounts].map(([accountId, role]) => {
    const member: MemberConfig | undefined = config.members.find((m) => m.accountId === accountId);
    const where = member === undefined ? accountId : memberStackName(member);
    if (member === undefined) return gap(where, `${role} is not in members, so no rule gives its VPCs flow logs`);
    if (member.awsConfig === false) {
      return gap(where, 'awsConfig is false: without AWS Config no rule finds its VPCs');
    }
    const stack = stacks.get(memberStackName(member));
    const rules = resourcesOf(stack, 'aws_config_config_rule').filter(
      ([, r]) =>
        (r.source as { source_identifier?: string } | undefined)?.source_identifier === 'VPC_FLOW_LOGS_ENABLED',
    );
    const remediations = resourcesOf(stack, 'aws_config_remediation_configuration').filter(
      ([, r]) => r.automatic === true && r.target_id === ENABLE_VPC_FLOW_LOGS_RUNBOOK,
    );
    const regions = config.governedRegions.length;
    if (rules.length !== regions || remediations.length !== regions) {
      return missing(
        where,
        `${rules.length} vpc-flow-logs-enabled rule(s) and ${remediations.length} automatic remediation(s) for ${regions} governed Region(s)`,
      );
    }
    return met(
      where,
      remediations.map(([address]) => address),
    );
  });
  // No action the Region deny exempts creates a VPC.
  return [...listed, ...verdicts, otherRegionsVerdict(config, stacks, 'VPCs get flow logs', false)];
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
  // CIS asks that someone receives the alarm: a topic with no subscriber in the stacks reaches nobody
  // this report can see.
  const actions = new Set(((found[1].alarm_actions ?? []) as unknown[]).map(String));
  const subscriptions = resourcesOf(stack, 'aws_sns_topic_subscription').filter(([, s]) =>
    actions.has(String(s.topic_arn)),
  );
  if (subscriptions.length === 0) {
    return missing(
      where,
      `${alarm.id}: its alarm notifies a topic with no subscriber in the stacks, so it reaches nobody; add alarms.emails (a topic subscribed outside the stacks, such as a pager, is not seen here)`,
    );
  }
  return met(where, [...filters.map(([address]) => address), found[0], ...subscriptions.map(([address]) => address)]);
}
