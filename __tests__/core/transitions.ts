import { ARCHIVE, POLICY_TEST_CONFIG, TOOLING } from '../stacks/policy/log-archive-cases';

/*
 * The catalog of changes a platform team makes to a running organization: each a config before
 * and after (or, for what no config field changes, an edit of the synthesized JSON), and the order
 * transition-order.ts must derive for it. Adding a change is adding a row.
 */

export const AUDIT = '888888888888';
export const TRAIL_ADMIN = '444444444444';
const SINK = (region: string) => `arn:aws:oam:${region}:${ARCHIVE}:sink/7c2f3c2e-1a2b-4c5d-8e9f-0a1b2c3d4e5f`;
const SINKS = { 'eu-west-1': SINK('eu-west-1'), 'us-east-1': SINK('us-east-1') };
const SENDERS = ['member-acquired', 'member-payments'];

/**
 * Application logs on, live search on with both sinks' ARNs, the audit account with Security Hub;
 * two members, one in the organization and one outside (each synth of the catalog is every stack).
 */
export const RUNNING = {
  ...POLICY_TEST_CONFIG,
  members: POLICY_TEST_CONFIG.members.filter(({ name }) => name === 'payments' || name === 'acquired'),
  audit: { accountId: AUDIT, securityHub: true, configAggregator: true },
  applicationLogs: { enabled: true, liveSearch: { enabled: true, sinkArns: SINKS } },
};
const LOGS_ONLY = { ...RUNNING, applicationLogs: { enabled: true } };
const NO_LOGS = { ...RUNNING, applicationLogs: { enabled: false } };
const member = (name: string, change: object) => ({
  ...RUNNING,
  members: RUNNING.members.map((m) => (m.name === name ? { ...m, ...change } : m)),
});

/** What the derivation must give: the stacks moved ahead, and which constraints there are. */
export interface Expected {
  /** Stacks in the removal wave, sorted. */
  readonly ahead?: readonly string[];
  /** `first>then change` of every constraint, sorted; omitted: none. */
  readonly constraints?: readonly string[];
  /** The fact of every constraint AWS would refuse the other way round. */
  readonly refusedBy?: string;
  readonly unordered?: boolean;
  readonly destroyFirst?: readonly string[];
  readonly accountMoves?: readonly string[];
  readonly roleChanges?: number;
  /** Stacks that lose a Region's provider while they held resources through it, sorted. */
  readonly droppedProviders?: readonly string[];
}

export interface Transition {
  readonly change: string;
  readonly before: object;
  readonly after: object;
  /** An edit of the after synth's JSON text, for what no config field changes. */
  readonly editAfter?: (json: string) => string;
  readonly expected: Expected;
}

const each = (stacks: readonly string[], edge: (stack: string) => string) => stacks.map(edge);

export const TRANSITIONS: readonly Transition[] = [
  {
    change: 'application logs on',
    before: NO_LOGS,
    after: LOGS_ONLY,
    expected: {
      constraints: each(SENDERS, (s) => `log-archive>${s} creation`),
      refusedBy: 'logs-destination-policy-before-senders',
    },
  },
  {
    change: 'application logs off',
    before: LOGS_ONLY,
    after: NO_LOGS,
    // The log archive made nothing but the destinations and sinks in us-east-1: its provider there goes too.
    expected: {
      ahead: SENDERS,
      constraints: each(SENDERS, (s) => `${s}>log-archive removal`),
      droppedProviders: ['log-archive'],
    },
  },
  {
    change: 'live search on, first step (the sinks)',
    before: LOGS_ONLY,
    after: { ...RUNNING, applicationLogs: { enabled: true, liveSearch: { enabled: true } } },
    expected: {},
  },
  {
    change: 'live search on, second step (the links, with the sinks ARNs)',
    before: { ...RUNNING, applicationLogs: { enabled: true, liveSearch: { enabled: true } } },
    after: RUNNING,
    expected: {},
  },
  {
    change: 'live search off',
    before: RUNNING,
    after: LOGS_ONLY,
    expected: {
      ahead: SENDERS,
      constraints: each(SENDERS, (s) => `${s}>log-archive removal`),
      refusedBy: 'oam-delete-links-before-sink',
    },
  },
  {
    change: 'evidence signing on',
    before: RUNNING,
    after: {
      ...RUNNING,
      logArchive: {
        ...RUNNING.logArchive,
        evidenceSigning: { signerRoleArns: ['arn:aws:iam::111111111111:role/evidence-builder'] },
      },
    },
    expected: {},
  },
  {
    change: 'evidence signing off',
    before: {
      ...RUNNING,
      logArchive: {
        ...RUNNING.logArchive,
        evidenceSigning: { signerRoleArns: ['arn:aws:iam::111111111111:role/evidence-builder'] },
      },
    },
    after: RUNNING,
    expected: {},
  },
  {
    change: "the audit account's hub off",
    before: RUNNING,
    after: { ...RUNNING, audit: { accountId: AUDIT, securityHub: false, configAggregator: true } },
    expected: {},
  },
  {
    change: "the audit account's aggregator off",
    before: RUNNING,
    after: { ...RUNNING, audit: { accountId: AUDIT, securityHub: true, configAggregator: false } },
    expected: {},
  },
  {
    change: "the audit account's hub and aggregator on",
    before: { ...RUNNING, audit: { accountId: AUDIT, securityHub: false, configAggregator: false } },
    after: RUNNING,
    expected: {},
  },
  {
    change: 'flow-log remediation on',
    before: RUNNING,
    after: { ...RUNNING, awsConfig: { flowLogsForEveryVpc: true } },
    expected: {},
  },
  {
    change: 'flow-log remediation off',
    before: { ...RUNNING, awsConfig: { flowLogsForEveryVpc: true } },
    after: RUNNING,
    expected: {},
  },
  {
    change: 'the Region deny on',
    before: RUNNING,
    after: { ...RUNNING, guardrails: { denyOtherRegions: true } },
    expected: {},
  },
  {
    change: 'the Region deny off',
    before: { ...RUNNING, guardrails: { denyOtherRegions: true } },
    after: RUNNING,
    expected: {},
  },
  {
    change: 'session logs off',
    before: RUNNING,
    after: member('payments', { sessionManagerLogs: false }),
    expected: {},
  },
  {
    change: 'session logs on',
    before: member('payments', { sessionManagerLogs: false }),
    after: RUNNING,
    expected: {},
  },
  {
    change: 'data events on',
    before: RUNNING,
    after: { ...RUNNING, trail: { ...RUNNING.trail, dataEvents: { s3: ['arn:aws:s3:::acme-payroll/'] } } },
    expected: {},
  },
  {
    change: 'data events off',
    before: { ...RUNNING, trail: { ...RUNNING.trail, dataEvents: { s3: ['arn:aws:s3:::acme-payroll/'] } } },
    after: RUNNING,
    expected: {},
  },
  {
    change: 'a governed Region added',
    before: RUNNING,
    after: { ...RUNNING, governedRegions: ['eu-west-1', 'us-east-1', 'eu-central-1'] },
    expected: {
      constraints: each(SENDERS, (s) => `log-archive>${s} creation`),
      refusedBy: 'logs-destination-policy-before-senders',
    },
  },
  {
    change: 'a governed Region dropped, with application logs and live search on',
    before: RUNNING,
    after: {
      ...RUNNING,
      governedRegions: ['eu-west-1'],
      applicationLogs: { enabled: true, liveSearch: { enabled: true, sinkArns: { 'eu-west-1': SINKS['eu-west-1'] } } },
    },
    expected: {
      ahead: SENDERS,
      constraints: each(SENDERS, (s) => `${s}>log-archive removal`),
      droppedProviders: ['audit', 'log-archive', 'member-acquired', 'member-payments'],
    },
  },
  {
    change: 'live search off and a Region added at once: no order',
    before: RUNNING,
    after: { ...LOGS_ONLY, governedRegions: ['eu-west-1', 'us-east-1', 'eu-central-1'] },
    expected: {
      ahead: SENDERS,
      constraints: [
        ...each(SENDERS, (s) => `log-archive>${s} creation`),
        ...each(SENDERS, (s) => `${s}>log-archive removal`),
      ],
      unordered: true,
    },
  },
  {
    change: 'a member added',
    before: RUNNING,
    after: { ...RUNNING, members: [...RUNNING.members, { name: 'data', accountId: '101010101010' }] },
    expected: {},
  },
  {
    change: 'a member opted out of application logs (others still send)',
    before: RUNNING,
    after: { ...RUNNING, applicationLogs: { ...RUNNING.applicationLogs, optedOutMembers: ['payments'] } },
    expected: {},
  },
  {
    change: 'the last sender opts out',
    before: { ...RUNNING, members: RUNNING.members.slice(0, 1) },
    after: {
      ...RUNNING,
      members: RUNNING.members.slice(0, 1),
      applicationLogs: { ...RUNNING.applicationLogs, optedOutMembers: ['payments'] },
    },
    expected: {
      ahead: ['member-payments'],
      constraints: ['member-payments>log-archive removal'],
      refusedBy: 'oam-delete-links-before-sink',
      droppedProviders: ['log-archive'],
    },
  },
  {
    change: 'a member moved out of the organization',
    before: RUNNING,
    after: member('payments', { inOrganization: false, standaloneTrail: true }),
    expected: {},
  },
  {
    change: 'a member removed (others still send)',
    before: RUNNING,
    after: { ...RUNNING, members: RUNNING.members.filter((m) => m.name !== 'acquired') },
    expected: {},
  },
  {
    change: 'the last sender removed',
    before: { ...RUNNING, members: RUNNING.members.slice(0, 1) },
    after: { ...RUNNING, members: [] },
    expected: { destroyFirst: ['member-payments>log-archive removal'], droppedProviders: ['log-archive'] },
  },
  {
    change: 'the CloudTrail delegated administrator moved',
    before: RUNNING,
    after: { ...RUNNING, trail: { ...RUNNING.trail, accountId: TRAIL_ADMIN } },
    expected: { accountMoves: ['organization'] },
  },
  {
    change: 'the Security Hub delegated administrator moved',
    before: RUNNING,
    after: { ...RUNNING, audit: { ...RUNNING.audit, accountId: TOOLING } },
    expected: { accountMoves: ['audit'] },
  },
  {
    change: "the archive key's alias changed (no config field: a library user's naming)",
    before: RUNNING,
    after: RUNNING,
    editAfter: (json) => json.replace(/alias\/audit-logs\b/g, 'alias/audit-logs-v2'),
    expected: {
      ahead: ['member-acquired', 'organization'],
      constraints: ['member-acquired', 'organization'].flatMap((s) => [
        `log-archive>${s} creation`,
        `${s}>log-archive removal`,
      ]),
      unordered: true,
    },
  },
  {
    change: 'the deploy role renamed',
    before: RUNNING,
    after: { ...RUNNING, deployment: { roleName: 'AuditDeployV2' } },
    expected: { roleChanges: 1 },
  },
];
