import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Testing } from 'cdktf';
import { documentSizes } from '../../modules/core/aws-limits';
import { AuditLoggingError } from '../../modules/core/errors';
import { AccountStack } from '../../modules/deployment/account-stack';
import {
  linkProtectionStatements,
  sinkProtectionStatements,
} from '../../modules/guardrails/application-logs-protection';
import { auditProtectionStatements } from '../../modules/guardrails/audit-protection';
import { dataPerimeterStatements } from '../../modules/guardrails/data-perimeter';
import { archiveBucketResources } from '../../modules/guardrails/principals';
import { Guardrails, GuardrailsProps, ORGANIZATION_POLICY_MAX_CHARACTERS } from '../../modules/guardrails/guardrails';
import {
  recorderProtectionStatements,
  recordingProtectionStatements,
} from '../../modules/guardrails/recording-protection';
import { regionDenyStatements } from '../../modules/guardrails/region-deny';
import { trailProtectionStatements } from '../../modules/guardrails/trail-protection';
import { buildStacks, GuardrailsStack } from '../../stacks';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, parseTerraformPolicy } from '../stacks/policy/simulate';
import { shippedConfig } from '../support/synth';
import { synthJson } from '../support/stack-json';

type Synth = Record<string, any>;

function synthGuardrails(overrides: Record<string, unknown> = {}): Synth {
  return synthJson(new GuardrailsStack(Testing.app(), configOf({ ...POLICY_TEST_CONFIG, ...overrides })));
}

/** The policies by name, with their parsed content, type and attachment targets. */
function policies(synth: Synth): Map<string, { type: string; document: any; targets: string[] }> {
  const byAddress = synth.resource.aws_organizations_policy as Record<
    string,
    { name: string; type: string; content: string }
  >;
  const attachments = Object.values(
    synth.resource.aws_organizations_policy_attachment as Record<string, { policy_id: string; target_id: string }>,
  );
  return new Map(
    Object.entries(byAddress).map(([address, policy]) => [
      policy.name,
      {
        type: policy.type,
        document: parseTerraformPolicy(policy.content),
        targets: attachments
          .filter((a) => a.policy_id === `\${aws_organizations_policy.${address}.id}`)
          .map((a) => (a.target_id.includes('roots[0].id') ? 'root' : a.target_id))
          .sort(),
      },
    ]),
  );
}
const statement = (document: any, sid: string): any => {
  const found = document.Statement.find((s: { Sid: string }) => s.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
};

describe('guardrails stack, defaults', () => {
  const synth = synthGuardrails();
  const byName = policies(synth);

  test('deploys into the management account with its deploy role', () => {
    expect(synth.provider.aws[0]).toMatchObject({
      allowed_account_ids: ['111111111111'],
      assume_role: [
        expect.objectContaining({ role_arn: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole' }),
      ],
    });
  });

  test('attaches the evidence and recording SCPs to the root, the recorder SCP to the recorded members and the data perimeter RCP to the log archive account', () => {
    expect([...byName.entries()].map(([name, p]) => [name, p.type, p.targets]).sort()).toEqual([
      ['audit-logging-data-perimeter', 'RESOURCE_CONTROL_POLICY', ['222222222222']],
      ['audit-logging-evidence-protection', 'SERVICE_CONTROL_POLICY', ['root']],
      // payments and tooling: the members of the organization whose AWS Config this product records.
      ['audit-logging-recorder-protection', 'SERVICE_CONTROL_POLICY', ['444444444444', '666666666666']],
      ['audit-logging-recording-protection', 'SERVICE_CONTROL_POLICY', ['root']],
      // payments and tooling log their sessions: a session starts with the preferences only.
      ['audit-logging-session-protection', 'SERVICE_CONTROL_POLICY', ['444444444444', '666666666666']],
    ]);
  });

  // [organizations-policy-type-enabled-before-attach] AWS refuses the attachment of a policy whose
  // type is off on the root; the plan stops first, with the command that turns it on.
  test('stops the plan, with the fix, when a policy type is off or the credentials reach another organization', () => {
    for (const policy of Object.values(synth.resource.aws_organizations_policy as Record<string, any>)) {
      const [organization, enabled] = policy.lifecycle.precondition;
      expect(organization.condition).toMatch(/^\$\{data\.aws_organizations_organization\.\S+\.id == "o-abcdefghij"\}$/);
      expect(organization.error_message).toContain('guardrails.accountId');
      expect(enabled.condition).toContain(`t.status == "ENABLED"], "${policy.type}")`);
      expect(enabled.error_message).toContain(`aws organizations enable-policy-type --policy-type ${policy.type}`);
    }
    // The organization is read, never managed.
    expect(Object.keys(synth.data)).toEqual(['aws_organizations_organization']);
    expect(synth.resource.aws_organizations_organization).toBeUndefined();
  });

  test('spares nobody from evidence destruction, and only the archive deploy role from reconfiguration', () => {
    const evidence = byName.get('audit-logging-evidence-protection')?.document;
    expect(statement(evidence, 'DenyEvidenceDestruction').Condition).toBeUndefined();
    expect(statement(evidence, 'DenyEvidenceDestruction').Resource).toEqual([
      'arn:aws:s3:::acme-audit',
      'arn:aws:s3:::acme-audit/*',
      'arn:aws:s3:::acme-audit-access-logs',
      'arn:aws:s3:::acme-audit-access-logs/*',
      'arn:aws:s3:::acme-audit-member-logs',
      'arn:aws:s3:::acme-audit-member-logs/*',
      'arn:aws:kms:*:222222222222:key/*',
    ]);
    expect(statement(evidence, 'DenyArchiveReconfiguration').Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole' },
    });
  });

  test('protects Config only in the governed Regions, and only the flow logs and preferences this product tagged', () => {
    const recording = byName.get('audit-logging-recording-protection')?.document;
    expect(
      statement(byName.get('audit-logging-recorder-protection')?.document, 'DenyRecorderChanges').Condition
        .StringEquals,
    ).toEqual({
      'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
    });
    for (const sid of ['DenyFlowLogDeletion', 'DenyManagedByUntagging', 'DenySessionPreferenceChanges']) {
      expect(statement(recording, sid).Condition.StringEquals).toEqual({
        'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging',
      });
    }
  });

  test('protects the deploy role its exemptions trust, and spares only break-glass from leaving', () => {
    const recording = byName.get('audit-logging-recording-protection')?.document;
    // Every role of ours, by its ManagedBy tag; the deploy role (here AWS Organizations' own, untagged) by name.
    expect(statement(recording, 'DenyProtectedRoleChanges').Resource).toBe('arn:aws:iam::*:role/*');
    expect(statement(recording, 'DenyProtectedRoleChanges').Condition.StringEquals).toEqual({
      'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging',
    });
    expect(statement(recording, 'DenyDeployRoleChanges').Resource).toEqual([
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::*:policy/OrganizationAccountAccessRole-*',
      // The session logs' writer policy, whose versions bind every node role it is attached to (aws-review F23).
      'arn:aws:iam::*:policy/audit-session-logging',
    ]);
    expect(statement(recording, 'DenyLeavingOrganization').Condition).toBeUndefined();
  });

  test('trusts the readers and the members outside the organization in the data perimeter, sorted', () => {
    const perimeter = byName.get('audit-logging-data-perimeter')?.document;
    expect(statement(perimeter, 'EnforceOrganizationIdentities').Condition.StringNotEqualsIfExists).toEqual({
      'aws:PrincipalOrgID': 'o-abcdefghij',
      'aws:PrincipalAccount': ['333333333333', '555555555555', '777777777777'],
    });
    expect(statement(perimeter, 'EnforceConfusedDeputyProtection').Condition).toEqual({
      StringNotEqualsIfExists: {
        'aws:SourceOrgID': 'o-abcdefghij',
        'aws:SourceAccount': ['333333333333', '555555555555', '777777777777'],
      },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    });
  });

  test('every policy is far under the AWS size limit and names its statements', () => {
    for (const policy of Object.values(synth.resource.aws_organizations_policy as Record<string, any>)) {
      expect(JSON.stringify(JSON.parse(policy.content)).length).toBeLessThan(ORGANIZATION_POLICY_MAX_CHARACTERS);
      expect(
        JSON.parse(policy.content).Statement.every((s: { Sid?: string }) => /^[A-Za-z0-9]+$/.test(s.Sid ?? '')),
      ).toBe(true);
    }
  });
});

describe('guardrails stack, configured', () => {
  test('attaches to the listed targets, and the evidence SCP to the log archive account they may not cover', () => {
    const byName = policies(synthGuardrails({ guardrails: { targets: ['ou-ab12-cdefgh34', '444444444444'] } }));
    expect(byName.get('audit-logging-evidence-protection')?.targets).toEqual([
      '222222222222',
      '444444444444',
      'ou-ab12-cdefgh34',
    ]);
    expect(byName.get('audit-logging-recording-protection')?.targets).toEqual(['444444444444', 'ou-ab12-cdefgh34']);
  });

  test('does not attach twice to the log archive account when it is a target', () => {
    const byName = policies(synthGuardrails({ guardrails: { targets: ['222222222222'] } }));
    expect(byName.get('audit-logging-evidence-protection')?.targets).toEqual(['222222222222']);
  });

  test('leaves the data perimeter out when dataPerimeter is false', () => {
    expect([...policies(synthGuardrails({ guardrails: { dataPerimeter: false } })).keys()].sort()).toEqual([
      'audit-logging-evidence-protection',
      'audit-logging-recorder-protection',
      'audit-logging-recording-protection',
      'audit-logging-session-protection',
    ]);
  });

  test('makes no guardrails stack when enabled is false', () => {
    const stacks = buildStacks(Testing.app(), configOf({ ...POLICY_TEST_CONFIG, guardrails: { enabled: false } }));
    expect(stacks.map((s) => s.node.id)).not.toContain('guardrails');
  });

  test('deploys into the delegated administrator for policy management when accountId is set', () => {
    const synth = synthGuardrails({ guardrails: { accountId: '888888888888' } });
    expect(synth.provider.aws[0].allowed_account_ids).toEqual(['888888888888']);
  });

  test('protects the organization trail, its log group, alarms (the delivery heartbeat too) and topic in a delegated administrator account', () => {
    const byName = policies(
      synthGuardrails({
        trail: { name: 'org-trail', accountId: '888888888888' },
        alarms: {
          controls: ['root-account-usage'],
          custom: [{ id: 'break-glass-used', pattern: '{ $.eventName = "X" }', description: 'x' }],
        },
      }),
    );
    const trail = byName.get('audit-logging-trail-protection');
    expect(trail?.targets).toEqual(['888888888888']);
    expect(statement(trail?.document, 'DenyAlarmChanges').Resource).toEqual([
      'arn:aws:cloudwatch:*:888888888888:alarm:cis-*',
      'arn:aws:cloudwatch:*:888888888888:alarm:evasion-*',
      'arn:aws:cloudwatch:*:888888888888:alarm:audit-trail-delivery-heartbeat',
      'arn:aws:cloudwatch:*:888888888888:alarm:break-glass-used',
    ]);
    expect(statement(trail?.document, 'DenyTrailLogGroupChanges').Resource).toEqual([
      'arn:aws:logs:*:888888888888:log-group:/aws/cloudtrail/org-trail',
      'arn:aws:logs:*:888888888888:log-group:/aws/cloudtrail/org-trail:*',
    ]);
    expect(statement(trail?.document, 'DenyOrganizationTrailChanges').Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::888888888888:role/OrganizationAccountAccessRole' },
    });
  });

  test('has no trail SCP when the management account owns the trail (no SCP binds it)', () => {
    expect([...policies(synthGuardrails()).keys()]).not.toContain('audit-logging-trail-protection');
  });

  test('spares the break-glass principals in every deny, and in the bucket policies too', () => {
    const breakGlass = [
      'arn:aws:iam::222222222222:role/BreakGlass',
      'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*',
    ];
    const config = configOf({ ...POLICY_TEST_CONFIG, guardrails: { breakGlassPrincipalArns: breakGlass } });
    const stacks = new Map(buildStacks(Testing.app(), config).map((s) => [s.node.id, synthJson(s)]));
    const byName = policies(stacks.get('guardrails') as Synth);
    const sorted = [...breakGlass].sort();
    expect(
      statement(byName.get('audit-logging-evidence-protection')?.document, 'DenyEvidenceDestruction').Condition,
    ).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': sorted },
    });
    expect(
      statement(byName.get('audit-logging-data-perimeter')?.document, 'DenyEvidenceDestruction').Condition,
    ).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': sorted },
    });
    const bucketPolicies = Object.values(
      (stacks.get('log-archive') as Synth).resource.aws_s3_bucket_policy as Record<string, { policy: string }>,
    );
    const guards = bucketPolicies
      .map((bucketPolicy) => (parseTerraformPolicy(bucketPolicy.policy) as any).Statement)
      .flatMap((statements: { Sid: string; Condition: unknown }[]) =>
        statements.filter((s) => s.Sid === 'DenyObjectDeletion'),
      );
    // The log, member-logs and access-log buckets.
    expect(guards).toHaveLength(3);
    for (const guard of guards) {
      expect(guard.Condition).toEqual({
        ArnNotLike: {
          'aws:PrincipalArn': ['arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', ...breakGlass],
        },
      });
    }
  });
});

describe('guardrails beside Control Tower', () => {
  const recorderStatement = (members: unknown[]) =>
    statement(
      policies(synthGuardrails({ members })).get('audit-logging-recorder-protection')?.document,
      'DenyRecorderChanges',
    );
  const trailStatement = (members: unknown[]) =>
    statement(
      policies(synthGuardrails({ members })).get('audit-logging-recording-protection')?.document,
      'DenyTrailChanges',
    );

  test("a member whose Config is Control Tower's is not bound by the recorder protection, which spares AWSControlTowerExecution", () => {
    const members = [
      { name: 'towered', accountId: '444444444444', awsConfig: 'control-tower', sessionManagerLogs: true },
      { name: 'recorded', accountId: '666666666666' },
    ];
    expect(policies(synthGuardrails({ members })).get('audit-logging-recorder-protection')?.targets).toEqual([
      '666666666666',
    ]);
    expect(recorderStatement(members).Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::*:role/AWSControlTowerExecution',
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    ]);
    expect(trailStatement(members).Condition.ArnNotLike['aws:PrincipalArn']).toBe(
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    );
  });

  test('an account this product does not record is not bound: with no recorded member, no recorder protection', () => {
    const off = policies(
      synthGuardrails({
        members: [{ name: 'p', accountId: '444444444444', awsConfig: false, sessionManagerLogs: true }],
      }),
    );
    expect(off.has('audit-logging-recorder-protection')).toBe(false);
    expect(JSON.stringify(off.get('audit-logging-recording-protection')?.document)).not.toContain('config:');
  });

  test('without Control Tower, only the deploy role may change a recorder', () => {
    expect(recorderStatement([{ name: 'p', accountId: '444444444444' }]).Condition.ArnNotLike['aws:PrincipalArn']).toBe(
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    );
  });
});

/** The props of a Guardrails construct used directly, outside our stacks. */
const DIRECT_PROPS: GuardrailsProps = {
  organizationId: 'o-abcdefghij',
  archiveAccountId: '222222222222',
  logBucketName: 'acme-audit',
  deployRoleName: 'Deploy',
  governedRegions: ['eu-west-1'],
  accountTrailName: 'account-trail',
  configRoleName: 'audit-config-recorder',
  sessionDocumentName: 'SSM-SessionManagerRunShell',
  managedByTag: 'cdktf-audit-logging',
};

/** A stack in the management account, for a Guardrails construct used directly. */
const managementStack = () => new AccountStack(Testing.app(), 's', { accountId: '111111111111', region: 'eu-west-1' });

/** A Guardrails construct of DIRECT_PROPS and `overrides` in its own stack, with that stack synthesized. */
function built(overrides: Partial<GuardrailsProps> = {}): { guardrails: Guardrails; synth: Synth } {
  const stack = managementStack();
  const guardrails = new Guardrails(stack, 'g', { ...DIRECT_PROPS, ...overrides });
  return { guardrails, synth: synthJson(stack) };
}
const build = (overrides: Partial<GuardrailsProps> = {}): Synth => built(overrides).synth;
const inStack = (overrides: Partial<GuardrailsProps>) => () => build(overrides);

/** The trail protection's props, with the trail's delegated administrator `accountId`. */
const trailProtectionIn = (accountId: string): GuardrailsProps['trailProtection'] => ({
  accountId,
  trailName: 't',
  logGroupName: '/aws/cloudtrail/t',
  deliveryRoleName: 'r',
  topicName: 'n',
  alarmNames: [],
  alarmPrefixes: ['cis-'],
});

describe('Guardrails construct, used directly', () => {
  const props = DIRECT_PROPS;

  test.each([
    [
      'a target that is no root, OU or account',
      { targets: ['o-abcdefghij'] },
      'props.targets[0] "o-abcdefghij" is not a root',
    ],
    ['an empty target list', { targets: [] }, 'props.targets is empty; leave it out'],
    ['a repeated target', { targets: ['r-ab12', 'r-ab12'] }, 'props.targets lists a target twice'],
    [
      'a break-glass principal that is no IAM ARN',
      { breakGlassPrincipalArns: ['BreakGlass'] },
      'props.breakGlassPrincipalArns[0] "BreakGlass" must be an IAM role or user ARN',
    ],
  ])('refuses %s', (_title, overrides, message) => {
    expect(inStack(overrides as Partial<GuardrailsProps>)).toThrow(AuditLoggingError);
    expect(inStack(overrides as Partial<GuardrailsProps>)).toThrow(message);
  });

  test('refuses a policy over 5,120 characters, and says how to shorten it', () => {
    const many = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::222222222222:role/break-glass-${i}`);
    expect(inStack({ breakGlassPrincipalArns: many })).toThrow(
      /policy audit-logging-\S+ is \d+ characters; AWS accepts at most 5120\. Shorten guardrails\.breakGlassPrincipalArns/,
    );
  });

  test('attaches at most 4 of its policies of one type to one target', () => {
    const stack = managementStack();
    new Guardrails(stack, 'g', {
      ...props,
      targets: ['222222222222'],
      dataPerimeter: { trustedAccountIds: [] },
      trailProtection: trailProtectionIn('222222222222'),
    });
    // Counted as bench --check counts them.
    const perTarget = new Map(
      documentSizes(synthJson(stack))
        .filter((size) => size.kind === 'organization-policies-per-target')
        .map((size) => [size.address, size.size]),
    );
    expect(Math.max(...perTarget.values())).toBeLessThanOrEqual(4);
    // Evidence, recording, recorder (recordedAccountIds defaults to the targets) and trail protection.
    expect(perTarget.get('SERVICE_CONTROL_POLICY on 222222222222')).toBe(4);
  });

  test('refuses a fifth policy on one target (the application logs protection there too), naming the fix', () => {
    const stack = managementStack();
    expect(
      () =>
        new Guardrails(stack, 'g', {
          ...props,
          targets: ['222222222222'],
          trailProtection: trailProtectionIn('222222222222'),
          applicationLogs: { senderAccountIds: ['222222222222'], destinationName: 'audit-application-logs' },
        }),
    ).toThrow(
      new AuditLoggingError(
        "s/g: 5 policies would attach to 222222222222 (audit-logging-evidence-protection, audit-logging-recording-protection, audit-logging-recorder-protection, audit-logging-application-logs-protection, audit-logging-trail-protection); AWS attaches at most 5 of a type to one target, one of them its own full-access policy. Leave 222222222222 out of guardrails.targets (the root's policies reach it), or opt it out of applicationLogs.",
      ),
    );
  });
});

describe('guardrails stack, with the search tier', () => {
  const withSearch = (search: object | null) =>
    policies(synthGuardrails({ logArchive: { ...POLICY_TEST_CONFIG.logArchive, search } }));
  const byName = withSearch({ analystRoleArns: ['arn:aws:iam::222222222222:role/analyst'] });
  const search = byName.get('audit-logging-search-protection');

  test('attaches the search SCP to the log archive account alone, and only when logArchive.search is on', () => {
    expect(search?.targets).toEqual(['222222222222']);
    expect(search?.type).toBe('SERVICE_CONTROL_POLICY');
    expect(withSearch(null).has('audit-logging-search-protection')).toBe(false);
    // The other policies are the same with or without it: the statements exist only when search is on.
    const without = withSearch(null);
    for (const [name, policy] of without) expect(byName.get(name)).toEqual(policy);
  });

  test('spares the deploy role everywhere but in the queues, which only the pipeline role consumes', () => {
    const spared = (sid: string) => statement(search?.document, sid).Condition.ArnNotLike['aws:PrincipalArn'];
    const deployRole = 'arn:aws:iam::*:role/OrganizationAccountAccessRole';
    const pipelineRole = 'arn:aws:iam::222222222222:role/audit-search-pipeline';
    for (const sid of [
      'DenySearchCollectionChanges',
      'DenySearchPipelineChanges',
      'DenySearchQueueChanges',
      'DenySearchNotificationChanges',
      'DenySearchDeadLetterChanges',
      'DenySearchKeyGrantRemoval',
    ]) {
      expect(spared(sid)).toBe(deployRole);
    }
    // OpenSearch Ingestion writes the pipeline's own network policy with the pipeline role.
    expect(spared('DenySearchSecurityPolicyChanges')).toEqual([deployRole, pipelineRole]);
    expect(spared('DenySearchQueueDraining')).toBe(pipelineRole);
  });

  test("names the archive's pipeline, queues, source buckets and dead-letter bucket, in the archive account", () => {
    const resources = (sid: string) => statement(search?.document, sid).Resource;
    expect(resources('DenySearchPipelineChanges')).toBe('arn:aws:osis:*:222222222222:pipeline/audit-logs');
    expect(resources('DenySearchQueueDraining')).toBe('arn:aws:sqs:*:222222222222:audit-search-*');
    expect(resources('DenySearchNotificationChanges')).toEqual([
      'arn:aws:s3:::acme-audit',
      'arn:aws:s3:::acme-audit-member-logs',
    ]);
    expect(resources('DenySearchDeadLetterChanges')).toEqual([
      'arn:aws:s3:::audit-search-dlq-222222222222-*',
      'arn:aws:s3:::audit-search-dlq-222222222222-*/*',
    ]);
    expect(resources('DenySearchKeyGrantRemoval')).toBe('arn:aws:kms:*:222222222222:key/*');
  });
});

test('the full example, search on, keeps at most 4 of our SCPs on every target, 3 on the log archive account', () => {
  const config = shippedConfig('examples/full.config.json');
  expect(config.logArchive.search).not.toBeNull();
  const perTarget = documentSizes(synthJson(new GuardrailsStack(Testing.app(), config))).filter(
    (size) => size.kind === 'organization-policies-per-target',
  );
  expect(Math.max(...perTarget.map((size) => size.size))).toBeLessThanOrEqual(4);
  expect(
    perTarget.find((size) => size.address === `SERVICE_CONTROL_POLICY on ${config.logArchive.accountId}`)?.size,
  ).toBe(3);
});

describe('Guardrails construct, with the search tier', () => {
  const props = DIRECT_PROPS;

  test('adds one policy on the log archive account, and none elsewhere', () => {
    const s = managementStack();
    new Guardrails(s, 'g', {
      ...props,
      search: true,
      applicationLogs: { senderAccountIds: ['222222222222'], destinationName: 'audit-application-logs' },
    });
    const perTarget = new Map(
      documentSizes(synthJson(s))
        .filter((size) => size.kind === 'organization-policies-per-target')
        .map((size) => [size.address, size.size]),
    );
    // Application logs and search: the evidence, recording and recorder policies reach it from the root.
    expect(perTarget.get('SERVICE_CONTROL_POLICY on 222222222222')).toBe(2);
    expect([...perTarget.keys()].filter((key) => key.startsWith('SERVICE_CONTROL_POLICY on ')).length).toBe(2);
  });

  test('refuses a fifth policy on the log archive account, naming the search tier among the fixes', () => {
    expect(
      () =>
        new Guardrails(managementStack(), 'g', {
          ...props,
          targets: ['222222222222'],
          search: true,
          applicationLogs: { senderAccountIds: ['222222222222'], destinationName: 'audit-application-logs' },
        }),
    ).toThrow(
      /5 policies would attach to 222222222222 \(.*audit-logging-search-protection\).*or turn logArchive\.search off\./,
    );
  });
});

describe('the Region deny', () => {
  test('lists its Regions sorted and once each, so that reordering governedRegions changes no policy (no plan diff)', () => {
    const statements = (governedRegions: string[]) =>
      regionDenyStatements({
        partition: 'aws',
        governedRegions,
        deployRoleName: 'deploy',
        breakGlassPrincipalArns: [],
      });
    const regionsOf = (governedRegions: string[]) =>
      statements(governedRegions).map((s) => s.Condition?.StringNotEquals?.['aws:RequestedRegion']);
    expect(regionsOf(['us-east-1', 'eu-west-1', 'eu-west-1'])).toEqual([
      ['eu-west-1', 'us-east-1'],
      ['eu-west-1', 'us-east-1'],
    ]);
    expect(regionsOf(['eu-west-1', 'ap-southeast-2'])).toEqual([
      ['ap-southeast-2', 'eu-west-1'],
      ['ap-southeast-2', 'eu-west-1', 'us-east-1'],
    ]);
    // us-east-1, added for CloudFront's companions, takes its place in the order too.
    expect(regionsOf(['us-west-2', 'eu-west-1'])[1]).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(statements(['eu-west-1', 'ap-southeast-2'])).toEqual(statements(['ap-southeast-2', 'eu-west-1']));
  });
});

describe('the trail protection', () => {
  const props = {
    partition: 'aws',
    accountId: '123456789012',
    deployRoleName: 'deploy',
    breakGlassPrincipalArns: [],
    trailName: 'org-trail',
    logGroupName: '/aws/cloudtrail/org-trail',
    deliveryRoleName: 'delivery',
    topicName: 'alarms',
    alarmNames: ['cis-root-account-usage', 'their-alarm'],
    alarmPrefixes: ['cis-', 'evasion-'],
    managedByTag: 'cdktf-audit-logging',
  };

  test('names the log group by its colon ARN', () => {
    const resources = trailProtectionStatements(props).flatMap((s) => [s.Resource ?? []].flat());
    expect(resources).toContain('arn:aws:logs:*:123456789012:log-group:/aws/cloudtrail/org-trail');
  });

  test('has no alarm statement when no alarm is built (a statement that names no resource)', () => {
    const sids = trailProtectionStatements({ ...props, alarmNames: [] }).map((s) => s.Sid);
    expect(sids).not.toContain('DenyAlarmChanges');
    expect(trailProtectionStatements(props).map((s) => s.Sid)).toContain('DenyAlarmChanges');
  });

  test('names one pattern per prefix of an alarm it protects, and no prefix of an alarm not built', () => {
    const statements = trailProtectionStatements(props);
    const alarmResources = statements.flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r.includes(':alarm:'));
    expect([...new Set(alarmResources)]).toEqual([
      'arn:aws:cloudwatch:*:123456789012:alarm:cis-*',
      'arn:aws:cloudwatch:*:123456789012:alarm:their-alarm',
    ]);
  });
});

/** What every protection's statements are built from, in the unit tests of each below. */
const PROTECTION_PROPS = {
  partition: 'aws',
  deployRoleName: 'deploy',
  breakGlassPrincipalArns: ['arn:aws:iam::123456789012:role/glass'],
  managedByTag: 'cdktf-audit-logging',
};

describe('the recording protection, its optional props left out', () => {
  const BREAK_GLASS = ['arn:aws:iam::123456789012:role/glass-b', 'arn:aws:iam::123456789012:role/glass-a'];
  const common = { ...PROTECTION_PROPS, breakGlassPrincipalArns: BREAK_GLASS, governedRegions: ['eu-west-1'] };

  test('with no bootstrap role and no other protected principal, only break-glass is protected from takeover', () => {
    const statements = recordingProtectionStatements({
      ...common,
      accountTrailName: 'account-trail',
      configRoleName: 'config-recorder',
      sessionDocumentName: 'SSM-SessionManagerRunShell',
    });
    expect(statement({ Statement: statements }, 'DenyPrivilegedPrincipalChanges').Resource).toEqual(
      [...BREAK_GLASS].sort(),
    );
    const noBreakGlass = recordingProtectionStatements({
      ...common,
      breakGlassPrincipalArns: [],
      accountTrailName: 'account-trail',
      configRoleName: 'config-recorder',
      sessionDocumentName: 'SSM-SessionManagerRunShell',
    });
    expect(noBreakGlass.map((s) => s.Sid)).not.toContain('DenyPrivilegedPrincipalChanges');
  });

  test('lists the governed Regions sorted, so that reordering governedRegions changes no policy', () => {
    const statements = recorderProtectionStatements({
      ...common,
      governedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      remediatesFlowLogs: true,
    });
    const regions = statements
      .map((s) => s.Condition?.StringEquals?.['aws:RequestedRegion'])
      .filter((listed) => listed !== undefined);
    expect(regions).toEqual([
      ['eu-central-1', 'eu-west-1', 'us-east-1'],
      ['eu-central-1', 'eu-west-1', 'us-east-1'],
    ]);
  });

  test('with no other recorder manager, the recorder is spared to the deploy role and break-glass alone', () => {
    const statements = recorderProtectionStatements(common);
    expect(statement({ Statement: statements }, 'DenyRecorderChanges')).toMatchObject({
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/deploy', ...[...BREAK_GLASS].sort()] },
      },
    });
  });
});

describe('the audit account protection, its optional props left out', () => {
  test('with no findings export, protects the organization security settings and the keys only', () => {
    expect(auditProtectionStatements(PROTECTION_PROPS).map((s) => s.Sid)).toEqual([
      'DenyOrganizationSecurityChanges',
      'DenyAuditKeyChanges',
    ]);
  });

  test("the keys' statement binds only the keys this product tagged (the account's other keys are its teams')", () => {
    expect(
      statement({ Statement: auditProtectionStatements(PROTECTION_PROPS) }, 'DenyAuditKeyChanges').Condition,
    ).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/deploy', 'arn:aws:iam::123456789012:role/glass'] },
      StringEquals: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' },
    });
  });

  test('with a findings export and no EventBridge role, only break-glass writes to the stream', () => {
    const statements = auditProtectionStatements({ ...PROTECTION_PROPS, findingsExportName: 'findings' });
    expect(statement({ Statement: statements }, 'DenyFindingsForgery')).toEqual({
      Sid: 'DenyFindingsForgery',
      Effect: 'Deny',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      Resource: 'arn:aws:firehose:*:*:deliverystream/findings',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/glass' } },
    });
    expect(statement({ Statement: statements }, 'DenyFindingsExportChanges').Resource).toEqual([
      'arn:aws:events:*:*:rule/findings',
      'arn:aws:events:*:*:event-bus/default',
      'arn:aws:firehose:*:*:deliverystream/findings',
    ]);
  });
});

describe('the live search protections', () => {
  const spared = { 'aws:PrincipalArn': ['arn:aws:iam::*:role/deploy', 'arn:aws:iam::123456789012:role/glass'] };

  test("a member's links: only those this product tagged, and the tag kept on them", () => {
    expect(linkProtectionStatements(PROTECTION_PROPS)).toEqual([
      {
        Sid: 'DenyLiveSearchLinkChanges',
        Effect: 'Deny',
        Action: ['oam:DeleteLink', 'oam:UpdateLink'],
        Resource: 'arn:aws:oam:*:*:link/*',
        Condition: { ArnNotLike: spared, StringEquals: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' } },
      },
      {
        Sid: 'DenyLiveSearchLinkUntagging',
        Effect: 'Deny',
        Action: ['oam:TagResource', 'oam:UntagResource'],
        Resource: 'arn:aws:oam:*:*:link/*',
        Condition: {
          ArnNotLike: spared,
          StringEquals: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' },
          'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ManagedBy' },
        },
      },
    ]);
  });

  test("the archive's sinks: every sink of the archive account", () => {
    expect(sinkProtectionStatements({ ...PROTECTION_PROPS, archiveAccountId: '222222222222' })).toEqual([
      {
        Sid: 'DenyLiveSearchSinkChanges',
        Effect: 'Deny',
        Action: ['oam:DeleteSink', 'oam:PutSinkPolicy'],
        Resource: 'arn:aws:oam:*:222222222222:sink/*',
        Condition: { ArnNotLike: spared },
      },
    ]);
  });
});

describe('the data perimeter', () => {
  const props = {
    partition: 'aws',
    organizationId: 'o-abcdefghij',
    archiveAccountId: '222222222222',
    logBucketName: 'archive-logs',
    otherBucketNames: [],
    breakGlassPrincipalArns: [],
  };
  const perimeter = (trustedAccountIds: string[]) =>
    dataPerimeterStatements({ ...props, trustedAccountIds })
      .filter((s) => s.Sid?.startsWith('Enforce'))
      .map((s) => s.Condition?.StringNotEqualsIfExists);

  test('with no trusted account, only the organization', () => {
    expect(perimeter([])).toEqual([{ 'aws:PrincipalOrgID': 'o-abcdefghij' }, { 'aws:SourceOrgID': 'o-abcdefghij' }]);
  });

  test('one trusted account as a string, as the policies already deployed hold it (no plan diff)', () => {
    expect(perimeter(['111111111111'])).toEqual([
      { 'aws:PrincipalOrgID': 'o-abcdefghij', 'aws:PrincipalAccount': '111111111111' },
      { 'aws:SourceOrgID': 'o-abcdefghij', 'aws:SourceAccount': '111111111111' },
    ]);
  });

  test('the trusted accounts sorted and once each, so that reordering them changes no policy', () => {
    const trusted = ['333333333333', '111111111111', '333333333333'];
    expect(perimeter(trusted)).toEqual([
      { 'aws:PrincipalOrgID': 'o-abcdefghij', 'aws:PrincipalAccount': ['111111111111', '333333333333'] },
      { 'aws:SourceOrgID': 'o-abcdefghij', 'aws:SourceAccount': ['111111111111', '333333333333'] },
    ]);
  });
});

describe("the archive's bucket resources", () => {
  test('each bucket and its objects, the buckets named after the log bucket, and no other bucket twice', () => {
    const others = ['archive-logs', 'archive-logs-replica', 'replica-elsewhere'];
    expect(archiveBucketResources('aws', 'archive-logs', others)).toEqual([
      'arn:aws:s3:::archive-logs',
      'arn:aws:s3:::archive-logs/*',
      'arn:aws:s3:::replica-elsewhere',
      'arn:aws:s3:::replica-elsewhere/*',
      'arn:aws:s3:::archive-logs-*',
    ]);
  });
});

describe('Guardrails construct, what it makes of its props', () => {
  /** Every policy of ours at once, no target holding more than four. */
  const EVERY_POLICY: Partial<GuardrailsProps> = {
    targets: ['ou-ab12-cdefgh34'],
    recordedAccountIds: ['444444444444'],
    sessionLoggingAccountIds: ['444444444444'],
    applicationLogs: {
      senderAccountIds: ['666666666666'],
      destinationName: 'audit-application-logs',
      liveSearch: true,
    },
    auditAccount: { accountId: '333333333333' },
    denyOtherRegions: true,
    trailProtection: trailProtectionIn('555555555555'),
    search: true,
    dataPerimeter: { trustedAccountIds: [] },
  };
  const sids = (document: any): string[] => document.Statement.map((s: { Sid: string }) => s.Sid);

  // An account listed twice would be two attachments of one policy to one account, which AWS refuses
  // (AttachPolicy's DuplicatePolicyAttachmentException, botocore's organizations model 2016-11-28): the
  // construct's own check, beside the by-name check of ids.
  test.each([
    ['recordedAccountIds', { recordedAccountIds: ['444444444444', '444444444444'] }],
    [
      'applicationLogs.senderAccountIds',
      { applicationLogs: { senderAccountIds: ['666666666666', '666666666666'], destinationName: 'd' } },
    ],
    ['sessionLoggingAccountIds', { sessionLoggingAccountIds: ['444444444444', '444444444444'] }],
  ])('refuses %s with an account listed twice, naming it', (field, overrides) => {
    expect(inStack(overrides as Partial<GuardrailsProps>)).toThrow(AuditLoggingError);
    expect(inStack(overrides as Partial<GuardrailsProps>)).toThrow(`props.${field} lists a target twice`);
  });

  test.each([
    ['recordedAccountIds', { recordedAccountIds: [] }, 'audit-logging-recorder-protection'],
    [
      'applicationLogs.senderAccountIds',
      { applicationLogs: { senderAccountIds: [], destinationName: 'd' } },
      'audit-logging-application-logs-protection',
    ],
    ['sessionLoggingAccountIds', { sessionLoggingAccountIds: [] }, 'audit-logging-session-protection'],
  ])('takes an empty %s as no policy', (_field, overrides, name) => {
    const names = Object.values(build(overrides as Partial<GuardrailsProps>).resource.aws_organizations_policy).map(
      (policy: any) => policy.name,
    );
    expect(names).toContain('audit-logging-evidence-protection');
    expect(names).not.toContain(name);
  });

  test('reads breakGlassPrincipalArns and otherBucketNames left out as empty lists, their documented defaults', () => {
    expect(build()).toEqual(build({ breakGlassPrincipalArns: [], otherBucketNames: [] }));
  });

  test('describes each policy for the console: the product, then what the policy keeps, within the 512 characters AWS takes', () => {
    // botocore's organizations model (2016-11-28): CreatePolicy requires a Description, PolicyDescription max 512.
    const descriptions = Object.values(build(EVERY_POLICY).resource.aws_organizations_policy).map(
      (policy: any) => policy.description as string,
    );
    expect(descriptions).toHaveLength(10);
    expect(new Set(descriptions).size).toBe(10);
    for (const description of descriptions) {
      expect(description).toMatch(/^cdktf-audit-logging: \S.{20,}$/);
      expect(description.length).toBeLessThanOrEqual(512);
    }
  });

  test("names each attachment after its policy and target, the root as 'root', so that the addresses stay as deployed", () => {
    const names = (synth: Synth) =>
      Object.keys(synth.resource.aws_organizations_policy_attachment)
        .map((address) => address.replace(/^g_/, '').replace(/_[0-9A-F]{8}$/, ''))
        .sort();
    expect(names(build())).toEqual(['evidence-root', 'recorder-root', 'recording-root']);
    // Every policy on, the root holds four of ours, which AWS takes (checkPoliciesPerTarget reads accounts).
    const atRoot = names(build({ ...EVERY_POLICY, targets: undefined, recordedAccountIds: undefined }));
    expect(atRoot.filter((name) => name.endsWith('-root'))).toEqual([
      'evidence-root',
      'recorder-root',
      'recording-root',
      'regions-root',
    ]);
    // The construct's own lists: the same attachments and policies, for an app that wires them further.
    const { guardrails, synth } = built();
    expect(guardrails.attachments.map((attachment) => attachment.node.id).sort()).toEqual(names(synth));
    expect(guardrails.attachments.every((attachment) => attachment instanceof OrganizationsPolicyAttachment)).toBe(
      true,
    );
    expect([...guardrails.policies.keys()]).toEqual(['evidence', 'recording', 'recorder']);
    expect(names(build(EVERY_POLICY))).toEqual([
      'application-logs-666666666666',
      'audit-333333333333',
      'data-perimeter-222222222222',
      'evidence-222222222222',
      'evidence-ou-ab12-cdefgh34',
      'recorder-444444444444',
      'recording-ou-ab12-cdefgh34',
      'regions-ou-ab12-cdefgh34',
      'search-222222222222',
      'sessions-444444444444',
      'trail-555555555555',
    ]);
  });

  test("protects the archive's sinks and the members' links only when the senders link to them (applicationLogs.liveSearch)", () => {
    const sinks = sids({
      Statement: sinkProtectionStatements({ ...PROTECTION_PROPS, archiveAccountId: '222222222222' }),
    });
    const links = sids({ Statement: linkProtectionStatements(PROTECTION_PROPS) });
    const withSearch = (liveSearch: boolean | undefined) => {
      const byName = policies(
        build({ applicationLogs: { senderAccountIds: ['666666666666'], destinationName: 'd', liveSearch } }),
      );
      return {
        evidence: sids(byName.get('audit-logging-evidence-protection')?.document),
        applicationLogs: sids(byName.get('audit-logging-application-logs-protection')?.document),
      };
    };
    const on = withSearch(true);
    expect(on.evidence).toEqual(expect.arrayContaining(sinks));
    expect(on.applicationLogs).toEqual(expect.arrayContaining(links));
    for (const off of [withSearch(false), withSearch(undefined)]) {
      expect(off.evidence.filter((sid) => sinks.includes(sid))).toEqual([]);
      expect(off.applicationLogs.filter((sid) => links.includes(sid))).toEqual([]);
      expect(off.applicationLogs.length).toBeGreaterThan(0);
    }
  });

  test('takes a policy of exactly 5,120 characters, and refuses one of 5,121', () => {
    // Each protected principal's ARN is in the recording policy once: its name's length moves that
    // policy's size one character at a time.
    const arns = (extra: number) =>
      Array.from({ length: 30 }, (_, i) => {
        const pad = Math.floor(extra / 30) + (i < extra % 30 ? 1 : 0);
        return `arn:aws:iam::555555555555:role/p${i}-${'x'.repeat(pad)}`;
      });
    const recordingSize = (extra: number) => {
      const policy = Object.values(
        build({ protectedPrincipalArns: arns(extra) }).resource.aws_organizations_policy as Record<string, any>,
      ).find((p) => p.name === 'audit-logging-recording-protection');
      return JSON.stringify(JSON.parse(policy.content)).length;
    };
    const extra = ORGANIZATION_POLICY_MAX_CHARACTERS - recordingSize(0);
    expect(extra).toBeGreaterThan(0);
    // Role names of at most 64 characters, as IAM takes them.
    expect(`p29-${'x'.repeat(Math.ceil((extra + 1) / 30))}`.length).toBeLessThanOrEqual(64);
    expect(recordingSize(extra)).toBe(ORGANIZATION_POLICY_MAX_CHARACTERS);
    expect(inStack({ protectedPrincipalArns: arns(extra + 1) })).toThrow(
      'policy audit-logging-recording-protection is 5121 characters; AWS accepts at most 5120.',
    );
  });

  test('refuses a fifth policy on a member that logs its sessions, naming denyUnloggedSessions among the fixes', () => {
    expect(
      inStack({
        targets: ['444444444444'],
        sessionLoggingAccountIds: ['444444444444'],
        applicationLogs: { senderAccountIds: ['444444444444'], destinationName: 'd' },
      }),
    ).toThrow(
      /^s\/g: 5 policies would attach to 444444444444 \(.*\); .* or opt it out of applicationLogs, or set guardrails\.denyUnloggedSessions to false\.$/,
    );
  });
});
