/**
 * `npm run e2e:audit`: the audit account's two stacks applied to a local AWS (moto, on loopback), as
 * a user deploys them: the organization with trusted access for AWS Config and Security Hub, then
 * `npm run deploy -- audit-delegation audit` (the management account registers the audit account,
 * which then builds the organization's aggregator, the detective rules and Security Hub's central
 * configuration), and checks:
 *
 * 1. each plan stops first when trusted access for AWS Config is off, naming the command that turns
 *    it on; then the deploy applies both stacks;
 * 2. a second plan of each stack is empty;
 * 3. what AWS holds, read back with the SDK: the delegated administrators of AWS Config (both
 *    principals) and Security Hub, the aggregator over the governed Regions, each detective rule in
 *    its Regions, Security Hub's configuration policy with the CIS and FSBP standards, associated
 *    with the root, the finding aggregator in the home Region, and the findings' export (an
 *    EventBridge rule into a Firehose stream that writes to the archive's prefix with its role);
 * 4. `compliance --live` with the audit account's credentials reads both sources from moto through
 *    the AWS SDK: Security Hub's findings (of two member accounts, one failing CloudTrail.1, and an
 *    archived one that must not count) and the organization aggregator's compliance of the detective
 *    rules (evaluations seeded in the member accounts: the multi-Region trail rule failing and
 *    passing where CloudTrail.1 does, Security Hub's rule passing, and 120 keys without rotation,
 *    more than one page of GetAggregateComplianceDetailsByConfigRule). Each account's state names
 *    the source that judged it; it exits 1.
 *
 * moto 5.2.1 lacks several APIs the AWS provider and compliance --live call; e2e/harness/moto_server.py
 * adds them (items 14 to 20 and 22). Exits 1 at the first failed check, naming it. About two minutes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  DescribeOrganizationConfigRulesCommand,
} from '@aws-sdk/client-config-service';
import {
  EnableAWSServiceAccessCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetConfigurationPolicyCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListFindingAggregatorsCommand,
  ListOrganizationAdminAccountsCommand,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { loadConfig } from '../../modules/config/load';
import { auditConfigRules } from '../../modules/config/schema';
import { DETECTIVE_RULE_NAME_PREFIX, DETECTIVE_RULES } from '../../modules/core/detective-rules';
import { AUDIT_DELEGATION_STACK_NAME, AUDIT_STACK_NAME, AuditNaming } from '../../modules/core/naming';
import { Terraform } from '../../toolkit/terraform/terraform';
import { stackDir } from '../harness/deployed-checks';
import { startMoto } from '../harness/moto';
import { createPrerequisites, deployedConfig, MotoAccounts } from '../harness/setup';
import {
  Progress,
  runCommand,
  StackRunner,
  StepFailed,
  synthesize,
  TIME_LIMITS,
  tryCommand,
} from '../harness/stack-runner';
import type { LiveReport } from '../../toolkit/compliance/live-state';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'e2e.config.json');
/** The e2e organization's security tooling account holds the audit account's stacks. */
const AUDIT_ACCOUNT = '710000000003';

class CheckFailed extends Error {}

function check(progress: Progress, condition: boolean, what: string, detail: unknown = ''): void {
  if (!condition) throw new CheckFailed(`${what}${detail === '' ? '' : `: ${JSON.stringify(detail, null, 2)}`}`);
  progress.line('check', `ok  ${what}`);
}

async function main(): Promise<void> {
  const workDir = process.env.E2E_WORKDIR || fs.mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-audit-'));
  fs.mkdirSync(workDir, { recursive: true });
  const progress = new Progress();
  const terraform = Terraform.find();
  progress.line('run', `terraform ${terraform.version}; logs and state in ${workDir}`);
  const moto = await startMoto(path.join(workDir, 'moto.log'));
  progress.line('run', `moto on ${moto.endpoint} (pid ${moto.pid})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void moto.stop().finally(() => process.exit(130));
    });
  }
  try {
    const input = { ...(JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as object), audit: { accountId: AUDIT_ACCOUNT } };
    const example = loadConfig(writeJson(path.join(workDir, 'example.config.json'), input));
    const accounts = new MotoAccounts(moto.endpoint, AuditNaming.fromConfig(example));
    const prerequisites = await createPrerequisites(example, accounts);
    const deployedFile = writeJson(path.join(workDir, 'deployed.config.json'), deployedConfig(input, prerequisites));
    const config = loadConfig(deployedFile);
    const out = path.join(workDir, 'out');
    const stacks = synthesize(deployedFile, out);
    const runner = new StackRunner(terraform, moto.endpoint, workDir, progress);
    for (const stack of [AUDIT_DELEGATION_STACK_NAME, AUDIT_STACK_NAME])
      runner.writeOverride(stack, stackDir(stacks, stack));

    // 1. Without trusted access for AWS Config, the delegation's plan stops before any change.
    await runner.init(AUDIT_DELEGATION_STACK_NAME, stackDir(stacks, AUDIT_DELEGATION_STACK_NAME));
    await runner.planStops(
      AUDIT_DELEGATION_STACK_NAME,
      stackDir(stacks, AUDIT_DELEGATION_STACK_NAME),
      'aws organizations enable-aws-service-access --service-principal config-multiaccountsetup.amazonaws.com',
    );
    progress.line(AUDIT_DELEGATION_STACK_NAME, 'the plan stops without trusted access for AWS Config');
    const management = new OrganizationsClient(
      await accounts.of(config.organization.managementAccountId).client('us-east-1'),
    );
    for (const principal of [
      'config-multiaccountsetup.amazonaws.com',
      'config.amazonaws.com',
      'securityhub.amazonaws.com',
    ]) {
      await management.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
    }
    progress.line('run', 'trusted access for AWS Config and Security Hub turned on');

    const deployed = runCommand(
      'deploy',
      ['--out', out, '--timeout', String(TIME_LIMITS.apply), AUDIT_DELEGATION_STACK_NAME, AUDIT_STACK_NAME],
      900,
    );
    for (const line of deployed
      .slice(deployed.lastIndexOf('\nstack ') + 1)
      .trimEnd()
      .split('\n')) {
      progress.line('deploy', line);
    }

    // 2. Nothing drifts.
    for (const stack of [AUDIT_DELEGATION_STACK_NAME, AUDIT_STACK_NAME])
      await runner.planNoDrift(stack, stackDir(stacks, stack));
    check(progress, true, 'a second plan of audit-delegation and audit is empty');

    // 3. What AWS holds.
    const delegated = await management.send(new ListDelegatedAdministratorsCommand({}));
    check(
      progress,
      (delegated.DelegatedAdministrators ?? []).some((d) => d.Id === AUDIT_ACCOUNT),
      `${AUDIT_ACCOUNT} is a delegated administrator of the organization`,
    );
    const home = config.homeRegion;
    const managementHub = new SecurityHubClient(
      await accounts.of(config.organization.managementAccountId).client(home),
    );
    const admins = await managementHub.send(new ListOrganizationAdminAccountsCommand({}));
    check(
      progress,
      (admins.AdminAccounts ?? []).some((a) => a.AccountId === AUDIT_ACCOUNT && a.Status === 'ENABLED'),
      `${AUDIT_ACCOUNT} is Security Hub's administrator`,
      admins.AdminAccounts,
    );
    const audit = accounts.of(AUDIT_ACCOUNT);
    const configService = new ConfigServiceClient(await audit.client(home));
    const aggregators = await configService.send(new DescribeConfigurationAggregatorsCommand({}));
    const aggregator = aggregators.ConfigurationAggregators?.[0];
    check(
      progress,
      aggregator?.ConfigurationAggregatorName === 'audit-organization' &&
        JSON.stringify([...(aggregator.OrganizationAggregationSource?.AwsRegions ?? [])].sort()) ===
          JSON.stringify([...config.governedRegions].sort()),
      `the organization aggregator covers ${config.governedRegions.join(', ')}`,
      aggregator,
    );
    for (const region of config.governedRegions) {
      const rules = await new ConfigServiceClient(await audit.client(region)).send(
        new DescribeOrganizationConfigRulesCommand({}),
      );
      const names = (rules.OrganizationConfigRules ?? []).map((r) => r.OrganizationConfigRuleName).sort();
      const expected = auditConfigRules(config)
        .filter((name) => region === home || DETECTIVE_RULES[name].regions === 'every-region')
        .map((name) => `audit-${name}`)
        .sort();
      check(
        progress,
        JSON.stringify(names) === JSON.stringify(expected),
        `${names.length} detective rules in ${region}`,
        {
          names,
          expected,
        },
      );
    }
    const hub = new SecurityHubClient(await audit.client(home));
    const policies = await hub.send(new ListConfigurationPoliciesCommand({}));
    const policyId = policies.ConfigurationPolicySummaries?.[0]?.Id;
    const policy = await hub.send(new GetConfigurationPolicyCommand({ Identifier: policyId }));
    const standards = policy.ConfigurationPolicy?.SecurityHub?.EnabledStandardIdentifiers ?? [];
    check(
      progress,
      standards.some((s) => s.includes('cis-aws-foundations-benchmark/v/5.0.0')) &&
        standards.some((s) => s.includes('aws-foundational-security-best-practices')),
      "Security Hub's configuration policy enables CIS v5.0.0 and FSBP",
      standards,
    );
    const associations = await hub.send(new ListConfigurationPolicyAssociationsCommand({}));
    check(
      progress,
      (associations.ConfigurationPolicyAssociationSummaries ?? []).some(
        (a) => a.ConfigurationPolicyId === policyId && a.TargetType === 'ROOT',
      ),
      'the configuration policy is associated with the organization root',
      associations.ConfigurationPolicyAssociationSummaries,
    );
    const findingAggregators = await hub.send(new ListFindingAggregatorsCommand({}));
    check(
      progress,
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
      progress,
      s3?.BucketARN === naming.memberLogsBucketArn &&
        s3.Prefix?.startsWith(`${naming.findingsPrefix}/`) === true &&
        s3.RoleARN === naming.findingsDeliveryRoleArn(AUDIT_ACCOUNT) &&
        s3.CompressionFormat === 'GZIP',
      `the Firehose stream writes gzipped findings to ${naming.memberLogsBucketName}/${naming.findingsPrefix}/ with the role the archive admits`,
      s3,
    );
    const events = new EventBridgeClient(await audit.client(home));
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: 'audit-securityhub-findings' }));
    check(
      progress,
      targets.Targets?.length === 1 && targets.Targets[0].Arn === stream?.DeliveryStreamARN,
      'an EventBridge rule sends every imported finding to the stream',
      targets.Targets,
    );

    // 4. compliance --live reads Security Hub's findings from moto with the audit account's credentials.
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
      Title: control,
      Description: control,
      Resources: [{ Type: 'AwsCloudTrailTrail', Id: `arn:aws:cloudtrail:${home}:${accountId}:trail/local` }],
      Compliance: { Status: status, SecurityControlId: control },
      RecordState: recordState,
      Workflow: { Status: 'NEW' },
    });
    const imported = await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('e2e-1', '710000000004', 'CloudTrail.1', 'FAILED'),
          finding('e2e-2', '710000000005', 'CloudTrail.1', 'PASSED'),
          finding('e2e-3', '710000000004', 'KMS.4', 'PASSED'),
          finding('e2e-4', '710000000005', 'KMS.4', 'FAILED', 'ARCHIVED'),
        ] as never,
      }),
    );
    check(progress, imported.SuccessCount === 4, 'four findings imported into the audit account', imported);
    // What the member accounts' rules would have evaluated (moto runs no managed rule), seeded as
    // moto seeds what it cannot compute.
    const memberRule = (name: string) => `OrgConfigRule-${DETECTIVE_RULE_NAME_PREFIX}${name}-a1b2c3d4`;
    const evaluation = (rule: string, resourceType: string, resourceId: string, complianceType: string) => ({
      ConfigRuleName: memberRule(rule),
      ResourceType: resourceType,
      ResourceId: resourceId,
      ComplianceType: complianceType,
    });
    const UNROTATED = 120;
    await seedEvaluations(moto.endpoint, '710000000004', home, [
      evaluation('multi-region-cloudtrail-enabled', 'AWS::::Account', '710000000004', 'NON_COMPLIANT'),
      evaluation('securityhub-enabled', 'AWS::::Account', '710000000004', 'COMPLIANT'),
    ]);
    await seedEvaluations(moto.endpoint, '710000000005', home, [
      evaluation('multi-region-cloudtrail-enabled', 'AWS::::Account', '710000000005', 'COMPLIANT'),
      ...Array.from({ length: UNROTATED }, (_, i) =>
        evaluation(
          'cmk-backing-key-rotation-enabled',
          'AWS::KMS::Key',
          `key-${String(i).padStart(3, '0')}`,
          'NON_COMPLIANT',
        ),
      ),
    ]);
    progress.line(
      'run',
      `evaluations of 3 detective rules seeded in 710000000004 and 710000000005 (${UNROTATED} keys)`,
    );
    const { credentials } = await audit.client(home);
    const live = tryCommand('compliance', ['--live', '--config', deployedFile, '--format', 'json'], 120, {
      AWS_ENDPOINT_URL: moto.endpoint,
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
      progress,
      live.status === 1 &&
        report.aggregator?.name === 'audit-organization' &&
        report.findings === 3 &&
        report.evaluations === 4 &&
        (report.unread ?? []).length === 0,
      'compliance --live reads Security Hub (3 findings; the archived one does not count) and the aggregator (4 rule evaluations) through the SDK, exit 1',
      diagnosis,
    );
    check(
      progress,
      live.stderr.includes('failing: trail-all-regions: 1 account(s): 710000000004') &&
        JSON.stringify(checks('trail-all-regions', '710000000004')) ===
          JSON.stringify([
            `CloudTrail.1 arn:aws:cloudtrail:${home}:710000000004:trail/local`,
            'AWS Config rule multi-region-cloudtrail-enabled AWS::::Account 710000000004',
          ]) &&
        cell('trail-all-regions', '710000000005')?.status === 'compliant',
      'trail-all-regions: 710000000004 fails in both sources (CloudTrail.1 and the multi-Region trail rule), 710000000005 passes both',
      { failing: checks('trail-all-regions', '710000000004'), ...diagnosis },
    );
    const unrotated = checks('kms-rotation', '710000000005') ?? [];
    check(
      progress,
      unrotated.length === UNROTATED &&
        unrotated.every((c) => c.startsWith('AWS Config rule cmk-backing-key-rotation-enabled AWS::KMS::Key key-')) &&
        cell('kms-rotation', '710000000004')?.status === 'compliant' &&
        cell('security-hub-enabled', '710000000004')?.status === 'compliant' &&
        cell('security-hub-enabled', '710000000005')?.status === 'not-evaluated',
      `kms-rotation: 710000000005 fails on the aggregator with its ${UNROTATED} keys (two pages of details), 710000000004 passes KMS.4; security-hub-enabled: judged by its rule alone`,
      { unrotated: unrotated.length, ...diagnosis },
    );
  } finally {
    await moto.stop({ deployRoleStacks: path.join(workDir, 'out', 'stacks') });
  }
}

/** Seeds what a member account's rules evaluated in `region` (e2e/harness/moto_audit_apis.py, item 22). */
async function seedEvaluations(endpoint: string, accountId: string, region: string, results: object[]): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/static/config/evaluation-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account_id: accountId, region, results }),
  });
  if (response.status !== 201) {
    throw new CheckFailed(`seeding the evaluations of ${accountId}: HTTP ${response.status} ${await response.text()}`);
  }
}

function writeJson(file: string, value: unknown): string {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

main().catch((error: unknown) => {
  const message = error instanceof CheckFailed || error instanceof StepFailed ? error.message : String(error);
  process.stderr.write(`e2e:audit failed: ${message}\n`);
  process.exitCode = 1;
});
