import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../modules/org-config/load';
import {
  MOTO_SHARED_CONFIG_FILE,
  motoOverride,
  motoSharedConfig,
  writeMotoOverride,
} from '../../../e2e/harness/override';
import { synthConfig, tempDir } from '../../support/synth';
import { E2E_CONFIG, releaseWorkflow } from './harness-fixtures';

/*
 * The pieces of npm run e2e, checked without moto, that start a process: the e2e config synthesized
 * whole (cdktf's synth runs `terraform version`), and the release workflow's tag check run by bash.
 * The others are in harness.test.ts.
 */

describe('moto override', () => {
  const dirs = synthConfig(loadConfig(E2E_CONFIG), tempDir('e2e-override'));
  const stacks = new Map(
    dirs.map((dir) => [path.basename(dir), JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'))]),
  );

  test('the e2e config turns every feature on: every stack, replication, data events, insights', () => {
    expect([...stacks.keys()].sort()).toEqual([
      'guardrails',
      'log-archive',
      'member-acquired',
      'member-log-archive',
      'member-management',
      'member-security-tooling',
      'member-workloads',
      'organization',
    ]);
    const config = loadConfig(E2E_CONFIG);
    expect(config.logArchive.replication).not.toBeNull();
    expect(config.trail.insights).toBe(true);
    expect(config.logArchive.readerAccountIds.length).toBeGreaterThan(0);
    const switches = ['awsConfig', 'standaloneTrail', 'sessionManagerLogs', 'sessionManagerKmsEncryption'] as const;
    for (const name of switches) expect(config.members.some((member) => member[name])).toBe(true);
    expect(config.members.some((member) => !member.inOrganization)).toBe(true);
    expect(config.members.some((member) => member.vpcFlowLogs.length > 0)).toBe(true);
  });

  test('every provider, aliases included, calls moto through the shared config file with test credentials; assume_role stays', () => {
    for (const [name, stack] of stacks) {
      const override = motoOverride(stack, 'http://127.0.0.1:5000', `/state/${name}.tfstate`, '/s/moto.cfg') as any;
      const aliases = (stack.provider.aws as { alias?: string }[]).map((p) => p.alias);
      expect(override.provider.aws.map((p: { alias?: string }) => p.alias)).toEqual(aliases);
      for (const provider of override.provider.aws) {
        expect(provider.access_key).toBe('test');
        expect(provider.s3_use_path_style).toBe(true);
        expect(provider.assume_role).toBeUndefined();
        expect(provider.shared_config_files).toEqual(['/s/moto.cfg']);
        expect(provider.profile).toBe('moto');
        // No endpoints block: it costs each provider process about 3.5 CPU-seconds (override.ts).
        expect(provider.endpoints).toBeUndefined();
      }
      expect(override.terraform.backend).toEqual({ local: { path: `/state/${name}.tfstate` } });
    }
  });

  test("the shared config file sends every service to moto: the profile's endpoint_url, no service section", () => {
    expect(motoSharedConfig('http://127.0.0.1:5000')).toBe('[profile moto]\nendpoint_url = http://127.0.0.1:5000\n');
    const dir = tempDir('e2e-override-written');
    fs.copyFileSync(path.join(dirs[0], 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
    writeMotoOverride(dir, 'http://127.0.0.1:5001', '/state/x.tfstate');
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'moto_override.tf.json'), 'utf8'));
    const file = path.join(dir, MOTO_SHARED_CONFIG_FILE);
    expect(written.provider.aws[0].shared_config_files).toEqual([file]);
    expect(fs.readFileSync(file, 'utf8')).toBe(motoSharedConfig('http://127.0.0.1:5001'));
  });

  test('trails are applied with logging off (moto 5.2.1 fails StartLogging), and only trails change', () => {
    const organization = motoOverride(stacks.get('organization'), 'http://x', 's', '/c') as any;
    expect(Object.values(organization.resource.aws_cloudtrail)).toEqual([{ enable_logging: false }]);
    expect(Object.keys(organization.resource)).toEqual(['aws_cloudtrail']);
    expect((motoOverride(stacks.get('log-archive'), 'http://x', 's', '/c') as any).resource).toBeUndefined();
  });

  test("with 's3', the stack's own S3 backend (bucket, key, lock file, role) goes to moto; local state is refused", () => {
    const s3Stack = {
      terraform: {
        backend: {
          s3: {
            bucket: 'b',
            key: 'p/s.tfstate',
            use_lockfile: true,
            assume_role: { role_arn: 'arn:aws:iam::1:role/r' },
          },
        },
      },
    };
    const backend = (motoOverride(s3Stack, 'https://127.0.0.1:9', 's3', '/c') as any).terraform.backend;
    expect(backend).toEqual({
      s3: expect.objectContaining({
        bucket: 'b',
        key: 'p/s.tfstate',
        use_lockfile: true,
        assume_role: { role_arn: 'arn:aws:iam::1:role/r' },
        endpoints: { s3: 'https://127.0.0.1:9', sts: 'https://127.0.0.1:9' },
        use_path_style: true,
      }),
    });
    expect(() => motoOverride(stacks.get('log-archive'), 'http://x', 's3', '/c')).toThrow(
      /synthesized with local state/,
    );
  });
});

describe('.github/workflows/release.yml', () => {
  const { runs } = releaseWorkflow();

  test('refuses a tag that is not the package version, or a version the CHANGELOG does not describe', () => {
    const check = runs.find((run) => run.includes('GITHUB_REF_NAME')) ?? '';
    const bash = (ref: string, version: string, changelog: string) => {
      const dir = tempDir('release');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version }));
      fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
      return spawnSync('bash', ['-e', '-c', check], { cwd: dir, env: { ...process.env, GITHUB_REF_NAME: ref } }).status;
    };
    expect(bash('v1.2.3', '1.2.3', '# Changelog\n\n## 1.2.3 (2026-11-22)\n')).toBe(0);
    expect(bash('v1.2.4', '1.2.3', '# Changelog\n\n## 1.2.3 (2026-11-22)\n')).toBe(1);
    expect(bash('v1.2.3', '1.2.3', '# Changelog\n\n## 1.2.2 (2026-11-01)\n')).toBe(1);
  });
});
