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
 * 4. `compliance --live --no-aggregator` with the audit account's credentials reads Security Hub's
 *    findings from moto through the AWS SDK (findings of two member accounts imported there, one
 *    failing CloudTrail.1, and an archived one that must not count): it names the failing trail and
 *    exits 1. (The AWS Config aggregator's compliance APIs are not in moto; the unit tests read them
 *    from a fake that pages as AWS does.)
 *
 * moto 5.2.1 lacks several APIs the AWS provider calls for these resources; e2e/harness/moto_server.py
 * adds them (items 14 to 20). Exits 1 at the first failed check, naming it. About a minute.
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
import { DETECTIVE_RULES } from '../../modules/core/detective-rules';
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
    const { credentials } = await audit.client(home);
    const live = tryCommand(
      'compliance',
      ['--live', '--no-aggregator', '--config', deployedFile, '--format', 'json'],
      120,
      {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_PROFILE: '',
      },
    );
    const report = JSON.parse(live.stdout || '{}') as Partial<LiveReport>;
    const cell = (id: string, account: string) =>
      report.rows?.find((r) => r.id === id)?.cells.find((c) => c.accountId === account);
    check(
      progress,
      live.status === 1 &&
        live.stderr.includes('failing: trail-all-regions: 1 account(s): 710000000004') &&
        report.findings === 3 &&
        (report.unread ?? []).length === 0 &&
        cell('trail-all-regions', '710000000004')?.failing[0]?.resource ===
          `arn:aws:cloudtrail:${home}:710000000004:trail/local` &&
        cell('trail-all-regions', '710000000005')?.status === 'compliant' &&
        cell('kms-rotation', '710000000005')?.status === 'not-evaluated',
      'compliance --live reads the findings through the SDK: 710000000004 fails CloudTrail.1, the archived finding does not count, exit 1',
      { status: live.status, stderr: live.stderr.slice(-1500), findings: report.findings, unread: report.unread },
    );
  } finally {
    await moto.stop();
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
