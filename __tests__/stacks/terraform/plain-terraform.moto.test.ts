import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { writeMotoOverride } from '../../../e2e/harness/override';
import { Terraform } from '../../../packages/cli/toolkit/terraform/terraform';
import { shippedConfig, synthConfig } from '../../support/synth';

/*
 * cdktf was archived on 2025-12-10 (docs/cdktf-archive.md): what synth writes is plain Terraform
 * JSON, and Terraform alone plans it. A member stack of the starter, copied out of the repository,
 * is initialized and planned against moto by the terraform binary with nothing else on its PATH:
 * no node, no cdktf, no package of ours. The only file added is Terraform's own override file that
 * points the provider at moto (as `npm run local` writes it).
 */

const STACK = 'member-sandbox';
let dir: string;
let moto: MotoServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-terraform-'));
  moto = await startMoto(path.join(dir, 'moto.log'));
}, 120_000);

afterAll(async () => {
  await moto?.stop({ quiet: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('terraform alone, without node on its PATH, plans a synthesized stack copied out of the repository', () => {
  const synth = path.join(dir, 'synth');
  synthConfig(shippedConfig('examples/starter.config.json'), synth);
  const stackDir = path.join(dir, 'elsewhere', STACK);
  fs.cpSync(path.join(synth, 'stacks', STACK), stackDir, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, unknown>>;
  };
  writeMotoOverride(stackDir, moto.endpoint, path.join(dir, `${STACK}.tfstate`));
  // A PATH that holds terraform and nothing else: Terraform runs the provider from its own folder.
  const terraform = Terraform.find();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(
    fs.realpathSync(spawnSync('which', [terraform.bin], { encoding: 'utf8' }).stdout.trim()),
    path.join(bin, 'terraform'),
  );
  const env = {
    PATH: bin,
    HOME: dir,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    // The provider mirror's CLI config, when this machine has one (no registry here).
    ...(Terraform.env().TF_CLI_CONFIG_FILE === undefined
      ? {}
      : { TF_CLI_CONFIG_FILE: Terraform.env().TF_CLI_CONFIG_FILE }),
  };
  expect(spawnSync('node', ['--version'], { env }).error).toBeDefined();
  const run = (args: string[]) => spawnSync('terraform', [`-chdir=${stackDir}`, ...args], { env, encoding: 'utf8' });
  const init = run(['init', '-input=false', '-no-color']);
  expect(init.stderr).toBe('');
  expect(init.status).toBe(0);
  const plan = run(['plan', '-input=false', '-no-color']);
  expect(plan.stderr).toBe('');
  expect(plan.status).toBe(0);
  const resources = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
  expect(plan.stdout).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
}, 180_000);
