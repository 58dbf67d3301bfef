import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../support/synth';
import { Terraform, ValidateResult } from '../../modules/terraform-cli/terraform';

/*
 * terraform validate of every stack of every shipped config, offline: one init and one validate
 * per distinct stack (the slow part of the suite), as many at once as the machine has cores, since
 * jest runs this file on one of them. Stacks that differ only in account ids and their own name
 * (members with the same switches, for one) are the same configuration to Terraform: one validate
 * answers for all of them. A missing terraform fails the suite; it never skips.
 */
const terraform = Terraform.find();

const stacks = SHIPPED_CONFIGS.flatMap((file) => {
  const outdir = tempDir(`validate-${path.basename(file, '.json')}`);
  return synthConfig(shippedConfig(file), outdir).map((dir) => [`${file}: ${path.basename(dir)}`, dir] as const);
});

/** The stack's configuration with its account ids and its name taken out. */
function shape(dir: string): string {
  const name = path.basename(dir);
  return fs
    .readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')
    .split(name)
    .join('<stack>')
    .replace(/\d{12}/g, '<account>');
}

/** Each stack's directory -> the directory of the first stack of its shape, which is validated. */
const representative = new Map<string, string>();
{
  const firstOfShape = new Map<string, string>();
  for (const [, dir] of stacks) {
    const key = shape(dir);
    if (!firstOfShape.has(key)) firstOfShape.set(key, dir);
    representative.set(dir, firstOfShape.get(key) ?? dir);
  }
}

const results = new Map<string, ValidateResult>();

beforeAll(async () => {
  const queue = [...new Set(representative.values())];
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

test('stacks are grouped only with stacks identical but for account ids and names', () => {
  const distinct = new Set(representative.values()).size;
  expect(distinct).toBeGreaterThan(stacks.length / 2);
  expect(distinct).toBeLessThan(stacks.length);
});

test.each(stacks)('%s is valid', (_name, dir) => {
  const result = results.get(representative.get(dir) ?? dir);
  expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result?.valid).toBe(true);
});
