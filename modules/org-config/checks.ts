import { lifecycleStepProblems, OAM_SINK_ARN, roleArnAccountId } from '../core/aws-values';
import {
  CIS_ALARM_PREFIX,
  defaultLogBucketName,
  derivedBucketNames,
  EVASION_ALARM_PREFIX,
  ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME,
} from '../core/naming';
import { METRIC_FILTERS_PER_LOG_GROUP } from '../core/aws-limits';
import { CIS_CONTROL_IDS, CIS_CONTROLS } from '../catalogs/cis-controls';
import { EVASION_DETECTION_IDS, EVASION_DETECTIONS, evasionFilters } from '../catalogs/evasion-detections';
import { formatPath, JsonPath } from './json-path';
import { isAwsRegion, partitionOf } from '../core/regions';
import { CONTROL_TOWER, orgConfigSchema } from './schema';

/** A problem that involves more than one field, located at the field to change. */
export interface CrossFieldProblem {
  readonly at: JsonPath;
  readonly message: string;
}

type Raw = Record<string, unknown>;

/**
 * Rules that span fields: uniqueness, ordering, one partition. They run on the raw input, even when
 * some fields have errors of their own, so that one run lists every problem; a rule whose fields
 * are missing or of the wrong type is skipped (the schema reports those).
 */
export function crossFieldProblems(input: unknown): CrossFieldProblem[] {
  if (!isObject(input)) return [];
  return [
    ...regionProblems(input),
    ...deploymentProblems(input),
    ...retentionProblems(input),
    ...bucketNameProblems(input),
    ...replicaBucketNameProblems(input),
    ...duplicateProblems(input, ['members'], ['name'], 'member names are the stack names, so each must be unique'),
    ...duplicateProblems(input, ['members'], ['accountId'], 'each account is one member; merge the two entries'),
    ...duplicateProblems(input, ['logArchive', 'readerAccountIds'], [], 'remove the repeated account id'),
    ...duplicateProblems(input, ['governedRegions'], [], 'remove the repeated Region'),
    ...duplicateProblems(input, ['alarms', 'emails'], [], 'remove the repeated address'),
    ...duplicateProblems(input, ['guardrails', 'targets'], [], 'attach to each target once; remove the repeat'),
    ...duplicateProblems(input, ['guardrails', 'breakGlassPrincipalArns'], [], 'remove the repeated principal'),
    ...duplicateProblems(input, ['alarms', 'controls'], [], 'remove the repeated control'),
    ...duplicateProblems(input, ['audit', 'configRules'], [], 'remove the repeated rule'),
    ...duplicateProblems(input, ['audit', 'securityHubStandards'], [], 'remove the repeated standard'),
    ...duplicateProblems(
      input,
      ['alarms', 'custom'],
      ['id'],
      'alarm ids name metrics and alarms, so each must be unique',
    ),
    ...duplicateProblems(input, ['alarms', 'evasion'], [], 'remove the repeated detection'),
    ...customAlarmIdProblems(input),
    ...metricFilterProblems(input),
    ...dataEventProblems(input),
    ...trailAccountProblems(input),
    ...auditAccountProblems(input),
    ...quickSightProblems(input),
    ...memberProblems(input),
    ...regionDenyProblems(input),
    ...duplicateProblems(input, ['applicationLogs', 'optedOutMembers'], [], 'remove the repeated name'),
    ...duplicateProblems(input, ['applicationLogs', 'excludedLogGroups'], [], 'remove the repeated log group'),
    ...applicationLogsProblems(input),
    ...liveSearchProblems(input),
    ...bootstrapRoleProblems(input),
    ...evidenceSignerProblems(input),
  ];
}

/**
 * `applicationLogs.liveSearch` searches the sending members: it needs the delivery on; each sink ARN
 * is the log archive account's, in the governed Region it is given for.
 */
function liveSearchProblems(input: Raw): CrossFieldProblem[] {
  const liveSearch = get(input, 'applicationLogs', 'liveSearch');
  if (!isObject(liveSearch)) return [];
  const problems: CrossFieldProblem[] = [];
  if (liveSearch.enabled === true && get(input, 'applicationLogs', 'enabled') !== true) {
    problems.push({
      at: ['applicationLogs', 'liveSearch', 'enabled'],
      message:
        'is true, but applicationLogs.enabled is not: live search links the members that send their application logs; set applicationLogs.enabled to true, or this to false',
    });
  }
  const sinks = liveSearch.sinkArns;
  if (!isObject(sinks)) return problems;
  if (liveSearch.enabled !== true && Object.keys(sinks).length > 0) {
    problems.push({
      at: ['applicationLogs', 'liveSearch', 'sinkArns'],
      message: 'names sinks, but applicationLogs.liveSearch.enabled is not true: set it to true, or remove the sinks',
    });
  }
  const governed = get(input, 'governedRegions');
  const regions = new Set(Array.isArray(governed) ? governed.filter((r) => typeof r === 'string') : []);
  const archive = get(input, 'logArchive', 'accountId');
  for (const [region, arn] of Object.entries(sinks)) {
    const match = typeof arn === 'string' ? OAM_SINK_ARN.exec(arn) : null;
    if (!regions.has(region)) {
      problems.push({
        at: ['applicationLogs', 'liveSearch', 'sinkArns', region],
        message: `${JSON.stringify(region)} is not one of governedRegions (${[...regions].join(', ')}): a sink serves the links of its own Region only; remove it`,
      });
    } else if (match !== null && (match[2] !== region || match[3] !== archive)) {
      problems.push({
        at: ['applicationLogs', 'liveSearch', 'sinkArns', region],
        message: `${arn} is a sink of account ${match[3]} in ${match[2]}, not of the log archive account (${String(archive)}) in ${region}: live-search-sinks writes the log archive stack's own (its output live_search_sink_arns)`,
      });
    }
  }
  return problems;
}

/** Each opted-out member of `applicationLogs` names a member of `members`. */
function applicationLogsProblems(input: Raw): CrossFieldProblem[] {
  const optedOut = get(input, 'applicationLogs', 'optedOutMembers');
  const members = get(input, 'members');
  if (!Array.isArray(optedOut)) return [];
  const names = new Set(
    (Array.isArray(members) ? members : []).flatMap((m) => (isObject(m) && typeof m.name === 'string' ? [m.name] : [])),
  );
  return optedOut.flatMap((name, i) =>
    typeof name !== 'string' || names.has(name)
      ? []
      : [
          {
            at: ['applicationLogs', 'optedOutMembers', i],
            message: `${JSON.stringify(name)} is not the name of a member; use one of members[].name${names.size === 0 ? ' (there are none)' : ` (${[...names].slice(0, 5).join(', ')}${names.size > 5 ? ', ...' : ''})`}, or remove it`,
          },
        ],
  );
}

/**
 * AWS recommends against its Organizations example Region deny, which this is, where Control Tower
 * runs: Control Tower works across Regions in a way the example does not allow for.
 */
function regionDenyProblems(input: Raw): CrossFieldProblem[] {
  const members = get(input, 'members');
  if (get(input, 'guardrails', 'denyOtherRegions') !== true || !Array.isArray(members)) return [];
  const managed = members.flatMap((member, i) =>
    isObject(member) && member.awsConfig === CONTROL_TOWER ? [formatPath(['members', i, 'awsConfig'])] : [],
  );
  if (managed.length === 0) return [];
  const which =
    managed.length === 1 ? `${managed[0]} is` : `${managed.slice(0, -1).join(', ')} and ${managed.at(-1)} are`;
  const orSet = managed.length === 1 ? `set ${managed[0]}` : "set those members' awsConfig";
  return [
    {
      at: ['guardrails', 'denyOtherRegions'],
      message: `is true, but ${which} "control-tower": AWS recommends not using this Region deny (AWS Organizations' example SCP) in an organization that uses AWS Control Tower, which works across Regions in a way that is not compatible with it. Remove guardrails.denyOtherRegions and turn on Control Tower's own Region deny control in its landing zone settings, or ${orSet} to true if this product records AWS Config there instead`,
    },
  ];
}

/** QuickSight's datasets read the columnar copy: a dashboard over the gzip logs would read every field. */
function quickSightProblems(input: Raw): CrossFieldProblem[] {
  if (!isObject(get(input, 'analytics', 'quickSight'))) return [];
  if (get(input, 'analytics', 'columnarCopy', 'enabled') !== false) return [];
  return [
    {
      at: ['analytics', 'quickSight'],
      message:
        'needs the columnar copy, which the datasets read (a dashboard over the gzip logs would read every field of every day it shows); remove analytics.columnarCopy.enabled: false, or set quickSight to false',
    },
  ];
}

/**
 * The audit account is a delegated administrator: AWS refuses the management account (Security Hub's
 * central configuration and the organization's Config rules run from a delegated administrator), and
 * an account outside the organization cannot be one.
 */
function auditAccountProblems(input: Raw): CrossFieldProblem[] {
  const audit = get(input, 'audit', 'accountId');
  if (typeof audit !== 'string') return [];
  if (audit === get(input, 'organization', 'managementAccountId')) {
    return [
      {
        at: ['audit', 'accountId'],
        message: `is the management account; AWS runs Security Hub's central configuration and the organization's Config rules from a delegated administrator, never the management account. Use a member account (Control Tower's Audit account, or a security tooling account)`,
      },
    ];
  }
  const members = get(input, 'members');
  const outside = Array.isArray(members)
    ? members.find((member) => isObject(member) && member.accountId === audit && member.inOrganization === false)
    : undefined;
  return outside === undefined
    ? []
    : [
        {
          at: ['audit', 'accountId'],
          message: `is member ${JSON.stringify((outside as Raw).name)}, which is outside the organization (inOrganization false); a delegated administrator is an account of the organization`,
        },
      ];
}

function regionProblems(input: Raw): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const home = input.homeRegion;
  const governed = input.governedRegions;
  if (
    typeof home === 'string' &&
    isAwsRegion(home) &&
    Array.isArray(governed) &&
    governed.length > 0 &&
    !governed.includes(home)
  ) {
    problems.push({
      at: ['governedRegions'],
      message: `must include homeRegion ${JSON.stringify(home)}; add it to the list`,
    });
  }
  if (typeof home !== 'string' || !isAwsRegion(home)) return problems;
  const homePartition = partitionOf(home);
  const others: [JsonPath, unknown][] = [
    ...(Array.isArray(governed) ? governed.map((r, i): [JsonPath, unknown] => [['governedRegions', i], r]) : []),
    [['deployment', 'stateRegion'], get(input, 'deployment', 'stateRegion')],
    [['logArchive', 'replication', 'region'], get(input, 'logArchive', 'replication', 'region')],
  ];
  for (const [at, region] of others) {
    if (typeof region === 'string' && isAwsRegion(region) && partitionOf(region) !== homePartition) {
      problems.push({
        at,
        message: `${JSON.stringify(region)} is in partition ${partitionOf(region)}, but homeRegion ${JSON.stringify(home)} is in ${homePartition}; one organization lives in one partition`,
      });
    }
  }
  if (get(input, 'logArchive', 'replication', 'region') === home) {
    problems.push({
      at: ['logArchive', 'replication', 'region'],
      message: `is homeRegion ${JSON.stringify(home)}; a replica protects against losing a Region only in another one, so choose a second Region`,
    });
  }
  return problems;
}

function deploymentProblems(input: Raw): CrossFieldProblem[] {
  if (get(input, 'deployment', 'stateBucket') !== undefined) {
    const account = get(input, 'deployment', 'stateAccountId');
    const roleAccount = roleArnAccountId(String(get(input, 'deployment', 'stateRoleArn') ?? ''));
    if (typeof account === 'string' && roleAccount !== undefined && roleAccount !== account) {
      return [
        {
          at: ['deployment', 'stateAccountId'],
          message: `is ${JSON.stringify(account)} but deployment.stateRoleArn is a role of ${roleAccount}; the backend would look for the bucket in another account than the state stack creates it in: make them the same account`,
        },
      ];
    }
    return [];
  }
  return (['stateRegion', 'stateRoleArn', 'stateKeyPrefix', 'stateAccountId'] as const)
    .filter((field) => get(input, 'deployment', field) !== undefined)
    .map((field) => ({
      at: ['deployment', field],
      message:
        'applies only to the S3 backend; set deployment.stateBucket as well, or remove this field to keep local state',
    }));
}

/**
 * S3 rejects lifecycle rules whose transitions are out of order or too close together. Each field
 * takes its value (or its default) when valid on its own, so one bad field does not hide the rest.
 */
function retentionProblems(input: Raw): CrossFieldProblem[] {
  const raw = get(input, 'logArchive', 'retention') ?? {};
  if (!isObject(raw)) return [];
  const shape = orgConfigSchema.shape.logArchive.shape.retention.unwrap().shape;
  const value = (field: keyof typeof shape): number | null | undefined => {
    const parsed = shape[field].safeParse(raw[field]);
    return parsed.success ? parsed.data : undefined;
  };
  const at = (field: string) => ['logArchive', 'retention', field];
  const lock = get(input, 'logArchive', 'objectLock') ?? {};
  const lockShape = orgConfigSchema.shape.logArchive.shape.objectLock.unwrap().shape;
  const lockDays = isObject(lock) ? lockShape.days.safeParse(lock.days) : undefined;
  const lockMode = isObject(lock) ? lockShape.mode.safeParse(lock.mode) : undefined;
  const steps = {
    transitionToInfrequentAccessDays: value('transitionToInfrequentAccessDays'),
    transitionToGlacierDays: value('transitionToGlacierDays'),
    transitionToDeepArchiveDays: value('transitionToDeepArchiveDays'),
    expireAfterDays: value('expireAfterDays'),
  };
  const objectLock = lockDays?.success && lockMode?.success ? { mode: lockMode.data, days: lockDays.data } : undefined;
  return lifecycleStepProblems(steps, objectLock, 'logArchive.objectLock.days').map(({ field, message }) => ({
    at: at(field),
    message,
  }));
}

/** Bucket names derived from the log bucket's must also be valid S3 names. */
function bucketNameProblems(input: Raw): CrossFieldProblem[] {
  const name = get(input, 'logArchive', 'bucketName');
  if (typeof name !== 'string') return [];
  const longest = Object.values(derivedBucketNames(name)).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length <= 63) return [];
  return [
    {
      at: ['logArchive', 'bucketName'],
      message: `is ${name.length} characters; the bucket ${JSON.stringify(longest)} derived from it would have ${longest.length}, over S3's 63. Use at most ${name.length - (longest.length - 63)} characters`,
    },
  ];
}

/** The replica bucket is a different bucket: its name cannot be one the archive already uses. */
function replicaBucketNameProblems(input: Raw): CrossFieldProblem[] {
  const replica = get(input, 'logArchive', 'replication', 'bucketName');
  const name = get(input, 'logArchive', 'bucketName');
  if (typeof replica !== 'string' || typeof name !== 'string') return [];
  const derived = derivedBucketNames(name);
  const taken = [name, derived.accessLogs, derived.memberLogs, derived.athenaResults];
  return taken.includes(replica)
    ? [
        {
          at: ['logArchive', 'replication', 'bucketName'],
          message: `${JSON.stringify(replica)} is already a bucket of the archive; choose another name, or leave it out for "${derivedBucketNames(name).replica}"`,
        },
      ]
    : [];
}

/**
 * S3 data events of the log bucket itself would log every delivery and every read of the logs into
 * the same bucket, which the trail then delivers again: a loop that only costs money.
 */
function dataEventProblems(input: Raw): CrossFieldProblem[] {
  const arns = get(input, 'trail', 'dataEvents', 's3');
  const account = get(input, 'logArchive', 'accountId');
  const region = get(input, 'homeRegion');
  const name = get(input, 'logArchive', 'bucketName');
  if (!Array.isArray(arns)) return [];
  const bucket =
    typeof name === 'string'
      ? name
      : typeof account === 'string' && typeof region === 'string'
        ? defaultLogBucketName(account, region)
        : undefined;
  if (bucket === undefined) return [];
  return arns.flatMap((arn, i) =>
    typeof arn === 'string' &&
    /^arn:[a-z-]+:s3:::/.test(arn) &&
    arn.replace(/^arn:[a-z-]+:s3:::/, '').split('/')[0] === bucket
      ? [
          {
            at: ['trail', 'dataEvents', 's3', i],
            message: `is the central log bucket; the trail never logs data events of its own bucket (each delivery would be logged and delivered again). Remove it`,
          },
        ]
      : [],
  );
}

/** The organization trail belongs to the organization: not to an account outside it. */
function trailAccountProblems(input: Raw): CrossFieldProblem[] {
  const trailAccount = get(input, 'trail', 'accountId');
  const members = get(input, 'members');
  if (typeof trailAccount !== 'string' || !Array.isArray(members)) return [];
  const outside = members.find(
    (m) => isObject(m) && m.accountId === trailAccount && (m.standaloneTrail === true || m.inOrganization === false),
  );
  return outside === undefined
    ? []
    : [
        {
          at: ['trail', 'accountId'],
          message: `is member ${JSON.stringify((outside as Raw).name)}, which is marked as outside the organization trail (standaloneTrail or inOrganization false); the organization trail belongs to the management account or a delegated administrator inside the organization`,
        },
      ];
}

/**
 * The bootstrap role applies `deploy-role`'s stack, which creates the least-privilege deploy role:
 * it cannot be that role. Both named OrganizationAccountAccessRole (the default) is no
 * least-privilege role at all, and stays allowed.
 */
function bootstrapRoleProblems(input: Raw): CrossFieldProblem[] {
  const bootstrap = get(input, 'deployment', 'bootstrapRoleName');
  const deploy = get(input, 'deployment', 'roleName');
  if (typeof bootstrap !== 'string' || bootstrap !== deploy || bootstrap === ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME) {
    return [];
  }
  return [
    {
      at: ['deployment', 'bootstrapRoleName'],
      message: `is deployment.roleName (${JSON.stringify(bootstrap)}), the role deploy-role creates: the role that applies its stack must exist before it, and is the one role besides break-glass the guardrails let change it. Name another administrator role that the management account alone may assume, or leave bootstrapRoleName out for ${ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME}`,
    },
  ];
}

/**
 * With the data perimeter on, the log archive's keys answer only principals of the organization and
 * of the accounts the config trusts (readers, members outside the organization): a signer in any
 * other account would be denied kms:Sign by the perimeter, whatever the key policy says.
 */
function evidenceSignerProblems(input: Raw): CrossFieldProblem[] {
  const signers = get(input, 'logArchive', 'evidenceSigning', 'signerRoleArns');
  if (!Array.isArray(signers)) return [];
  if (get(input, 'guardrails', 'enabled') === false || get(input, 'guardrails', 'dataPerimeter') === false) return [];
  const members = get(input, 'members');
  const readers = get(input, 'logArchive', 'readerAccountIds');
  const known = new Set(
    [
      get(input, 'organization', 'managementAccountId'),
      get(input, 'logArchive', 'accountId'),
      get(input, 'audit', 'accountId'),
      get(input, 'trail', 'accountId'),
      get(input, 'guardrails', 'accountId'),
      ...(Array.isArray(members) ? members.map((m) => (isObject(m) ? m.accountId : undefined)) : []),
      ...(Array.isArray(readers) ? readers : []),
    ].filter((id): id is string => typeof id === 'string'),
  );
  return signers.flatMap((arn, index) => {
    const account = typeof arn === 'string' ? roleArnAccountId(arn) : undefined;
    if (account === undefined || known.has(account)) return [];
    return [
      {
        at: ['logArchive', 'evidenceSigning', 'signerRoleArns', index],
        message: `is a role of ${account}, an account this config does not name: the data perimeter (guardrails.dataPerimeter) lets only the organization's accounts and the trusted ones (logArchive.readerAccountIds, members outside the organization) use the log archive's keys, so it would be denied kms:Sign. Sign from a role in the log archive account, or name ${account} under members`,
      },
    ];
  });
}

/**
 * Per member: the accounts that run the organization cannot be outside it, and each flow log names
 * a VPC once, in a Region the organization governs.
 */
function memberProblems(input: Raw): CrossFieldProblem[] {
  const members = get(input, 'members');
  if (!Array.isArray(members)) return [];
  const home = get(input, 'homeRegion');
  const governed = get(input, 'governedRegions');
  const roles: [unknown, string][] = [
    [get(input, 'organization', 'managementAccountId'), 'the management account'],
    [get(input, 'logArchive', 'accountId'), 'the log archive account'],
  ];
  const problems: CrossFieldProblem[] = [];
  members.forEach((member, i) => {
    if (!isObject(member)) return;
    const role = roles.find(([account]) => typeof account === 'string' && account === member.accountId);
    if (member.inOrganization === false && role !== undefined) {
      problems.push({
        at: ['members', i, 'inOrganization'],
        message: `is false, but ${String(member.accountId)} is ${role[1]}, which belongs to the organization; remove inOrganization`,
      });
    }
    if (member.sessionManagerKmsEncryption === true && member.sessionManagerLogs !== true) {
      problems.push({
        at: ['members', i, 'sessionManagerKmsEncryption'],
        message: 'is true, but sessionManagerLogs is not; set sessionManagerLogs to true, or remove the setting',
      });
    }
    problems.push(...existingConfigProblems(member, i, governed));
    const flowLogs = member.vpcFlowLogs;
    if (!Array.isArray(flowLogs)) return;
    const seen = new Map<string, number>();
    flowLogs.forEach((flowLog, j) => {
      if (!isObject(flowLog)) return;
      const region = flowLog.region ?? home;
      if (typeof region === 'string' && Array.isArray(governed) && isAwsRegion(region) && !governed.includes(region)) {
        problems.push({
          at:
            flowLog.region === undefined
              ? ['members', i, 'vpcFlowLogs', j]
              : ['members', i, 'vpcFlowLogs', j, 'region'],
          message: `${JSON.stringify(region)} is not in governedRegions; add it there, or correct the VPC's Region`,
        });
      }
      if (typeof flowLog.vpcId !== 'string') return;
      const first = seen.get(flowLog.vpcId);
      if (first !== undefined) {
        problems.push({
          at: ['members', i, 'vpcFlowLogs', j, 'vpcId'],
          message: `${JSON.stringify(flowLog.vpcId)} repeats ${formatPath(['members', i, 'vpcFlowLogs', first, 'vpcId'])}; a VPC has one flow log here, remove the repeat`,
        });
      } else {
        seen.set(flowLog.vpcId, j);
      }
    });
  });
  return problems;
}

/** Adopting an existing recorder needs our recorder there: awsConfig true, a governed Region, once. */
function existingConfigProblems(member: Raw, i: number, governed: unknown): CrossFieldProblem[] {
  const existing = member.existingConfig;
  if (!Array.isArray(existing) || existing.length === 0) return [];
  if (member.awsConfig === false || member.awsConfig === CONTROL_TOWER) {
    return [
      {
        at: ['members', i, 'existingConfig'],
        message: `lists recorders to adopt, but awsConfig is ${JSON.stringify(member.awsConfig)}: nothing of ours records there to adopt them. Remove existingConfig, or set awsConfig to true`,
      },
    ];
  }
  const problems: CrossFieldProblem[] = [];
  const seen = new Set<string>();
  existing.forEach((entry, j) => {
    if (!isObject(entry) || typeof entry.region !== 'string' || !isAwsRegion(entry.region)) return;
    if (Array.isArray(governed) && !governed.includes(entry.region)) {
      problems.push({
        at: ['members', i, 'existingConfig', j, 'region'],
        message: `${JSON.stringify(entry.region)} is not in governedRegions, where this member records; add it there, or remove the entry`,
      });
    }
    if (seen.has(entry.region)) {
      problems.push({
        at: ['members', i, 'existingConfig', j, 'region'],
        message: `${JSON.stringify(entry.region)} is listed twice; AWS Config has one recorder per Region, remove the repeat`,
      });
    }
    seen.add(entry.region);
  });
  return problems;
}

/** The prefixes of the built-in alarms' names: a custom alarm named so would take one's name. */
const BUILT_IN_ALARM_PREFIXES = [CIS_ALARM_PREFIX, EVASION_ALARM_PREFIX];

function customAlarmIdProblems(input: Raw): CrossFieldProblem[] {
  const custom = get(input, 'alarms', 'custom');
  if (!Array.isArray(custom)) return [];
  return custom.flatMap((alarm, i): CrossFieldProblem[] => {
    const id = isObject(alarm) ? alarm.id : undefined;
    if (typeof id !== 'string') return [];
    const at = ['alarms', 'custom', i, 'id'];
    if ((CIS_CONTROL_IDS as readonly string[]).includes(id)) {
      return [
        { at, message: `${JSON.stringify(id)} is the id of a CIS control; choose another id for your own alarm` },
      ];
    }
    const prefix = BUILT_IN_ALARM_PREFIXES.find((p) => id.startsWith(p));
    return prefix === undefined
      ? []
      : [
          {
            at,
            message: `${JSON.stringify(id)} starts with "${prefix}", which names the built-in alarms; choose an id without that prefix`,
          },
        ];
  });
}

/**
 * The metric filters the alarms put on one log group (the trail's): one per published text of each
 * selected CIS control, one per filter of each selected evasion detection, one per custom alarm. CloudWatch Logs
 * refuses the 101st.
 */
function metricFilterProblems(input: Raw): CrossFieldProblem[] {
  const selected = (value: unknown, all: string, ids: readonly string[]): readonly string[] | undefined =>
    value === undefined || value === all
      ? ids
      : Array.isArray(value)
        ? value.filter((id): id is string => typeof id === 'string' && ids.includes(id))
        : undefined;
  const controls = selected(get(input, 'alarms', 'controls'), 'cis', CIS_CONTROL_IDS);
  const evasion = selected(get(input, 'alarms', 'evasion'), 'all', EVASION_DETECTION_IDS);
  const custom = get(input, 'alarms', 'custom') ?? [];
  if (controls === undefined || evasion === undefined || !Array.isArray(custom)) return [];
  const cis = [...new Set(controls)].reduce(
    (sum, id) => sum + 1 + CIS_CONTROLS[id as keyof typeof CIS_CONTROLS].scannerFilters.length,
    0,
  );
  const pack = [...new Set(evasion)].reduce(
    (sum, id) => sum + evasionFilters(EVASION_DETECTIONS[id as keyof typeof EVASION_DETECTIONS]).length,
    0,
  );
  const total = cis + pack + custom.length;
  if (total <= METRIC_FILTERS_PER_LOG_GROUP) return [];
  return [
    {
      at: ['alarms', 'custom'],
      message: `makes ${total} metric filters on the trail's log group (${cis} for the CIS controls, ${pack} for the evasion pack, ${custom.length} custom); CloudWatch Logs allows ${METRIC_FILTERS_PER_LOG_GROUP} per log group. Remove ${total - METRIC_FILTERS_PER_LOG_GROUP} custom alarm(s), or deselect controls in alarms.controls or alarms.evasion`,
    },
  ];
}

/**
 * Items of the list at `listPath` whose value at `keyPath` repeats an earlier item's, reported at
 * the repeat.
 */
function duplicateProblems(input: Raw, listPath: string[], keyPath: string[], fix: string): CrossFieldProblem[] {
  const list = get(input, ...listPath);
  if (!Array.isArray(list)) return [];
  const firstIndex = new Map<string, number>();
  const problems: CrossFieldProblem[] = [];
  list.forEach((item, i) => {
    const value = get(item, ...keyPath);
    if (typeof value !== 'string') return;
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, i);
      return;
    }
    const firstPath = formatPath([...listPath, first, ...keyPath]);
    problems.push({
      at: [...listPath, i, ...keyPath],
      message: `${JSON.stringify(value)} repeats ${firstPath}; ${fix}`,
    });
  });
  return problems;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
