import { crossFieldProblems } from '../../modules/org-config/checks';
import { BASE } from './bad-configs';

/*
 * The cross-field checks the other config tests reach least (live search, the application logs'
 * opt-outs, QuickSight, the evidence signer, flow logs' Regions), on the raw input as the
 * loader gives it: each problem at its field with its message, and none on the configs they accept.
 */
const ARCHIVE = BASE.logArchive.accountId;
const sink = (region: string, account = ARCHIVE) =>
  `arn:aws:oam:${region}:${account}:sink/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;

/** BASE with `applicationLogs`, and the problems the checks find in it, as `path: message`. */
function problemsWith(applicationLogs: Record<string, unknown>, members: unknown = BASE.members): string[] {
  return crossFieldProblems({ ...BASE, members, applicationLogs }).map((p) => `${p.at.join('.')}: ${p.message}`);
}

test('a live search with the delivery on and a sink of the log archive in each governed Region has no problem', () => {
  expect(
    problemsWith({
      enabled: true,
      liveSearch: { enabled: true, sinkArns: { 'eu-west-1': sink('eu-west-1'), 'us-east-1': sink('us-east-1') } },
    }),
  ).toEqual([]);
  // No sinks yet (the first step), and live search off without sinks, are fine too.
  expect(problemsWith({ enabled: true, liveSearch: { enabled: true } })).toEqual([]);
  expect(problemsWith({ enabled: true, liveSearch: { enabled: false, sinkArns: {} } })).toEqual([]);
  expect(problemsWith({ enabled: false, liveSearch: 'on' })).toEqual([]);
});

test('live search on without the delivery it searches', () => {
  expect(problemsWith({ enabled: false, liveSearch: { enabled: true } })).toEqual([
    'applicationLogs.liveSearch.enabled: is true, but applicationLogs.enabled is not: live search links the members that send their application logs; set applicationLogs.enabled to true, or this to false',
  ]);
  expect(problemsWith({ liveSearch: { enabled: true } })).toHaveLength(1);
});

test('sinks named while live search is off', () => {
  expect(
    problemsWith({ enabled: true, liveSearch: { enabled: false, sinkArns: { 'eu-west-1': sink('eu-west-1') } } }),
  ).toEqual([
    'applicationLogs.liveSearch.sinkArns: names sinks, but applicationLogs.liveSearch.enabled is not true: set it to true, or remove the sinks',
  ]);
});

test('a sink of a Region that is not governed, of another Region, or of another account', () => {
  const other = '999999999999';
  expect(
    problemsWith({
      enabled: true,
      liveSearch: {
        enabled: true,
        sinkArns: {
          'eu-north-1': sink('eu-north-1'),
          'eu-west-1': sink('us-east-1'),
          'us-east-1': sink('us-east-1', other),
        },
      },
    }),
  ).toEqual([
    'applicationLogs.liveSearch.sinkArns.eu-north-1: "eu-north-1" is not one of governedRegions (eu-west-1, us-east-1): a sink serves the links of its own Region only; remove it',
    `applicationLogs.liveSearch.sinkArns.eu-west-1: ${sink('us-east-1')} is a sink of account ${ARCHIVE} in us-east-1, not of the log archive account (${ARCHIVE}) in eu-west-1: live-search-sinks writes the log archive stack's own (its output live_search_sink_arns)`,
    `applicationLogs.liveSearch.sinkArns.us-east-1: ${sink('us-east-1', other)} is a sink of account ${other} in us-east-1, not of the log archive account (${ARCHIVE}) in us-east-1: live-search-sinks writes the log archive stack's own (its output live_search_sink_arns)`,
  ]);
});

test('a sink value that is not an ARN is left to the schema, and governedRegions of the wrong type name none', () => {
  expect(problemsWith({ enabled: true, liveSearch: { enabled: true, sinkArns: { 'eu-west-1': 42 } } })).toEqual([]);
  const noRegions = crossFieldProblems({
    ...BASE,
    governedRegions: 'eu-west-1',
    applicationLogs: { enabled: true, liveSearch: { enabled: true, sinkArns: { 'eu-west-1': sink('eu-west-1') } } },
  }).filter((p) => p.at.includes('sinkArns'));
  expect(noRegions.map((p) => p.message)).toEqual([
    '"eu-west-1" is not one of governedRegions (): a sink serves the links of its own Region only; remove it',
  ]);
});

test('an opt-out that names no member lists the members, at most five, or says there are none', () => {
  const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ name, accountId: `40000000000${i}` }));
  expect(problemsWith({ optedOutMembers: ['zz'] }, many)).toEqual([
    'applicationLogs.optedOutMembers.0: "zz" is not the name of a member; use one of members[].name (a, b, c, d, e, ...), or remove it',
  ]);
  expect(problemsWith({ optedOutMembers: ['zz'] }, [])).toEqual([
    'applicationLogs.optedOutMembers.0: "zz" is not the name of a member; use one of members[].name (there are none), or remove it',
  ]);
  expect(problemsWith({ optedOutMembers: ['zz'] }, 'none')).toEqual([
    'applicationLogs.optedOutMembers.0: "zz" is not the name of a member; use one of members[].name (there are none), or remove it',
  ]);
  // A name of a member, and an entry that is not a name (the schema's), are no problem of this check.
  expect(problemsWith({ optedOutMembers: ['payments', 7] })).toEqual([]);
  expect(problemsWith({ optedOutMembers: 'payments' })).toEqual([]);
});

describe('the other checks the config tests reach least', () => {
  const problems = (config: Record<string, unknown>) =>
    crossFieldProblems({ ...BASE, ...config }).map((p) => `${p.at.join('.')}: ${p.message}`);

  test('QuickSight without the columnar copy its datasets read', () => {
    expect(problems({ analytics: { quickSight: {}, columnarCopy: { enabled: false } } })).toEqual([
      'analytics.quickSight: needs the columnar copy, which the datasets read (a dashboard over the gzip logs would read every field of every day it shows); remove analytics.columnarCopy.enabled: false, or set quickSight to false',
    ]);
    expect(problems({ analytics: { quickSight: {}, columnarCopy: { enabled: true } } })).toEqual([]);
    expect(problems({ analytics: { quickSight: {} } })).toEqual([]);
    expect(problems({ analytics: { quickSight: false, columnarCopy: { enabled: false } } })).toEqual([]);
  });

  test("a signer outside the config's accounts is refused only while the data perimeter is on", () => {
    const outside = {
      logArchive: {
        ...BASE.logArchive,
        evidenceSigning: { signerRoleArns: ['arn:aws:iam::999999999999:role/signer'] },
      },
    };
    expect(problems(outside)).toEqual([
      "logArchive.evidenceSigning.signerRoleArns.0: is a role of 999999999999, an account this config does not name: the data perimeter (guardrails.dataPerimeter) lets only the organization's accounts and the trusted ones (logArchive.readerAccountIds, members outside the organization) use the log archive's keys, so it would be denied kms:Sign. Sign from a role in the log archive account, or name 999999999999 under members",
    ]);
    expect(problems({ ...outside, guardrails: { enabled: false } })).toEqual([]);
    expect(problems({ ...outside, guardrails: { dataPerimeter: false } })).toEqual([]);
    // Each account the config names may sign: the management, archive, audit, trail and guardrails
    // accounts, members and readers.
    const named = [
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
      '666666666666',
      '777777777777',
      '888888888888',
    ];
    expect(
      problems({
        audit: { accountId: '666666666666' },
        trail: { accountId: '777777777777' },
        guardrails: { accountId: '888888888888' },
        logArchive: {
          ...BASE.logArchive,
          evidenceSigning: { signerRoleArns: named.map((account) => `arn:aws:iam::${account}:role/signer`) },
        },
      }).filter((p) => p.startsWith('logArchive.evidenceSigning')),
    ).toEqual([]);
  });

  test("a flow log's Region outside governedRegions is placed at its region, or at the flow log when it takes the home Region", () => {
    const withFlowLogs = (vpcFlowLogs: unknown[]) =>
      problems({
        homeRegion: 'eu-central-1',
        members: [{ name: 'payments', accountId: '444444444444', vpcFlowLogs }],
      }).filter((p) => p.startsWith('members.0.vpcFlowLogs'));
    expect(withFlowLogs([{ vpcId: 'vpc-1', region: 'eu-north-1' }])).toEqual([
      'members.0.vpcFlowLogs.0.region: "eu-north-1" is not in governedRegions; add it there, or correct the VPC\'s Region',
    ]);
    expect(withFlowLogs([{ vpcId: 'vpc-1' }])).toEqual([
      'members.0.vpcFlowLogs.0: "eu-central-1" is not in governedRegions; add it there, or correct the VPC\'s Region',
    ]);
    expect(withFlowLogs([{ vpcId: 'vpc-1', region: 'us-east-1' }])).toEqual([]);
  });
});

describe('a value repeated in a list is placed at the repeat, naming the first and the fix', () => {
  const repeated = (set: Record<string, unknown>) =>
    crossFieldProblems({ ...BASE, ...set })
      .map((p) => `${p.at.join('.')}: ${p.message}`)
      .filter((line) => line.includes(' repeats '));

  test.each([
    [
      { alarms: { emails: ['a@example.com', 'a@example.com'] } },
      'alarms.emails.1: "a@example.com" repeats alarms.emails[0]; remove the repeated address',
    ],
    [
      { alarms: { controls: ['1.1', '1.1'] } },
      'alarms.controls.1: "1.1" repeats alarms.controls[0]; remove the repeated control',
    ],
    [
      { audit: { securityHubStandards: ['cis', 'cis'] } },
      'audit.securityHubStandards.1: "cis" repeats audit.securityHubStandards[0]; remove the repeated standard',
    ],
    [
      { audit: { configRules: ['r', 'r'] } },
      'audit.configRules.1: "r" repeats audit.configRules[0]; remove the repeated rule',
    ],
    [
      { guardrails: { targets: ['r-ab12', 'r-ab12'] } },
      'guardrails.targets.1: "r-ab12" repeats guardrails.targets[0]; attach to each target once; remove the repeat',
    ],
    [
      { guardrails: { breakGlassPrincipalArns: ['x', 'x'] } },
      'guardrails.breakGlassPrincipalArns.1: "x" repeats guardrails.breakGlassPrincipalArns[0]; remove the repeated principal',
    ],
    [
      { governedRegions: ['eu-west-1', 'eu-west-1'] },
      'governedRegions.1: "eu-west-1" repeats governedRegions[0]; remove the repeated Region',
    ],
    [
      { logArchive: { ...BASE.logArchive, readerAccountIds: ['3', '3'] } },
      'logArchive.readerAccountIds.1: "3" repeats logArchive.readerAccountIds[0]; remove the repeated account id',
    ],
    [
      { alarms: { evasion: ['alarm-silenced', 'alarm-silenced'] } },
      'alarms.evasion.1: "alarm-silenced" repeats alarms.evasion[0]; remove the repeated detection',
    ],
  ])('%o', (set, expected) => {
    expect(repeated(set)).toEqual([expected]);
  });

  test('a list without a repeat, and an entry that is not text, are no problem', () => {
    expect(repeated({ alarms: { emails: ['a@example.com', 'b@example.com', 7, 7] } })).toEqual([]);
  });
});

describe('more of what the checks say, word for word', () => {
  const problems = (config: Record<string, unknown>) =>
    crossFieldProblems({ ...BASE, ...config }).map((p) => `${p.at.join('.')}: ${p.message}`);

  test("the Region deny names every member Control Tower records, the last after 'and'", () => {
    const members = ['a', 'b', 'c'].map((name, i) => ({
      name,
      accountId: `40000000000${i}`,
      awsConfig: 'control-tower',
    }));
    const [line] = problems({ guardrails: { denyOtherRegions: true }, members });
    expect(line).toContain(
      'guardrails.denyOtherRegions: is true, but members[0].awsConfig, members[1].awsConfig and members[2].awsConfig are "control-tower"',
    );
    expect(line).toMatch(/or set those members' awsConfig to true if/);
    const [one] = problems({ guardrails: { denyOtherRegions: true }, members: members.slice(0, 1) });
    expect(one).toContain('members[0].awsConfig is "control-tower"');
    expect(one).toMatch(/or set members\[0\]\.awsConfig to true if/);
  });

  test("the state bucket's Region in another partition than the home Region", () => {
    const state = (stateRegion: string) =>
      problems({ deployment: { stateBucket: 'org-terraform-state', stateRegion } });
    expect(state('cn-north-1')).toEqual([
      'deployment.stateRegion: "cn-north-1" is in partition aws-cn, but homeRegion "eu-west-1" is in aws; one organization lives in one partition',
    ]);
    expect(state('us-east-1')).toEqual([]);
  });

  test('the metric filters on the trail log group: counted with the controls and detections selected, refused past 100', () => {
    const custom = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `c${i}`, pattern: '{ $.x = 1 }', description: 'd' }));
    const all = problems({ alarms: { ...BASE.alarms, custom: custom(100) } });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(
      /^alarms\.custom: makes (\d+) metric filters on the trail's log group \((\d+) for the CIS controls, (\d+) for the evasion pack, 100 custom\); CloudWatch Logs allows 100 per log group\. Remove \d+ custom alarm\(s\), or deselect controls in alarms\.controls or alarms\.evasion$/,
    );
    // 'cis' and 'all' select every control and detection, as leaving them out does.
    expect(problems({ alarms: { ...BASE.alarms, controls: 'cis', evasion: 'all', custom: custom(100) } })).toEqual(all);
    // With no control and no detection selected, 100 custom alarms fit; 101 do not.
    expect(problems({ alarms: { ...BASE.alarms, controls: [], evasion: [], custom: custom(100) } })).toEqual([]);
    expect(problems({ alarms: { ...BASE.alarms, controls: [], evasion: [], custom: custom(101) } })).toEqual([
      "alarms.custom: makes 101 metric filters on the trail's log group (0 for the CIS controls, 0 for the evasion pack, 101 custom); CloudWatch Logs allows 100 per log group. Remove 1 custom alarm(s), or deselect controls in alarms.controls or alarms.evasion",
    ]);
  });
});

describe('the log bucket named in data events and as the replica', () => {
  const problems = (config: Record<string, unknown>) =>
    crossFieldProblems({ ...BASE, ...config }).map((p) => `${p.at.join('.')}: ${p.message}`);
  const OWN =
    'is the central log bucket; the trail never logs data events of its own bucket (each delivery would be logged and delivered again). Remove it';

  test('data events of the default log bucket, by its ARN or an object ARN in it; not of another bucket, nor a bare name', () => {
    const bucket = `audit-logs-${ARCHIVE}-eu-west-1`;
    expect(
      problems({
        trail: {
          dataEvents: {
            s3: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/AWSLogs/`, 'arn:aws:s3:::other', bucket],
          },
        },
      }),
    ).toEqual([`trail.dataEvents.s3.0: ${OWN}`, `trail.dataEvents.s3.1: ${OWN}`]);
  });

  test('data events of a log bucket named in the config', () => {
    expect(
      problems({
        logArchive: { ...BASE.logArchive, bucketName: 'org-audit-logs' },
        trail: { dataEvents: { s3: ['arn:aws:s3:::org-audit-logs', `arn:aws:s3:::audit-logs-${ARCHIVE}-eu-west-1`] } },
      }),
    ).toEqual([`trail.dataEvents.s3.0: ${OWN}`]);
  });

  test('a replica named as one of the archive buckets; none is derived without a bucket name to derive from', () => {
    expect(
      problems({
        logArchive: {
          ...BASE.logArchive,
          bucketName: 'org-audit-logs',
          replication: { bucketName: 'org-audit-logs-member-logs' },
        },
      }),
    ).toEqual([
      'logArchive.replication.bucketName: "org-audit-logs-member-logs" is already a bucket of the archive; choose another name, or leave it out for "org-audit-logs-replica"',
    ]);
    expect(problems({ logArchive: { ...BASE.logArchive, replication: { bucketName: 'org-audit-logs' } } })).toEqual([]);
  });
});
