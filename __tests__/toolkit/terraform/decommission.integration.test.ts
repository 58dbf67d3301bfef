import * as fs from 'fs';
import * as path from 'path';
import {
  addressesOf,
  afterPlanLines,
  awsCreatedSteps,
  deferredAddresses,
  followUpCommands,
  followUpPlanFile,
  followUpRemovals,
  keptAddresses,
  keptDestroyed,
  remainsOf,
  removalOrder,
  removalSequence,
  removalTargets,
  removedWithPlanLines,
  type StackJson,
} from '../../../packages/cli/toolkit/terraform/decommission';
import { runCliInProcess } from '../../support/cli';
import { shippedConfig, synthConfig, tempDir } from '../../support/synth';
import { FAKE_TERRAFORM } from '../../support/root';

/*
 * What decommission removes, keeps and leaves for later, read from the starter config's stacks
 * synthesized whole (a synth that runs `terraform version`: cdktf checks the Terraform version some
 * of their blocks need), and the command itself with a stand-in for terraform. The removal order
 * alone is in decommission.test.ts.
 */

const out = tempDir('decommission-starter');
const stacks = new Map(
  synthConfig(shippedConfig('examples/starter.config.json'), out).map((dir) => [
    path.basename(dir),
    JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson,
  ]),
);
const stack = (name: string): StackJson => {
  const json = stacks.get(name);
  if (json === undefined) throw new Error(`no stack ${name}`);
  return json;
};

describe('what a removal keeps', () => {
  test('the log archive keeps its buckets and keys with what protects them, and removes the rest', () => {
    const kept = keptAddresses(stack('log-archive'));
    const types = new Set(kept.map((address) => address.split('.')[0]));
    expect([...types].sort()).toEqual([
      'aws_kms_alias',
      'aws_kms_key',
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_logging',
      'aws_s3_bucket_object_lock_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    // Every prevent_destroy resource is kept; the analytics (Glue, Athena, Scheduler) and roles go.
    for (const [type, byName] of Object.entries(stack('log-archive').resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        if ((body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true) {
          expect(kept).toContain(`${type}.${name}`);
        }
      }
    }
    const targets = removalTargets(stack('log-archive'));
    expect(targets.some((a) => a.startsWith('aws_glue_crawler.'))).toBe(true);
    expect(targets.some((a) => a.startsWith('aws_iam_role.'))).toBe(true);
    expect([...targets, ...kept].sort()).toEqual(addressesOf(stack('log-archive')).sort());
  });

  test('the guardrails keep the evidence SCP and the RCP with their attachments; the organization its keys', () => {
    expect(keptAddresses(stack('guardrails')).map((a) => a.replace(/_[0-9A-F]{8}$/, ''))).toEqual([
      'aws_organizations_policy.guardrails_data-perimeter',
      'aws_organizations_policy.guardrails_evidence',
      'aws_organizations_policy_attachment.guardrails_data-perimeter-222222222222',
      'aws_organizations_policy_attachment.guardrails_evidence-root',
    ]);
    expect(removalTargets(stack('guardrails')).filter((a) => a.startsWith('aws_organizations_policy.'))).toEqual([
      expect.stringMatching(/^aws_organizations_policy\.guardrails_audit_/),
      expect.stringMatching(/^aws_organizations_policy\.guardrails_recorder_/),
      expect.stringMatching(/^aws_organizations_policy\.guardrails_recording_/),
      expect.stringMatching(/^aws_organizations_policy\.guardrails_sessions_/),
    ]);
    expect(keptAddresses(stack('audit'))).toEqual([]);
    expect(keptAddresses(stack('organization')).map((a) => a.split('.')[0])).toEqual([
      'aws_kms_alias',
      'aws_kms_alias',
      'aws_kms_key',
      'aws_kms_key',
    ]);
    expect(removalTargets(stack('organization')).some((a) => a.startsWith('aws_cloudtrail.'))).toBe(true);
  });

  test('a plan that would destroy a kept resource is caught, by address', () => {
    const kept = keptAddresses(stack('log-archive'));
    const plan = {
      resource_changes: [
        { address: kept[0], change: { actions: ['delete'] } },
        { address: 'aws_glue_crawler.x', change: { actions: ['delete'] } },
        { address: kept[1], change: { actions: ['no-op'] } },
      ],
    };
    expect(keptDestroyed(plan, kept)).toEqual([kept[0]]);
    expect(keptDestroyed({}, kept)).toEqual([]);
  });
});

describe('the order and what stays', () => {
  test('a bucket holds each object until its lifecycle expires it; the keys outlive the last of them', () => {
    const remains = remainsOf(stack('log-archive'), new Date('2026-11-26T12:00:00Z'));
    const until = (prefix: string) => remains.find((r) => r.address.startsWith(prefix))?.until;
    // The starter's retention: expiry after 2,557 days, the noncurrent version 90 more; Object Lock 365.
    expect(until('aws_s3_bucket.archive_logs_bucket')).toBe(
      'each object 2647 days after it was written, by its lifecycle (Object Lock keeps each 365 days, GOVERNANCE ' +
        'mode): the last ones until 2034-02-24; then empty, until someone allowed to (break-glass) lifts ' +
        'prevent_destroy and deletes it',
    );
    expect(until('aws_kms_key.archive_key')).toMatch(/^at least until 2034-02-24, /);
    // 365 days of access logs, 30 more for the noncurrent version.
    expect(until('aws_s3_bucket.archive_access-logs')).toContain('each object 395 days after it was written');
    // A key of a stack that keeps no bucket encrypts nothing kept: its date is the day of the removal.
    const organization = remainsOf(stack('organization'), new Date('2026-11-26'));
    expect(organization.map((r) => r.address).sort()).toEqual([
      expect.stringMatching(/^aws_kms_key\..*alarm/),
      expect.stringMatching(/^aws_kms_key\..*logs-key/),
    ]);
    for (const { until } of organization) {
      expect(until).toBe(
        'from 2026-11-26, once this plan is applied: this stack keeps no bucket, so nothing kept is encrypted with ' +
          'it (what it encrypted goes with the plan); then schedule its deletion (7 to 30 days)',
      );
    }
  });
});

describe("the audit account's Security Hub, which AWS will not disable while it is the administrator", () => {
  const hubs = Object.keys(stack('audit').resource?.aws_securityhub_account ?? {}).map(
    (name) => `aws_securityhub_account.${name}`,
  );
  const followUps = followUpRemovals(stacks);

  test('[securityhub-administrator-hub-cannot-be-disabled] the audit plan leaves the hub; a follow-up removes it after audit-delegation', () => {
    expect(hubs).toHaveLength(1);
    // The audit plan destroys everything else of the stack, the hub aside; nothing keeps it for good.
    expect(removalTargets(stack('audit'))).not.toContain(hubs[0]);
    expect(removalTargets(stack('audit')).length).toBe(addressesOf(stack('audit')).length - 1);
    expect(deferredAddresses(stack('audit'))).toEqual(hubs);
    expect(keptAddresses(stack('audit'))).toEqual([]);
    expect(followUps).toEqual([{ stack: 'audit', addresses: hubs, after: 'audit-delegation' }]);
    // A member outside the organization runs no administrator's hub: its plan removes its own.
    expect(deferredAddresses(stack('member-sandbox'))).toEqual([]);
  });

  test('[securityhub-administrator-hub-cannot-be-disabled] the follow-up comes right after the plan that removes the designation', () => {
    const names = [...stacks.keys()];
    const sequence = removalSequence(names, followUps).map((step) =>
      step.kind === 'plans' ? step.stacks.join(' ') : `follow-up ${step.followUp.stack}`,
    );
    const designation = sequence.indexOf('audit-delegation');
    expect(designation).toBeGreaterThan(0);
    expect(sequence[designation + 1]).toBe('follow-up audit');
    expect(sequence.slice(designation + 2)).toEqual(['guardrails', 'log-archive']);
    expect(Object.keys(stack('audit-delegation').resource ?? {})).toContain(
      'aws_securityhub_organization_admin_account',
    );
    // Planned only then, beside audit-delegation's plan; the plan targets the hub alone.
    const file = followUpPlanFile('/plans', followUps[0], removalOrder(names));
    expect(file).toBe(
      `/plans/${String(removalOrder(names).indexOf('audit-delegation') + 1).padStart(2, '0')}a-audit.tfplan`,
    );
    expect(followUpCommands(followUps[0], file)).toEqual([
      ['plan', '-destroy', '-input=false', `-out=${file}`, `-target=${hubs[0]}`],
      ['apply', '-input=false', file],
    ]);
    // Without the stack that designates it, the follow-up waits for the plans and the designation's owner.
    const alone = followUpRemovals(new Map([['audit', stack('audit')]]));
    expect(alone).toEqual([{ stack: 'audit', addresses: hubs, after: undefined }]);
    expect(removalSequence(['audit'], alone).map((s) => s.kind)).toEqual(['plans', 'follow-up']);
  });

  test('[securityhub-central-configuration-blocks-administrator-removal] the audit plan, which ends central configuration, comes before audit-delegation', () => {
    const order = removalOrder([...stacks.keys()]);
    expect(order.indexOf('audit')).toBeLessThan(order.indexOf('audit-delegation'));
    const targets = removalTargets(stack('audit'));
    for (const type of [
      'aws_securityhub_organization_configuration',
      'aws_securityhub_configuration_policy',
      'aws_securityhub_configuration_policy_association',
    ]) {
      expect(targets.some((address) => address.startsWith(`${type}.`))).toBe(true);
    }
  });

  test('a plan that would destroy the deferred hub is caught, as a kept resource is', () => {
    expect(keptDestroyed({ resource_changes: [{ address: hubs[0], change: { actions: ['delete'] } }] }, hubs)).toEqual(
      hubs,
    );
  });
});

describe('what AWS made for the stacks, in removal.md', () => {
  const steps = awsCreatedSteps(stacks);
  const followUps = followUpRemovals(stacks).map((followUp) => ({
    followUp,
    dir: '/out/stacks/audit',
    planFile: '/plans/04a-audit.tfplan',
  }));
  const afterDelegation = afterPlanLines('audit-delegation', steps, followUps).join('\n');
  const at = (text: string) => {
    const index = afterDelegation.indexOf(text);
    if (index < 0) throw new Error(`removal.md lacks ${text}`);
    return index;
  };

  test('[config-organization-rule-deletion-deletes-member-rules] the audit plan destroys every organization rule, and removal.md says their member copies go with it', () => {
    const rules = Object.keys(stack('audit').resource?.aws_config_organization_managed_rule ?? {});
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules)
      expect(removalTargets(stack('audit'))).toContain(`aws_config_organization_managed_rule.${rule}`);
    const withAudit = removedWithPlanLines('audit', steps).join('\n');
    expect(withAudit).toContain('an AWS Config rule in every member account');
    expect(withAudit).toContain('from all member accounts in that organization');
  });

  test('[securityhub-disassociated-target-keeps-settings] after the plans, Security Hub is turned off in every account and governed Region by commands', () => {
    // The audit plan disassociates the policy (AWS keeps the accounts' settings); the commands follow audit-delegation's plan.
    expect(
      removalTargets(stack('audit')).some((a) => a.startsWith('aws_securityhub_configuration_policy_association.')),
    ).toBe(true);
    expect(afterDelegation).toContain('the target retains its settings but becomes a self-managed account');
    expect(afterDelegation).toContain(
      'for r in eu-central-1 eu-west-1 us-east-1; do aws securityhub disable-security-hub --region $r; done',
    );
    expect(afterDelegation).toContain('every account of the organization (aws organizations list-accounts)');
  });

  test('[securityhub-api-removes-administrator-in-one-region] [securityhub-api-removal-keeps-organizations-registration] the management account removes the designation in every Region, and from Organizations, first', () => {
    const deregister =
      'aws organizations deregister-delegated-administrator --account-id 333333333333 --service-principal securityhub.amazonaws.com';
    expect(at(deregister)).toBeLessThan(at('batch-disable-standards'));
    expect(afterDelegation).toContain('removed it in eu-west-1 only');
  });

  test('[securityhub-disabled-hub-leaves-failed-config-rules] standards off, then no rule of Security Hub left, then Security Hub off; the Terraform follow-up last', () => {
    expect(at('batch-disable-standards')).toBeLessThan(at("CreatedBy=='securityhub.amazonaws.com'"));
    expect(at("CreatedBy=='securityhub.amazonaws.com'")).toBeLessThan(at('disable-security-hub --region'));
    expect(at('disable-security-hub --region')).toBeLessThan(at('terraform -chdir=/out/stacks/audit plan -destroy'));
    // In the audit account's home Region the follow-up does it, after the standards are off.
    expect(afterDelegation).toContain('in the audit account, leave out eu-west-1');
    expect(afterDelegation).toContain(
      `terraform -chdir=/out/stacks/audit plan -destroy -input=false -out=/plans/04a-audit.tfplan -target=${deferredAddresses(stack('audit'))[0]}`,
    );
    // Nothing is left for after every plan: each step has its plan to wait for.
    expect(afterPlanLines(undefined, steps, followUps)).toEqual([]);
  });
});

describe('cdktf-audit-logging decommission', () => {
  test('with a stand-in for terraform: the audit plan targets all but the hub; removal.md puts its follow-up after audit-delegation', async () => {
    const planDir = tempDir('decommission-plans');
    const log = path.join(tempDir('decommission-log'), 'terraform.log');
    const result = await runCliInProcess(['decommission', '--out', out, '--plan-dir', planDir], {
      env: {
        TERRAFORM_BIN: FAKE_TERRAFORM,
        FAKE_TF_LOG: log,
        FAKE_TF_MS: '1',
      },
    });
    expect(result.status).toBe(0);
    const plans = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { stack: string; command: string; args?: string[] })
      .filter((l) => l.command === 'plan');
    const auditPlan = plans.find((l) => l.stack === 'audit')?.args ?? [];
    const hub = deferredAddresses(stack('audit'))[0];
    expect(auditPlan).not.toContain(`-target=${hub}`);
    expect(auditPlan.filter((a) => a.startsWith('-target=')).sort()).toEqual(
      removalTargets(stack('audit')).map((a) => `-target=${a}`),
    );
    // The follow-up is not planned now: its plan would be stale once the audit plan is applied.
    expect(plans.filter((l) => l.stack === 'audit')).toHaveLength(1);
    const guide = fs.readFileSync(path.join(planDir, 'removal.md'), 'utf8');
    const delegation = guide.indexOf('. audit-delegation\n');
    const followUp = guide.indexOf('### Then: audit, Security Hub in the audit account');
    const guardrails = guide.indexOf('. guardrails\n');
    expect(delegation).toBeGreaterThan(0);
    expect(followUp).toBeGreaterThan(delegation);
    expect(guardrails).toBeGreaterThan(followUp);
    expect(guide).toContain(`-target=${hub}`);
    expect(result.stdout).toMatch(
      new RegExp(`then audit \\(${hub.replace('.', '\\.')}\\), planned once this is applied`),
    );
  });

  test('an unknown stack is a usage error naming the stacks there are; --help says it applies nothing', async () => {
    const unknown = await runCliInProcess(['decommission', 'member-nobody', '--out', out]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no synthesized stack member-nobody; the stacks are: ');
    const help = await runCliInProcess(['decommission', '--help']);
    expect(help.stdout).toContain('It applies nothing.');
  });
});
