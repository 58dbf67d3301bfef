import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { ROOT, tempDir } from '../support/synth';

/*
 * docs/troubleshooting.md quotes the real messages: each case here runs the command that produces
 * one, in a fresh folder shown as /home/you/audit, and the page must contain its output verbatim.
 */
const SHOWN_DIR = '/home/you/audit';
const DIGEST = path.join(
  ROOT,
  '__tests__/fixtures/cloudtrail/log-files/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.awsdocs-example.json',
);

interface Case {
  readonly title: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly status: number;
  /** Which stream the page quotes. */
  readonly stream: 'stderr' | 'stdout';
  /** Synthesize the folder's config before running the command. */
  readonly synthFirst?: boolean;
}

const starter = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8'));
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const CASES: readonly Case[] = [
  {
    title: 'a config with mistakes',
    files: {
      'audit.config.json':
        '{\n  "organization": { "id": "o-abcdefghij", "managementAccountId": 111111111111 },\n' +
        '  "homeRegion": "eu-west-1",\n  "governedRegions": ["eu-west-1"],\n  "trial": {},\n' +
        '  "logArchive": { "accountId": "222222222222", "bucketName": "Bad_Name" }\n}\n',
    },
    args: ['synth'],
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'a YAML config',
    files: { 'audit.config.yaml': 'organization:\n  id: o-abcdefghij\n' },
    args: ['synth', '--config', 'audit.config.yaml'],
    status: 2,
    stream: 'stderr',
  },
  { title: 'no config', args: ['synth'], status: 2, stream: 'stderr' },
  {
    title: 'expiry before Object Lock retention ends',
    files: {
      'audit.config.json': json({
        ...starter,
        logArchive: {
          ...starter.logArchive,
          retention: { ...starter.logArchive.retention, expireAfterDays: 400 },
          objectLock: { mode: 'COMPLIANCE', days: 3650 },
        },
      }),
    },
    args: ['synth'],
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'e-mail subscribers with no alarm',
    files: {
      'audit.config.json': json({
        ...starter,
        alarms: { emails: ['security@example.com'], controls: [], evasion: [] },
      }),
    },
    args: ['synth'],
    status: 0,
    stream: 'stderr',
  },
  {
    title: 'a deployed stack the config no longer has',
    files: {
      'audit.config.json': json(starter),
      'cdktf.out/stacks/member-retired/cdk.tf.json': '{}',
      'cdktf.out/deploy-record.json': json({
        'member-retired': { stackDigest: 'd', appliedAt: '2026-11-20T10:00:00.000Z', seconds: 9 },
      }),
    },
    args: ['synth'],
    status: 0,
    stream: 'stderr',
  },
  {
    title: 'a stack the config no longer has, never deployed',
    files: {
      'audit.config.json': json(starter),
      'cdktf.out/stacks/member-trial/cdk.tf.json': '{}',
      // An earlier synth of ours wrote it (of the starter, before discover's config).
      'cdktf.out/audit-deployment.json': JSON.stringify({ stacks: ['member-trial'] }),
    },
    args: ['synth'],
    status: 0,
    stream: 'stderr',
  },
  { title: 'plan before synth', args: ['plan'], status: 2, stream: 'stderr' },
  {
    title: 'a provider mirror without the provider',
    files: { 'audit.config.json': json(starter), 'mirror/README': '' },
    args: ['plan'],
    env: { TF_PLUGIN_MIRROR: 'mirror', CDKTF_OUTDIR: '' },
    synthFirst: true,
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'a read-only plan without a plan role',
    files: { 'audit.config.json': json(starter) },
    args: ['plan', '--read-only'],
    synthFirst: true,
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'changed stacks without a base synth',
    files: { 'audit.config.json': json(starter) },
    args: ['plan', '--changed'],
    synthFirst: true,
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'verify-logs without public keys',
    files: { 'copy/README': '' },
    args: ['verify-logs', 'copy'],
    status: 2,
    stream: 'stderr',
  },
  {
    title: 'test-filters given a digest file',
    files: { 'digest.json': fs.readFileSync(DIGEST, 'utf8') },
    args: ['test-filters', 'digest.json'],
    status: 2,
    stream: 'stderr',
  },
  { title: 'a mistyped option', args: ['synth', '--confg', 'org.json'], status: 2, stream: 'stderr' },
];

const CLONE_SCRIPTS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: object })
  .scripts;

describe('docs/troubleshooting.md', () => {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'troubleshooting.md'), 'utf8');

  test.each(CASES.map((c) => [c.title, c] as const))('quotes the message for %s', async (_title, c) => {
    const dir = tempDir('trouble');
    // The page shows a clone: the advice a command prints names the repository's npm scripts.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: CLONE_SCRIPTS }));
    for (const [file, text] of Object.entries(c.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    if (c.synthFirst === true) expect((await runCliInProcess(['synth'], { cwd: dir })).status).toBe(0);
    const result = await runCliInProcess(c.args, { cwd: dir, env: c.env });
    expect(result.status).toBe(c.status);
    // The page shows a clone's working folder: the repository's examples/ is beside it there.
    const shown = result[c.stream]
      .split(dir)
      .join(SHOWN_DIR)
      .split(path.relative(dir, path.join(ROOT, 'examples')))
      .join('examples')
      .trimEnd();
    expect(shown).not.toBe('');
    expect(
      page.includes(`\`\`\`text\n$ cdktf-audit-logging ${c.args.join(' ')}\n${shown}\n\`\`\``) ? 'quoted' : shown,
    ).toBe('quoted');
  });
});
