import * as fs from 'fs';
import * as path from 'path';
import {
  batchNumbers,
  batchOf,
  COMMENT_LIMIT,
  fitComment,
  MAX_PLAN_JOBS,
} from '../../../packages/cli/toolkit/review/plan-batches';
import {
  canonicalStackJson,
  compareSynths,
  stackChangesMarkdown,
  stackDigest,
  stacksToPlan,
} from '../../../packages/cli/toolkit/review/stack-changes';
import { deploymentWaves } from '../../../modules/core/deployment-order';
import { stackJson, writeSynth } from '../../support/fake-synth';
import { tempDir } from '../../support/temp';

describe('which stacks a change touches', () => {
  test('key order and cdktf metadata are not meaning; values and addresses are', () => {
    const json = stackJson('member-a');
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    const otherMetadata = { ...json, '//': { metadata: { stackName: 'member-a', version: '0.22.0' } } };
    expect(canonicalStackJson(reordered)).toBe(canonicalStackJson(json));
    expect(canonicalStackJson(otherMetadata)).toBe(canonicalStackJson(json));
    const renamed = stackJson('member-a', { resources: { aws_s3_bucket: { logs2: { bucket: 'member-a-logs' } } } });
    const changedValue = stackJson('member-a', { resources: { aws_s3_bucket: { logs: { bucket: 'other' } } } });
    expect(canonicalStackJson(renamed)).not.toBe(canonicalStackJson(json));
    expect(canonicalStackJson(changedValue)).not.toBe(canonicalStackJson(json));
    // Array order is meaning (a list of statements, of Regions).
    expect(canonicalStackJson({ a: [1, 2] })).not.toBe(canonicalStackJson({ a: [2, 1] }));
  });

  test('compares head with base: changed, unchanged, added, removed with what destroying it takes', () => {
    const base = writeSynth(tempDir('changes-base'), {
      'log-archive': stackJson('log-archive'),
      'member-a': stackJson('member-a'),
      'member-b': stackJson('member-b'),
      'member-gone': stackJson('member-gone', {
        resources: {
          aws_s3_bucket: { kept: { bucket: 'x', lifecycle: { prevent_destroy: true } }, other: { bucket: 'y' } },
          aws_kms_key: { key: { lifecycle: { prevent_destroy: true } } },
        },
      }),
    });
    const head = writeSynth(tempDir('changes-head'), {
      'member-b': stackJson('member-b', { regions: ['eu-west-1', 'us-east-1'] }),
      'member-a': { ...stackJson('member-a'), '//': { metadata: { version: 'other' } } },
      'log-archive': stackJson('log-archive'),
      'member-new': stackJson('member-new'),
    });
    const changes = compareSynths(head, base);
    expect(changes.map(({ stack, kind }) => `${stack} ${kind}`)).toEqual([
      'log-archive unchanged',
      'member-a unchanged',
      'member-b changed',
      'member-gone removed',
      'member-new added',
    ]);
    expect(stacksToPlan(changes)).toEqual(['member-b', 'member-new']);
    expect(changes.find(({ kind }) => kind === 'removed')?.removal).toEqual({
      resources: 3,
      protectedAddresses: ['aws_s3_bucket.kept', 'aws_kms_key.key'],
      command: 'terraform -chdir=cdktf.out/stacks/member-gone destroy',
    });
    const markdown = stackChangesMarkdown(changes);
    expect(markdown).toContain('## Removed stacks');
    expect(markdown).toContain(
      '- `member-gone`: 3 resources, `terraform -chdir=cdktf.out/stacks/member-gone destroy`; Terraform refuses until `prevent_destroy` is lifted on `aws_s3_bucket.kept`, `aws_kms_key.key`',
    );
    expect(markdown).toContain('## Unchanged stacks (2, not planned)');
    expect(markdown).toContain('`log-archive`, `member-a`');
  });

  test('a base folder without a synth says how to make one', () => {
    const head = writeSynth(tempDir('changes-head-only'), { 'member-a': stackJson('member-a') });
    expect(() => compareSynths(head, tempDir('changes-empty'))).toThrow(/holds no synth \(no manifest.json\)/);
  });

  test('the digest is of the meaning: the same for a reformatted file', () => {
    const dir = tempDir('digest');
    const json = stackJson('member-a');
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    const compact = stackDigest(dir);
    fs.writeFileSync(
      path.join(dir, 'cdk.tf.json'),
      JSON.stringify(Object.fromEntries(Object.entries(json).reverse()), null, 4),
    );
    expect(stackDigest(dir)).toBe(compact);
    expect(compact).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('deployment waves', () => {
  test('log archive, then the organization-level stacks, then the members', () => {
    expect(deploymentWaves(['member-b', 'guardrails', 'member-a', 'organization', 'log-archive'])).toEqual([
      ['log-archive'],
      ['organization', 'guardrails'],
      ['member-a', 'member-b'],
    ]);
    expect(deploymentWaves(['member-a'])).toEqual([['member-a']]);
  });
});

describe('pull-request batches and comment', () => {
  const stacks = Array.from({ length: 1003 }, (_, i) => `stack-${i}`);

  test('at most 20 batches whatever the size, and together they plan every stack once', () => {
    expect(batchNumbers(stacks.length)).toHaveLength(MAX_PLAN_JOBS);
    expect(batchNumbers(3)).toEqual([1, 2, 3]);
    expect(batchNumbers(0)).toEqual([]);
    const batches = batchNumbers(stacks.length).map((batch) => batchOf(stacks, batch, MAX_PLAN_JOBS));
    expect(batches.flat().sort()).toEqual([...stacks].sort());
    const sizes = batches.map((batch) => batch.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // The heavy stacks at the head of the order go to different jobs.
    expect(batchOf(['log-archive', 'organization', 'guardrails', 'member-a'], 1, 3)).toEqual([
      'log-archive',
      'member-a',
    ]);
    expect(() => batchOf(stacks, 21, 20)).toThrow('batch 21/20: give i/n with 1 <= i <= n');
  });

  test('a summary that fits is the comment as it is', () => {
    expect(fitComment('<!-- m -->', '# S\n\n## A\n\ntext\n', 'See the artifact.')).toBe(
      '<!-- m -->\n# S\n\n## A\n\ntext\n',
    );
  });

  test('a summary that does not fit is cut at a whole section, with a note that says where the rest is', () => {
    const sections = Array.from(
      { length: 400 },
      (_, i) => `## member-${i}\n\n${'| `aws_s3_bucket.x` | update | `tags` |\n'.repeat(10)}`,
    );
    const summary = `# Terraform plan summary\n\n## Needs attention\n\nNothing.\n\n${sections.join('\n')}`;
    expect(summary.length).toBeGreaterThan(COMMENT_LIMIT);
    const comment = fitComment('<!-- m -->', summary, 'The full summary is in the `plan-summary` artifact.');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment.startsWith('<!-- m -->\n# Terraform plan summary\n\n## Needs attention')).toBe(true);
    expect(comment).toMatch(
      /\*\*\d+ of 402 sections of the summary do not fit in one comment\*\* \(GitHub allows 65,536 characters\)\. The full summary is in the `plan-summary` artifact\.\n$/,
    );
    // Whole sections only: the last kept one ends with its table row.
    const kept = comment.slice(0, comment.indexOf('\n\n---\n'));
    expect(kept.endsWith('| `aws_s3_bucket.x` | update | `tags` |')).toBe(true);
  });

  test('a first section larger than a comment is cut to fit', () => {
    const summary = `# Terraform plan summary\n\n${'x'.repeat(COMMENT_LIMIT * 2)}`;
    const comment = fitComment('<!-- m -->', summary, 'See the artifact.');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toContain('See the artifact.');
  });
});
