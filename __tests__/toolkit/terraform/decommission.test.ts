import * as fs from 'fs';
import * as path from 'path';
import {
  addressesOf,
  keptAddresses,
  keptDestroyed,
  remainsOf,
  removalOrder,
  removalWaves,
  removalTargets,
  type StackJson,
} from '../../../toolkit/terraform/decommission';
import { runCliInProcess } from '../../support/cli';
import { shippedConfig, synthConfig, tempDir } from '../../support/synth';

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
      expect.stringMatching(/^aws_organizations_policy\.guardrails_recorder_/),
      expect.stringMatching(/^aws_organizations_policy\.guardrails_recording_/),
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
  test('the reverse of the deploy waves: audit, the members, the organization-level stacks, the archive, state', () => {
    expect(
      removalOrder([
        'log-archive',
        'member-b',
        'audit',
        'state',
        'organization',
        'guardrails',
        'member-a',
        'audit-delegation',
      ]),
    ).toEqual([
      'audit',
      'member-a',
      'member-b',
      'organization',
      'audit-delegation',
      'guardrails',
      'log-archive',
      'state',
    ]);
    // Only the members' plans share a wave: guardrails waits for the trails and recorders to go.
    expect(removalWaves(['log-archive', 'member-b', 'audit', 'organization', 'guardrails', 'member-a'])).toEqual([
      ['audit'],
      ['member-a', 'member-b'],
      ['organization'],
      ['guardrails'],
      ['log-archive'],
    ]);
  });

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
    // A key with no bucket of its stack to outlive stays until break-glass deletes it.
    expect(remainsOf(stack('organization'), new Date('2026-11-26')).map((r) => r.until)).toEqual([
      'until someone allowed to (break-glass) lifts prevent_destroy and deletes it',
      'until someone allowed to (break-glass) lifts prevent_destroy and deletes it',
    ]);
  });
});

describe('cdktf-audit-logging decommission', () => {
  test('an unknown stack is a usage error naming the stacks there are; --help says it applies nothing', async () => {
    const unknown = await runCliInProcess(['decommission', 'member-nobody', '--out', out]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no synthesized stack member-nobody; the stacks are: ');
    const help = await runCliInProcess(['decommission', '--help']);
    expect(help.stdout).toContain('It applies nothing.');
  });
});
