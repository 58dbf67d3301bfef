import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir } from '../../support/synth';
import { Terraform, ValidateDiagnostic } from '../../../packages/cli/toolkit/terraform/terraform';
import { App } from 'cdktf';
import { AuditDelegation } from '../../../modules/audit-account';
import { OrganizationConfigAggregator, OrganizationConfigRules } from '../../../modules/aws-config';
import { SecurityHubCentralConfiguration } from '../../../modules/security-hub';
import { AccountStack } from '../../../modules/deployment/account-stack';
import { DeployRole } from '../../../modules/deployment/deploy-role';

/*
 * terraform validate of every stack of every shipped config, offline. Stacks that differ only in
 * account ids and their own name (members with the same switches, for one) are the same
 * configuration to Terraform: one validate answers for all of them. Each distinct stack is a module
 * of a root configuration, so that Terraform loads the 700 MB provider's schema once per root, not
 * once per stack: that took 21 validates of about 6 CPU-seconds each; two roots, one per core, now
 * validate them all at once. Every diagnostic names the file it is about, so each error is
 * attributed to its stack; one without a file counts against every stack of its root. A missing
 * terraform fails the suite; it never skips.
 */
const terraform = Terraform.find();

const stacks = SHIPPED_CONFIGS.flatMap((file) => {
  const outdir = tempDir(`validate-${path.basename(file, '.json')}`);
  return synthConfig(shippedConfig(file), outdir).map((dir) => [`${file}: ${path.basename(dir)}`, dir] as const);
});

/**
 * The audit account's constructs, which no shipped config uses yet: an audit stack over three
 * Regions and one over a single Region (the finding aggregator then links none), and the
 * management account's delegation.
 */
const auditConstructStacks = (() => {
  const outdir = tempDir('validate-audit-constructs');
  const app = new App({ outdir });
  for (const [name, regions] of [
    ['audit', ['eu-west-1', 'eu-central-1', 'us-east-1']],
    ['audit-one-region', ['eu-west-1']],
  ] as const) {
    const stack = new AccountStack(app, name, { accountId: '555555555555', region: 'eu-west-1' });
    new OrganizationConfigAggregator(stack, 'aggregator', { regions });
    new OrganizationConfigRules(stack, 'rules', {
      regions: regions.map((region) => ({ region, provider: stack.providerForRegion(region) })),
    });
    new SecurityHubCentralConfiguration(stack, 'security-hub', { organizationId: 'o-abcdefghij', regions });
  }
  const management = new AccountStack(app, 'audit-delegation', { accountId: '111111111111', region: 'eu-west-1' });
  new AuditDelegation(management, 'delegation', { auditAccountId: '555555555555', organizationId: 'o-abcdefghij' });
  // The deploy role with a policy too large for one managed policy: two policies and attachments.
  const deploy = new AccountStack(app, 'deploy-role', { accountId: '111111111111', region: 'eu-west-1' });
  new DeployRole(deploy, 'deploy-role', {
    roleName: 'audit-logging-deploy',
    trustedPrincipals: ['arn:aws:iam::111111111111:role/pipeline'],
    statements: Array.from({ length: 40 }, (_, i) => ({
      Sid: `Scoped${i}`,
      Effect: 'Allow' as const,
      Action: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:GetBucketVersioning', 's3:PutBucketVersioning'],
      Resource: [`arn:aws:s3:::audit-logging-example-bucket-${i}`, `arn:aws:s3:::audit-logging-example-bucket-${i}/*`],
    })),
  });
  app.synth();
  return ['audit', 'audit-one-region', 'audit-delegation', 'deploy-role'].map(
    (name) => [`audit account constructs: ${name}`, path.join(outdir, 'stacks', name)] as const,
  );
})();

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

/** The error diagnostics of each validated stack directory. */
const errors = new Map<string, ValidateDiagnostic[]>();

/**
 * A copy of the first stack with one resource given an argument its type does not have: its error
 * must be filed under the copy alone, which proves the attribution that the tests below rely on.
 */
const broken = tempDir('validate-broken');
{
  const tf = JSON.parse(fs.readFileSync(path.join(stacks[0][1], 'cdk.tf.json'), 'utf8'));
  const [, byName] = Object.entries(tf.resource as Record<string, Record<string, Record<string, unknown>>>)[0];
  Object.values(byName)[0].no_such_argument = true;
  fs.writeFileSync(path.join(broken, 'cdk.tf.json'), JSON.stringify(tf));
}

beforeAll(async () => {
  const distinct = [broken, ...new Set(representative.values()), ...auditConstructStacks.map(([, dir]) => dir)];
  const roots = Math.max(2, os.cpus().length);
  await Promise.all(
    Array.from({ length: roots }, async (_, r) => {
      const dirs = distinct.filter((_dir, i) => i % roots === r);
      const found = await terraform.validateTogether(dirs, tempDir('validate-root'), { timeoutSeconds: 600 });
      for (const [dir, diagnostics] of found) errors.set(dir, diagnostics);
    }),
  );
}, 900_000);

test(`terraform ${terraform.version} is the version this product targets`, () => {
  expect(terraform.version).toMatch(/^1\.(1[1-9]|[2-9]\d)\./);
});

test('stacks are grouped only with stacks identical but for account ids and names', () => {
  const distinct = new Set(representative.values()).size;
  expect(distinct).toBeGreaterThan(stacks.length / 2);
  expect(distinct).toBeLessThan(stacks.length);
});

test('an error is filed under the stack it is in, and under no other', () => {
  expect(errors.get(broken)?.map((d) => d.summary)).toEqual(['Extraneous JSON object property']);
  expect(errors.get(stacks[0][1])).toEqual([]);
});

test.each(stacks)('%s is valid', (_name, dir) => {
  expect(errors.get(representative.get(dir) ?? dir)).toEqual([]);
});

test.each(auditConstructStacks)('%s is valid', (_name, dir) => {
  expect(errors.get(dir)).toEqual([]);
});
