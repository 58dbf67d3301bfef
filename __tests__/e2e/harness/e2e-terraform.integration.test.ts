import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findE2eTerraform, TERRAFORM_LOCK_WITHOUT_HASHES } from '../../../e2e/harness/e2e-terraform';
import { tempDir } from '../../support/temp';

/*
 * The terraform the end-to-end suites run: the real Terraform 1.11 (init with the machine's mirror,
 * then a plan that loads the provider from a lock file without checksums), and a stand-in for the
 * exit codes and arguments it passes through.
 */

const PROVIDER_ONLY = {
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
  provider: {
    aws: {
      region: 'us-east-1',
      access_key: 'test',
      secret_key: 'test',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    },
  },
  // One data source, so that the plan starts the provider it loads from the lock file.
  data: { aws_partition: { current: {} } },
  output: { partition: { value: '${data.aws_partition.current.partition}' } },
};

describe('the terraform of the end-to-end suites', () => {
  const saved = process.env.TERRAFORM_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.TERRAFORM_BIN;
    else process.env.TERRAFORM_BIN = saved;
  });

  test('is the script unless the caller chose a terraform, and passes `version` through', () => {
    delete process.env.TERRAFORM_BIN;
    const terraform = findE2eTerraform();
    expect(process.env.TERRAFORM_BIN).toBe(TERRAFORM_LOCK_WITHOUT_HASHES);
    expect(terraform.bin).toBe(TERRAFORM_LOCK_WITHOUT_HASHES);
    expect(terraform.version).toMatch(/^1\.11\./);

    const stub = path.join(tempDir('e2e-terraform-chosen'), 'terraform');
    fs.writeFileSync(stub, '#!/bin/sh\necho \'{"terraform_version":"9.9.9"}\'\n', { mode: 0o755 });
    process.env.TERRAFORM_BIN = stub;
    expect(findE2eTerraform().bin).toBe(stub);
  });

  test("init records the provider's version without its checksums, and Terraform then plans from that lock", async () => {
    delete process.env.TERRAFORM_BIN;
    const terraform = findE2eTerraform();
    const dir = tempDir('e2e-terraform-lock');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(PROVIDER_ONLY));
    const options = { timeoutSeconds: 120 };

    const init = await terraform.exec(dir, ['init', '-backend=false', '-input=false'], options);
    expect(init.code).toBe(0);
    const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain('provider "registry.terraform.io/hashicorp/aws"');
    expect(lock).toMatch(/version\s+= "5\.100\.0"/);
    expect(lock).not.toContain('hashes');
    expect(lock).not.toContain('h1:');

    const plan = await terraform.exec(dir, ['plan', '-input=false', '-lock=false'], options);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('partition = "aws"');
  }, 120_000);

  test('passes every other command, its arguments and its exit code through, and leaves a failed init alone', () => {
    const dir = tempDir('e2e-terraform-stub');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    // A stand-in terraform on PATH: writes a lock with checksums on init, echoes its arguments,
    // exits with STUB_STATUS.
    fs.writeFileSync(
      path.join(bin, 'terraform'),
      [
        '#!/bin/sh',
        'if [ "$1" = init ]; then printf \'provider "x" {\\n  version = "1"\\n  hashes = [\\n    "h1:abc=",\\n  ]\\n}\\n\' > .terraform.lock.hcl; fi',
        'echo "args: $*"',
        'exit "${STUB_STATUS:-0}"',
      ].join('\n'),
      { mode: 0o755 },
    );
    const run = (args: string[], status: number) =>
      spawnSync(TERRAFORM_LOCK_WITHOUT_HASHES, args, {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, STUB_STATUS: String(status) },
      });
    const lockFile = path.join(dir, '.terraform.lock.hcl');

    const failedInit = run(['init', '-input=false'], 1);
    expect(failedInit.status).toBe(1);
    expect(fs.readFileSync(lockFile, 'utf8')).toContain('h1:abc=');

    const init = run(['init', '-input=false'], 0);
    expect(init.status).toBe(0);
    expect(init.stdout).toBe('args: init -input=false\n');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('provider "x" {\n  version = "1"\n}\n');

    fs.writeFileSync(lockFile, 'kept\n  hashes = [\n  ]\n');
    const plan = run(['plan', '-out=plan with space', '-input=false'], 2);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toBe('args: plan -out=plan with space -input=false\n');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('kept\n  hashes = [\n  ]\n');
  });
});
