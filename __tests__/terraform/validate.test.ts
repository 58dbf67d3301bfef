import * as os from 'os';
import * as path from 'path';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../support/synth';
import { Terraform, ValidateResult } from '../../modules/terraform-cli/terraform';

/*
 * terraform validate of every stack of every shipped config, offline: one init and one validate
 * per stack (the slow part of the suite), as many at once as the machine has cores, since jest
 * runs this file on one of them. A missing terraform fails the suite; it never skips.
 */
const terraform = Terraform.find();

const stacks = SHIPPED_CONFIGS.flatMap((file) => {
  const outdir = tempDir(`validate-${path.basename(file, '.json')}`);
  return synthConfig(shippedConfig(file), outdir).map((dir) => [`${file}: ${path.basename(dir)}`, dir] as const);
});

const results = new Map<string, ValidateResult>();

beforeAll(async () => {
  const queue = stacks.map(([, dir]) => dir);
  const worker = async (): Promise<void> => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      results.set(dir, await terraform.validateAsync(dir, { timeoutSeconds: 300 }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, os.cpus().length) }, worker));
}, 900_000);

test(`terraform ${terraform.version} is the version this product targets`, () => {
  expect(terraform.version).toMatch(/^1\.(1[1-9]|[2-9]\d)\./);
});

test.each(stacks)('%s is valid', (_name, dir) => {
  const result = results.get(dir);
  expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result?.valid).toBe(true);
});
