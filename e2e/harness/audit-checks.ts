/**
 * The audit account's stacks as AWS holds them once applied, read back with the SDK, and
 * `compliance --live` reading Security Hub and the organization aggregator from the local AWS.
 * `npm run local` runs these after its deploy (the suite that deploys the audit account's stacks
 * from the starter config as a newcomer does; e2e:onboarding proves the delegation's stop until
 * trusted access for AWS Config is on).
 *
 * 1. What AWS holds: the audit account as a delegated administrator of the organization and as
 *    Security Hub's administrator, the organization aggregator over the governed Regions (when the
 *    config builds it), each detective rule in its Regions, Security Hub's configuration policy with
 *    the CIS and FSBP standards associated with the root, one finding aggregator in the home Region,
 *    and the findings' export (an EventBridge rule into a Firehose stream that writes gzipped findings
 *    to the archive's prefix with the role the archive admits).
 * 2. `compliance --live` with the audit account's credentials reads both sources through the AWS SDK:
 *    findings imported for two member accounts (one failing CloudTrail.1, and an archived one that
 *    must not count) and evaluations of the detective rules seeded in those accounts (the
 *    multi-Region trail rule failing where CloudTrail.1 fails, Security Hub's rule passing, and 120
 *    keys without rotation: more than one page of GetAggregateComplianceDetailsByConfigRule). Each
 *    account's state names the source that judged it; it exits 1.
 *
 * moto runs no Security Hub check and no managed rule: the findings and evaluations are seeded, as
 * moto seeds what it cannot compute (e2e/harness/moto_audit_apis.py, item 22). The seeded findings'
 * titles say so, for a user who looks around with `npm run local -- --keep-running`.
 */
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  DescribeOrganizationConfigRulesCommand,
} from '@aws-sdk/client-config-service';
import { ListDelegatedAdministratorsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  BatchImportFindingsCommand,
  GetConfigurationPolicyCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListFindingAggregatorsCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { auditConfigRules, type OrgConfig } from '../../modules/org-config/schema';
import { DETECTIVE_RULE_NAME_PREFIX, DETECTIVE_RULES } from '../../modules/catalogs/detective-rules';
import { AuditNaming } from '../../modules/core/naming';
import { DEFAULT_AGGREGATOR_NAME } from '../../modules/core/naming';
import type { LiveReport } from '../../packages/cli/toolkit/compliance/live-state';
import { MotoAccount } from './aws';
import { StepFailed, tryCommand } from './stack-runner';

/** What {@link checkAuditAccount} needs. */
export interface AuditCheckOptions {
  /** moto's endpoint. */
  readonly endpoint: string;
  /** The deployed config, and its file (compliance --live reads it). */
  readonly config: OrgConfig;
  readonly configFile: string;
  /** An account's SDK access: the role the checks assume in it. */
  readonly account: (accountId: string) => MotoAccount;
  /** A member account whose findings and evaluations fail the trail controls. */
  readonly failingMember: string;
  /** A member account that passes them and has 120 keys without rotation. */
  readonly passingMember: string;
  /** Prints one line of progress. */
  readonly say: (step: string, text: string) => void;
}

/** Keys without rotation seeded in the passing member: more than one page of details (100). */
const UNROTATED = 120;

/** Throws {@link StepFailed} naming `what` unless `condition`; prints it otherwise. */
function check(say: AuditCheckOptions['say'], condition: boolean, what: string, detail: unknown = ''): void {
  if (!condition) {
    throw new StepFailed(`audit account: ${what}${detail === '' ? '' : `: ${JSON.stringify(detail, null, 2)}`}`);
  }
  say('check', `ok  ${what}`);
}

/** The audit account's settings of a config that has one. */
function auditSettings(config: OrgConfig) {
  if (config.audit === undefined || config.audit === false) throw new StepFailed('audit account: the config has none');
  return config.audit;
}

/** Both parts of the module's comment; throws {@link StepFailed} at the first check that fails. */
export async function checkAuditAccount(options: AuditCheckOptions): Promise<void> {
  await checkAuditStacks(options);
  await checkLiveCompliance(options);
}

/** Part 1 of the module's comment: what AWS holds once the audit account's stacks are applied. */
export async function checkAuditStacks(options: Pick<AuditCheckOptions, 'config' | 'account' | 'say'>): Promise<void> {
  const { config, say } = options;
  const auditConfig = auditSettings(config);
  const auditAccount = auditConfig.accountId;
  const configured = auditConfig.securityHubStandards;
  const home = config.homeRegion;
  const management = options.account(config.organization.managementAccountId);
  const audit = options.account(auditAccount);

  const delegated = await new OrganizationsClient(await management.client('us-east-1')).send(
    new ListDelegatedAdministratorsCommand({}),
  );
  check(
    say,
    (delegated.DelegatedAdministrators ?? []).some((d) => d.Id === auditAccount),
    `${auditAccount} is a delegated administrator of the organization`,
  );
  const admins = await new SecurityHubClient(await management.client(home)).send(
    new ListOrganizationAdminAccountsCommand({}),
  );
  check(
    say,
    (admins.AdminAccounts ?? []).some((a) => a.AccountId === auditAccount && a.Status === 'ENABLED'),
    `${auditAccount} is Security Hub's administrator`,
    admins.AdminAccounts,
  );
  const aggregators = await new ConfigServiceClient(await audit.client(home)).send(
    new DescribeConfigurationAggregatorsCommand({}),
  );
  if (auditConfig.configAggregator) {
    const aggregator = aggregators.ConfigurationAggregators?.[0];
    check(
      say,
      aggregator !== undefined &&
        aggregator.ConfigurationAggregatorName === DEFAULT_AGGREGATOR_NAME &&
        JSON.stringify([...(aggregator.OrganizationAggregationSource?.AwsRegions ?? [])].sort()) ===
          JSON.stringify([...config.governedRegions].sort()),
      `the organization aggregator covers ${config.governedRegions.join(', ')}`,
      aggregator,
    );
  }
  for (const region of config.governedRegions) {
    const rules = await new ConfigServiceClient(await audit.client(region)).send(
      new DescribeOrganizationConfigRulesCommand({}),
    );
    const names = (rules.OrganizationConfigRules ?? []).map((r) => r.OrganizationConfigRuleName).sort();
    const expected = auditConfigRules(config)
      .filter((name) => region === home || DETECTIVE_RULES[name].regions === 'every-region')
      .map((name) => `${DETECTIVE_RULE_NAME_PREFIX}${name}`)
      .sort();
    check(say, JSON.stringify(names) === JSON.stringify(expected), `${names.length} detective rules in ${region}`, {
      names,
      expected,
    });
  }
  const hub = new SecurityHubClient(await audit.client(home));
  const policies = await hub.send(new ListConfigurationPoliciesCommand({}));
  const policyId = policies.ConfigurationPolicySummaries?.[0]?.Id;
  const policy = await hub.send(new GetConfigurationPolicyCommand({ Identifier: policyId }));
  const standards = policy.ConfigurationPolicy?.SecurityHub?.EnabledStandardIdentifiers ?? [];
  check(
    say,
    configured.length > 0 && configured.every((standard) => standards.some((s) => s.includes(standard))),
    `Security Hub's configuration policy enables ${configured.join(' and ')}`,
    { enabled: standards, configured },
  );
  const associations = await hub.send(new ListConfigurationPolicyAssociationsCommand({}));
  check(
    say,
    (associations.ConfigurationPolicyAssociationSummaries ?? []).some(
      (a) => a.ConfigurationPolicyId === policyId && a.TargetType === 'ROOT',
    ),
    'the configuration policy is associated with the organization root',
    associations.ConfigurationPolicyAssociationSummaries,
  );
  const findingAggregators = await hub.send(new ListFindingAggregatorsCommand({}));
  check(
    say,
    (findingAggregators.FindingAggregators ?? []).length === 1,
    `one finding aggregator in ${home}`,
    findingAggregators.FindingAggregators,
  );

  // The findings' export: EventBridge to Firehose to the archive's member-logs bucket, under its prefix.
  const naming = AuditNaming.fromConfig(config);
  const stream = (
    await new FirehoseClient(await audit.client(home)).send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'audit-securityhub-findings' }),
    )
  ).DeliveryStreamDescription;
  const s3 = stream?.Destinations?.[0]?.ExtendedS3DestinationDescription;
  check(
    say,
    s3?.BucketARN === naming.memberLogsBucketArn &&
      s3.Prefix?.startsWith(`${naming.findingsPrefix}/`) === true &&
      s3.RoleARN === naming.findingsDeliveryRoleArn(auditAccount) &&
      s3.CompressionFormat === 'GZIP',
    `the Firehose stream writes gzipped findings to ${naming.memberLogsBucketName}/${naming.findingsPrefix}/ with the role the archive admits`,
    s3,
  );
  const targets = await new EventBridgeClient(await audit.client(home)).send(
    new ListTargetsByRuleCommand({ Rule: 'audit-securityhub-findings' }),
  );
  check(
    say,
    targets.Targets?.length === 1 && targets.Targets[0].Arn === stream?.DeliveryStreamARN,
    'an EventBridge rule sends every imported finding to the stream',
    targets.Targets,
  );
}

/**
 * Part 2 of the module's comment: compliance --live on seeded findings and rule evaluations, with
 * the audit account's credentials. Needs the organization aggregator (`audit.configAggregator`).
 */
export async function checkLiveCompliance(options: AuditCheckOptions): Promise<void> {
  const { config, say } = options;
  const home = config.homeRegion;
  const audit = options.account(auditSettings(config).accountId);
  const hub = new SecurityHubClient(await audit.client(home));
  const { failingMember: failing, passingMember: passing } = options;
  const finding = (id: string, accountId: string, control: string, status: string, recordState = 'ACTIVE') => ({
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${home}::product/aws/securityhub`,
    GeneratorId: `security-control/${control}`,
    AwsAccountId: accountId,
    Region: home,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    CreatedAt: new Date().toISOString(),
    UpdatedAt: new Date().toISOString(),
    Severity: { Label: status === 'FAILED' ? 'MEDIUM' : 'INFORMATIONAL' },
    Title: `${control} (seeded by the e2e harness: the local AWS runs no checks)`,
    Description: control,
    Resources: [{ Type: 'AwsCloudTrailTrail', Id: `arn:aws:cloudtrail:${home}:${accountId}:trail/local` }],
    Compliance: { Status: status, SecurityControlId: control },
    RecordState: recordState,
    Workflow: { Status: 'NEW' },
  });
  const imported = await hub.send(
    new BatchImportFindingsCommand({
      Findings: [
        finding('e2e-1', failing, 'CloudTrail.1', 'FAILED'),
        finding('e2e-2', passing, 'CloudTrail.1', 'PASSED'),
        finding('e2e-3', failing, 'KMS.4', 'PASSED'),
        finding('e2e-4', passing, 'KMS.4', 'FAILED', 'ARCHIVED'),
      ] as never,
    }),
  );
  check(say, imported.SuccessCount === 4, 'four findings imported into the audit account', imported);
  // What the member accounts' rules would have evaluated (moto runs no managed rule).
  const memberRule = (name: string) => `OrgConfigRule-${DETECTIVE_RULE_NAME_PREFIX}${name}-a1b2c3d4`;
  const evaluation = (rule: string, resourceType: string, resourceId: string, complianceType: string) => ({
    ConfigRuleName: memberRule(rule),
    ResourceType: resourceType,
    ResourceId: resourceId,
    ComplianceType: complianceType,
  });
  await seedEvaluations(options.endpoint, failing, home, [
    evaluation('multi-region-cloudtrail-enabled', 'AWS::::Account', failing, 'NON_COMPLIANT'),
    evaluation('securityhub-enabled', 'AWS::::Account', failing, 'COMPLIANT'),
  ]);
  await seedEvaluations(options.endpoint, passing, home, [
    evaluation('multi-region-cloudtrail-enabled', 'AWS::::Account', passing, 'COMPLIANT'),
    ...Array.from({ length: UNROTATED }, (_, i) =>
      evaluation(
        'cmk-backing-key-rotation-enabled',
        'AWS::KMS::Key',
        `key-${String(i).padStart(3, '0')}`,
        'NON_COMPLIANT',
      ),
    ),
  ]);
  say('seed', `evaluations of 3 detective rules seeded in ${failing} and ${passing} (${UNROTATED} keys)`);
  const { credentials } = await audit.client(home);
  const live = tryCommand('compliance', ['--live', '--config', options.configFile, '--format', 'json'], 120, {
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_PROFILE: '',
  });
  const report = JSON.parse(live.stdout || '{}') as Partial<LiveReport>;
  const cell = (id: string, account: string) =>
    report.rows?.find((r) => r.id === id)?.cells.find((c) => c.accountId === account);
  const checks = (id: string, account: string) => cell(id, account)?.failing.map((f) => `${f.check} ${f.resource}`);
  const diagnosis = {
    status: live.status,
    stderr: live.stderr.slice(-1500),
    findings: report.findings,
    evaluations: report.evaluations,
    aggregator: report.aggregator,
    unread: report.unread,
  };
  check(
    say,
    live.status === 1 &&
      report.aggregator?.name === DEFAULT_AGGREGATOR_NAME &&
      report.findings === 3 &&
      report.evaluations === 4 &&
      (report.unread ?? []).length === 0,
    'compliance --live reads Security Hub (3 findings; the archived one does not count) and the aggregator (4 rule evaluations) through the SDK, exit 1',
    diagnosis,
  );
  check(
    say,
    live.stderr.includes(`failing: trail-all-regions: 1 account(s): ${failing}`) &&
      JSON.stringify(checks('trail-all-regions', failing)) ===
        JSON.stringify([
          `CloudTrail.1 arn:aws:cloudtrail:${home}:${failing}:trail/local`,
          `AWS Config rule multi-region-cloudtrail-enabled AWS::::Account ${failing}`,
        ]) &&
      cell('trail-all-regions', passing)?.status === 'compliant',
    `trail-all-regions: ${failing} fails in both sources (CloudTrail.1 and the multi-Region trail rule), ${passing} passes both`,
    { failing: checks('trail-all-regions', failing), ...diagnosis },
  );
  const unrotated = checks('kms-rotation', passing) ?? [];
  check(
    say,
    unrotated.length === UNROTATED &&
      unrotated.every((c) => c.startsWith('AWS Config rule cmk-backing-key-rotation-enabled AWS::KMS::Key key-')) &&
      cell('kms-rotation', failing)?.status === 'compliant' &&
      cell('security-hub-enabled', failing)?.status === 'compliant' &&
      cell('security-hub-enabled', passing)?.status === 'not-evaluated',
    `kms-rotation: ${passing} fails on the aggregator with its ${UNROTATED} keys (two pages of details), ${failing} passes KMS.4; security-hub-enabled: judged by its rule alone`,
    { unrotated: unrotated.length, ...diagnosis },
  );
}

/** Seeds what a member account's rules evaluated in `region` (e2e/harness/moto_audit_apis.py, item 22). */
async function seedEvaluations(endpoint: string, accountId: string, region: string, results: object[]): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/static/config/evaluation-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account_id: accountId, region, results }),
  });
  if (response.status !== 201) {
    throw new StepFailed(`seeding the evaluations of ${accountId}: HTTP ${response.status} ${await response.text()}`);
  }
}
