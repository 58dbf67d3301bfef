import * as path from 'path';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../support/synth';
import { Terraform } from '../../modules/terraform-cli/terraform';

/*
 * terraform validate of every stack of every shipped config, offline: one init and one validate
 * per stack (the slow part of the suite). A missing terraform fails the suite; it never skips.
 */
const terraform = Terraform.find();

const stacks = SHIPPED_CONFIGS.flatMap((file) => {
  const outdir = tempDir(`validate-${path.basename(file, '.json')}`);
  return synthConfig(shippedConfig(file), outdir).map((dir) => [`${file}: ${path.basename(dir)}`, dir] as const);
});

test(`terraform ${terraform.version} is the version this product targets`, () => {
  expect(terraform.version).toMatch(/^1\.(1[1-9]|[2-9]\d)\./);
});

test.each(stacks)('%s is valid', (_name, dir) => {
  const result = terraform.validate(dir);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.valid).toBe(true);
});
