import * as fs from 'fs';
import * as path from 'path';
import { INIT_RECORD, initStack } from '../../../packages/cli/toolkit/terraform/stack-init';
import { Terraform } from '../../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../../support/temp';

/*
 * `terraform init` once per stack folder and set of inputs: first against a stand-in that lays out
 * `.terraform` as Terraform does (the provider linked from a mirror, the lock file, a backend
 * record) and logs each init, then once against the real Terraform and provider mirror.
 */

const STAND_IN = `#!/bin/sh
if [ "$1" = version ]; then printf '{"terraform_version":"%s"}' "\${FAKE_VERSION:-1.11.4}"; exit 0; fi
if [ "$1" = init ]; then
  echo init >>"$FAKE_INIT_LOG"
  [ -n "$FAKE_INIT_FAIL" ] && { echo "Error: Failed to query available provider packages" >&2; exit 1; }
  mkdir -p .terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0
  ln -sfn "$FAKE_MIRROR" .terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64
  echo 'provider "registry.terraform.io/hashicorp/aws" { version = "5.100.0" }' >.terraform.lock.hcl
  grep -q '"backend"' cdk.tf.json && echo '{"backend":{"type":"s3"}}' >.terraform/terraform.tfstate
  exit 0
fi
exit 0
`;

const STACK = {
  terraform: {
    required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
    backend: { s3: { bucket: 'state', key: 'member.tfstate', region: 'eu-west-1' } },
  },
  resource: {},
};

function setUp() {
  const root = tempDir('stack-init');
  const bin = path.join(root, 'terraform');
  fs.writeFileSync(bin, STAND_IN, { mode: 0o755 });
  const mirror = path.join(root, 'mirror');
  fs.mkdirSync(mirror);
  const stack = path.join(root, 'stacks', 'member');
  fs.mkdirSync(stack, { recursive: true });
  fs.writeFileSync(path.join(stack, 'cdk.tf.json'), JSON.stringify(STACK));
  const log = path.join(root, 'inits.log');
  fs.writeFileSync(log, '');
  const env = { FAKE_INIT_LOG: log, FAKE_MIRROR: mirror };
  const saved = process.env.TERRAFORM_BIN;
  process.env.TERRAFORM_BIN = bin;
  const terraform = Terraform.find();
  if (saved === undefined) delete process.env.TERRAFORM_BIN;
  else process.env.TERRAFORM_BIN = saved;
  const inits = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  const init = (extra: NodeJS.ProcessEnv = {}) =>
    initStack(terraform, stack, { timeoutSeconds: 30, env: { ...env, ...extra } });
  return { root, bin, mirror, stack, env, terraform, inits, init };
}

describe('initStack', () => {
  test('runs init the first time, then skips it while nothing init reads or wrote has changed', async () => {
    const { stack, inits, init } = setUp();
    expect((await init())?.code).toBe(0);
    expect(inits()).toBe(1);
    expect(fs.existsSync(path.join(stack, INIT_RECORD))).toBe(true);
    // A plan file is not an input of init (a *.tf.json file is: the next test).
    fs.writeFileSync(path.join(stack, 'audit.tfplan'), 'plan');
    expect(await init()).toBeUndefined();
    expect(await init()).toBeUndefined();
    expect(inits()).toBe(1);
  });

  test('runs init again when the stack, an override file, the lock file or the backend record changed', async () => {
    const { stack, inits, init } = setUp();
    await init();
    fs.writeFileSync(path.join(stack, 'cdk.tf.json'), JSON.stringify({ ...STACK, resource: { aws_s3_bucket: {} } }));
    expect((await init())?.code).toBe(0);
    expect(inits()).toBe(2);

    fs.writeFileSync(path.join(stack, 'moto_override.tf.json'), '{}');
    await init();
    expect(inits()).toBe(3);

    fs.appendFileSync(path.join(stack, '.terraform.lock.hcl'), '# edited\n');
    await init();
    expect(inits()).toBe(4);

    // `terraform init -reconfigure` run by hand, against another backend.
    fs.writeFileSync(path.join(stack, '.terraform', 'terraform.tfstate'), '{"backend":{"type":"local"}}');
    await init();
    expect(inits()).toBe(5);
    expect(await init()).toBeUndefined();
    expect(inits()).toBe(5);
  });

  test('runs init again when the provider it linked is gone, or .terraform was deleted', async () => {
    const { root, mirror, stack, inits, init } = setUp();
    await init();
    fs.renameSync(mirror, path.join(root, 'mirror-moved'));
    await init();
    expect(inits()).toBe(2);

    fs.rmSync(path.join(stack, '.terraform'), { recursive: true });
    await init({ FAKE_MIRROR: path.join(root, 'mirror-moved') });
    expect(inits()).toBe(3);
  });

  test('runs init again under another Terraform version, or when the CLI configuration changed', async () => {
    const { root, bin, stack, env, inits, init } = setUp();
    await init();
    const saved = process.env.TERRAFORM_BIN;
    process.env.TERRAFORM_BIN = bin;
    process.env.FAKE_VERSION = '1.12.0';
    const newer = Terraform.find();
    delete process.env.FAKE_VERSION;
    if (saved === undefined) delete process.env.TERRAFORM_BIN;
    else process.env.TERRAFORM_BIN = saved;
    expect(newer.version).toBe('1.12.0');
    await initStack(newer, stack, { timeoutSeconds: 30, env });
    expect(inits()).toBe(2);

    const cliConfig = path.join(root, 'terraformrc');
    fs.writeFileSync(cliConfig, 'provider_installation { direct {} }\n');
    await init({ TF_CLI_CONFIG_FILE: cliConfig });
    expect(inits()).toBe(3);
    fs.writeFileSync(cliConfig, 'provider_installation { network_mirror { url = "https://mirror.example/" } }\n');
    await init({ TF_CLI_CONFIG_FILE: cliConfig });
    expect(inits()).toBe(4);
  });

  test('a failed init is returned and not recorded: the next call runs init again', async () => {
    const { stack, inits, init } = setUp();
    const failed = await init({ FAKE_INIT_FAIL: '1' });
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('Failed to query available provider packages');
    expect(fs.existsSync(path.join(stack, INIT_RECORD))).toBe(false);
    expect((await init())?.code).toBe(0);
    expect(inits()).toBe(2);
  });

  test('always runs init when TF_DATA_DIR moves Terraform data out of the stack folder', async () => {
    const { root, inits, init } = setUp();
    const dataDir = { TF_DATA_DIR: path.join(root, 'data') };
    await init(dataDir);
    await init(dataDir);
    expect(inits()).toBe(2);
  });

  test('with the real Terraform and provider mirror: the second call skips init, and Terraform runs without it', async () => {
    const saved = process.env.TERRAFORM_BIN;
    delete process.env.TERRAFORM_BIN;
    const terraform = Terraform.find();
    if (saved !== undefined) process.env.TERRAFORM_BIN = saved;
    const stack = tempDir('stack-init-real');
    fs.writeFileSync(
      path.join(stack, 'cdk.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
        output: { unchanged: { value: 'yes' } },
      }),
    );
    const options = { timeoutSeconds: 120 };
    expect((await initStack(terraform, stack, options))?.code).toBe(0);
    expect(await initStack(terraform, stack, options)).toBeUndefined();
    // Terraform agrees that nothing is missing: a plan, which checks the lock file against the
    // installed providers and the backend, succeeds without another init.
    const plan = await terraform.exec(stack, ['plan', '-input=false'], options);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);

    // A new provider constraint: Terraform would stop on the lock file; init runs again.
    fs.writeFileSync(
      path.join(stack, 'cdk.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100.0' } } },
        output: { unchanged: { value: 'yes' } },
      }),
    );
    expect((await initStack(terraform, stack, options))?.code).toBe(0);
  });
});
