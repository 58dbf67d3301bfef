import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DASHBOARD_DATASETS } from '../../modules/analytics/quicksight-datasets';
import { DeployRecord } from '../../packages/cli/toolkit/terraform/stack-files';
import { stackNames } from '../../stacks';
import { runCli, runCliInProcess } from '../support/cli';
import { SDK_WARNING_SWITCH } from '../../packages/cli/toolkit/common/node-support';
import { listFiles, ROOT, shippedConfig, synthConfig, tempDir } from '../support/synth';

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const MINIMAL = path.join(ROOT, '__tests__', 'fixtures', 'bare.config.json');
const STARTER_FILES = [
  'audit-deployment.json',
  'manifest.json',
  'stacks/audit-delegation/cdk.tf.json',
  'stacks/audit/cdk.tf.json',
  'stacks/guardrails/cdk.tf.json',
  'stacks/log-archive/cdk.tf.json',
  'stacks/member-log-archive/cdk.tf.json',
  'stacks/member-management/cdk.tf.json',
  'stacks/member-payments-prod/cdk.tf.json',
  'stacks/member-sandbox/cdk.tf.json',
  'stacks/member-security-tooling/cdk.tf.json',
  'stacks/organization/cdk.tf.json',
];

const STARTER_STACKS = STARTER_FILES.filter((file) => file.startsWith('stacks/')).map((file) => file.split('/')[1]);

/** A config file with the given problems, in a new folder. */
function badConfig(): string {
  const file = path.join(tempDir('bad'), 'audit.json');
  fs.writeFileSync(file, '{\n  "trial": {},\n  "homeRegion": "eu-wset-1"\n}\n');
  return file;
}

describe('synth of the full example', () => {
  const config = shippedConfig('examples/full.config.json');
  const [first, second] = [tempDir('det-a'), tempDir('det-b')];
  beforeAll(() => {
    synthConfig(config, first);
    synthConfig(structuredClone(config), second);
  });

  test('is deterministic: the same config gives byte-identical output', () => {
    const files = listFiles(first);
    expect(listFiles(second)).toEqual(files);
    for (const file of files) {
      expect(fs.readFileSync(path.join(second, file)).equals(fs.readFileSync(path.join(first, file)))).toBe(true);
    }
  });

  test('has the columnar copy table, its daily schedule, and the QuickSight data source and datasets', () => {
    const stack = JSON.parse(fs.readFileSync(path.join(first, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8'));
    const resources = (type: string): Record<string, any>[] => Object.values(stack.resource[type] ?? {});
    const { analytics } = config;

    const copy = resources('aws_glue_catalog_table').find((t) => t.name === `${analytics.tableName}_columnar`);
    expect(copy?.open_table_format_input).toEqual({ iceberg_input: { metadata_operation: 'CREATE', version: '2' } });

    const schedules = resources('aws_scheduler_schedule');
    expect(schedules.map((s) => s.schedule_expression)).toEqual([analytics.columnarCopy?.schedule]);
    expect(schedules[0].target.arn).toBe('arn:aws:scheduler:::aws-sdk:athena:startQueryExecution');
    expect(JSON.parse(schedules[0].target.input).QueryString).toContain(
      `INSERT INTO ${analytics.databaseName}.${copy?.name}`,
    );

    const principals = analytics.quickSight === false ? [] : analytics.quickSight.principals;
    const sources = resources('aws_quicksight_data_source');
    expect(sources.map((s) => s.parameters)).toEqual([{ athena: { work_group: analytics.workgroupName } }]);
    expect(sources[0].permission.map((p: { principal: string }) => p.principal)).toEqual(principals);
    const dataSets = resources('aws_quicksight_data_set');
    expect(dataSets.map((d) => d.data_set_id).sort()).toEqual(
      Object.keys(DASHBOARD_DATASETS)
        .map((name) => `audit-logs-${name}`)
        .sort(),
    );
    for (const dataSet of dataSets) {
      expect(dataSet.permissions.map((p: { principal: string }) => p.principal)).toEqual(principals);
      expect(dataSet.physical_table_map[0].custom_sql.sql_query).toContain(`${analytics.databaseName}.${copy?.name}`);
    }
  });
});

describe('cdktf-audit-logging synth', () => {
  test('writes one cdk.tf.json per stack, lists the stacks, and prints nothing on stderr', () => {
    const out = path.join(tempDir('cli'), 'out');
    const result = runCli(['synth', '--config', STARTER, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `${STARTER}: 10 stacks written to ${out}/stacks\n` +
        '  log-archive\n  organization\n  guardrails\n  audit-delegation\n  member-management\n  member-log-archive\n  member-security-tooling\n  member-payments-prod\n  member-sandbox\n  audit\n' +
        `next: npm run plan -- --out ${out} (each stack's plan), npm run plan-summary to review them, then npm run deploy (docs/deploying.md)\n`,
    );
    expect(listFiles(out)).toEqual(STARTER_FILES);
  });

  test('reads audit.config.json in the working directory by default, and AUDIT_CONFIG and CDKTF_OUTDIR', async () => {
    const dir = tempDir('cli-default');
    fs.copyFileSync(path.join(ROOT, '__tests__', 'fixtures', 'bare.config.json'), path.join(dir, 'audit.config.json'));
    expect((await runCliInProcess(['synth'], { cwd: dir })).status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort()).toEqual([
      'guardrails',
      'log-archive',
      'organization',
    ]);
    // What the synth was made from, which plan copies into each plan's record (plan-summary compares).
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'audit-deployment.json'), 'utf8')).config).toEqual({
      file: 'audit.config.json',
      sha256: createHash('sha256')
        .update(fs.readFileSync(path.join(dir, 'audit.config.json')))
        .digest('hex'),
    });

    const out = path.join(dir, 'elsewhere');
    expect(
      (await runCliInProcess(['synth'], { cwd: dir, env: { AUDIT_CONFIG: STARTER, CDKTF_OUTDIR: out } })).status,
    ).toBe(0);
    expect(listFiles(out)).toEqual(STARTER_FILES);
  });

  test('a bad config prints every problem once, exits 2, and leaves the output untouched', async () => {
    const configFile = badConfig();
    const existing = path.join(path.dirname(configFile), 'out');
    fs.mkdirSync(path.join(existing, 'stacks', 'log-archive'), { recursive: true });
    fs.writeFileSync(path.join(existing, 'stacks', 'log-archive', 'cdk.tf.json'), 'previous');
    const fresh = path.join(path.dirname(configFile), 'fresh');

    // The binary itself once (a real process's exit code, no stack trace), the same code in process once.
    for (const [out, runner] of [
      [existing, runCli],
      [fresh, runCliInProcess],
    ] as const) {
      const result = await runner(['synth', '--config', configFile, '--out', out]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split(`${configFile}: 5 problems; nothing was synthesized.`)).toHaveLength(2);
      expect(result.stderr).toContain('trial (line 2, column 3): unknown key; did you mean "trail"?');
      expect(result.stderr).toContain(
        'homeRegion (line 3, column 17): "eu-wset-1" is not an AWS Region; did you mean "eu-west-1"?',
      );
      expect(result.stderr).not.toContain('    at '); // no stack trace for a user error
    }
    expect(listFiles(existing)).toEqual(['stacks/log-archive/cdk.tf.json']);
    expect(fs.readFileSync(path.join(existing, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8')).toBe('previous');
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readdirSync(path.dirname(configFile)).sort()).toEqual(['audit.json', 'out']); // no staging folder left
  });

  test('a YAML file is told to be JSON, in one problem', async () => {
    const file = path.join(tempDir('yaml'), 'audit.config.yaml');
    fs.writeFileSync(file, '# my org\norganization:\n  id: o-abc\n');
    const result = await runCliInProcess(['synth', '--config', file, '--out', path.join(path.dirname(file), 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: 1 problem; nothing was synthesized.`);
    expect(result.stderr).toContain('the config must be JSON, and this file looks like YAML');
  });

  test('keeps what Terraform wrote in a stack folder, and warns about a removed stack the deploy record has', async () => {
    const out = path.join(tempDir('cli-stale'), 'out');
    fs.mkdirSync(path.join(out, 'stacks', 'log-archive', '.terraform'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'log-archive', '.terraform', 'kept'), '');
    fs.mkdirSync(path.join(out, 'stacks', 'member-gone'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'member-gone', 'cdk.tf.json'), '{}');
    new DeployRecord(out).record('member-gone', {
      stackDigest: 'd',
      appliedAt: '2026-11-20T10:00:00.000Z',
      seconds: 9,
    });
    const result = await runCliInProcess(['synth', '--config', STARTER, '--out', out]);
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(out, 'stacks', 'log-archive', '.terraform', 'kept'))).toBe(true);
    expect(result.stderr).toBe(
      `WARN ${out}/stacks/member-gone is no longer produced by the config. Its resources stay deployed: destroy them ` +
        `with \`terraform -chdir=${out}/stacks/member-gone destroy\` (review the plan), then delete the folder.\n`,
    );
  });

  test('an output folder on another file system (a mount point) gets the files copied, twice over', async () => {
    const parent = tempDir('cli-exdev');
    const out = path.join(parent, 'out');
    // rename(2) across file systems fails with EXDEV: the staging folder is in the output's parent.
    const realRename = fs.renameSync;
    const rename = jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (!String(to).startsWith(`${out}${path.sep}`)) return realRename(from, to);
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    try {
      // The first synth moves whole stack folders, the second files into folders already there.
      const first = await runCliInProcess(['synth', '--config', STARTER, '--out', out]);
      expect(first.status).toBe(0);
      expect(listFiles(out)).toEqual(STARTER_FILES);
      const second = await runCliInProcess(['synth', '--config', STARTER, '--out', out]);
      expect(second.status).toBe(0);
      expect(listFiles(out)).toEqual(STARTER_FILES);
      expect(rename.mock.calls.filter(([, to]) => String(to).startsWith(out)).length).toBeGreaterThan(10);
    } finally {
      rename.mockRestore();
    }
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test("the README's steps (the starter, then a smaller config) deployed nothing: no stack is said to stay deployed", async () => {
    const out = path.join(tempDir('cli-removed'), 'out');
    expect((await runCliInProcess(['synth', '--config', STARTER, '--out', out])).status).toBe(0);
    const result = await runCliInProcess(['synth', '--config', MINIMAL, '--out', out]);
    expect(result.status).toBe(0);
    const removed = STARTER_STACKS.filter((stack) => !['log-archive', 'organization', 'guardrails'].includes(stack));
    expect(result.stderr.split('\n').filter((line) => line.includes('no longer produced'))).toEqual(
      removed
        .sort()
        .map(
          (stack) =>
            `${out}/stacks/${stack} is no longer produced by the config, and nothing here shows it was deployed ` +
            '(no deploy record, plan or local state in this folder): if it was deployed from elsewhere (CI, ' +
            'another clone), destroy it there; otherwise delete the folder.',
        ),
    );
    expect(result.stderr).not.toContain('terraform -chdir');
  });

  test('a removed stack with a deploy log, a saved plan or local state with resources stays deployed', async () => {
    const dir = tempDir('cli-removed-state');
    const out = path.join(dir, 'out');
    expect((await runCliInProcess(['synth', '--config', STARTER, '--out', out])).status).toBe(0);
    fs.mkdirSync(path.join(out, 'logs'));
    fs.writeFileSync(path.join(out, 'logs', 'member-sandbox.deploy.log'), 'Apply complete!\n');
    fs.mkdirSync(path.join(out, 'plans'));
    fs.writeFileSync(path.join(out, 'plans', 'member-management.tfplan'), '');
    // Where the stack's local backend keeps its state: terraform.<stack>.tfstate beside the out folder.
    const state = (resources: unknown[]) => JSON.stringify({ version: 4, resources });
    fs.writeFileSync(path.join(dir, 'terraform.member-payments-prod.tfstate'), state([{ type: 'aws_s3_bucket' }]));
    // A state with no resource left (destroyed) is no evidence.
    fs.writeFileSync(path.join(dir, 'terraform.member-log-archive.tfstate'), state([]));
    const result = await runCliInProcess(['synth', '--config', MINIMAL, '--out', out]);
    expect(result.status).toBe(0);
    const staying = result.stderr
      .split('\n')
      .filter((line) => line.includes('Its resources stay deployed'))
      .map((line) => /stacks\/([\w-]+) /.exec(line)?.[1]);
    expect(staying).toEqual(['member-management', 'member-payments-prod', 'member-sandbox']);
    expect(result.stderr).toContain(
      `${out}/stacks/member-log-archive is no longer produced by the config, and nothing`,
    );
  });

  test('lists the first 20 stacks and counts the rest', async () => {
    const dir = tempDir('many');
    const base = JSON.parse(fs.readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'bare.config.json'), 'utf8'));
    const members = Array.from({ length: 21 }, (_, i) => ({
      name: `team-${i}`,
      accountId: String(400000000000 + i),
    }));
    fs.writeFileSync(path.join(dir, 'audit.config.json'), JSON.stringify({ ...base, members }));
    const result = await runCliInProcess(['synth'], { cwd: dir });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('audit.config.json: 24 stacks written to cdktf.out/stacks');
    expect(lines.slice(1, -2)).toHaveLength(20);
    expect(lines.at(-2)).toBe('  ... and 4 more (the manifest lists them all)');
    // The default output folder needs no --out; from a folder that installs nothing, the package from npx.
    expect(lines.at(-1)).toBe(
      "next: npx @audit-logging/cdktf-cli plan (each stack's plan), npx @audit-logging/cdktf-cli plan-summary to review them, " +
        'then npx @audit-logging/cdktf-cli deploy (docs/deploying.md)',
    );
  });

  test('prints the config warnings once, with their stack', async () => {
    const file = path.join(tempDir('warn'), 'audit.json');
    const config = JSON.parse(fs.readFileSync(STARTER, 'utf8'));
    fs.writeFileSync(
      file,
      JSON.stringify({ ...config, alarms: { emails: ['sec@example.com'], controls: [], evasion: [] } }),
    );
    const result = await runCliInProcess(['synth', '--config', file, '--out', path.join(path.dirname(file), 'out')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'WARN [organization] alarms.controls: is [], and so are alarms.evasion and alarms.custom, so no alarm exists to notify the 1 ' +
        'address(es) in alarms.emails; set controls to "cis" (or a list of control ids), or remove the addresses\n',
    );
  });
});

describe('the app cdktf.json runs (cdktf synth, and the synth of cdktf diff and cdktf deploy)', () => {
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  /**
   * Runs cdktf.json's app as the cdktf CLI does (cdktf-cli 0.21.0, lib/synth-stack.js): through a
   * shell, with CDKTF_OUTDIR and CDKTF_CONTEXT_JSON, here without credentials or a home that has any.
   */
  const runApp = (env: Record<string, string>) =>
    spawnSync(app, {
      shell: true,
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: tempDir('app-home'),
        CDKTF_CONTEXT_JSON: '{}',
        // The run's note of a Node.js past its end of life is said once, by the run (global-setup.ts).
        [SDK_WARNING_SWITCH]: process.env[SDK_WARNING_SWITCH] ?? '',
        ...env,
      },
      encoding: 'utf8',
    });

  test('writes what synth writes, the config and its digest included, and names the role when no credentials are set', () => {
    const outdir = tempDir('app-env');
    const result = runApp({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: STARTER });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(listFiles(outdir)).toEqual(STARTER_FILES);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'audit-deployment.json'), 'utf8'))).toEqual({
      config: { file: STARTER, sha256: createHash('sha256').update(fs.readFileSync(STARTER)).digest('hex') },
      stacks: stackNames(shippedConfig('examples/starter.config.json')),
    });
    const viaSynth = tempDir('app-synth');
    expect(runCli(['synth', '--config', STARTER, '--out', viaSynth]).status).toBe(0);
    for (const file of STARTER_FILES) {
      expect([file, fs.readFileSync(path.join(outdir, file), 'utf8')]).toEqual([
        file,
        fs.readFileSync(path.join(viaSynth, file), 'utf8'),
      ]);
    }
    // cdktf diff or deploy runs next, not npm run plan; without credentials it would stop at the
    // provider's words, so the note says which role they must reach first.
    expect(result.stdout).not.toContain('next: npm run plan');
    expect(result.stdout).toContain(
      "note: this environment holds no AWS credentials. cdktf diff and cdktf deploy run Terraform next, and each stack's " +
        'provider assumes OrganizationAccountAccessRole (deployment.roleName) in its own account',
    );
    expect(result.stdout).toContain('aws sts get-caller-identity');
  });

  test('says nothing of credentials when the environment has some', () => {
    const result = runApp({
      CDKTF_OUTDIR: tempDir('app-credentials'),
      AUDIT_CONFIG: STARTER,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('note:');
  });

  test('a bad config exits 2 with every problem and writes nothing', () => {
    const outdir = path.join(tempDir('app-bad'), 'out');
    const result = runApp({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: badConfig() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('5 problems; nothing was synthesized.');
    expect(result.stderr).toContain('organization (line 1, column 1): is required');
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a missing config file stops with its path', () => {
    const outdir = path.join(tempDir('missing'), 'out');
    const result = runApp({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: 'no-such-config.json' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-config.json');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
