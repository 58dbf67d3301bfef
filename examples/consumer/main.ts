/*
 * A platform team's own cdktf app that installs @audit-logging/cdktf from a tarball (README, "Using
 * the constructs in your own app"; from a registry once released). It does two things:
 *
 * 1. Adds the whole audit product from the organization config, beside the team's own stacks:
 *    `buildStacks(app, loadConfig(...))` gives log-archive, organization, guardrails and one stack
 *    per member, exactly as `npm run synth` in the product's repository does.
 * 2. Builds a stack of its own in the log archive account from two of the constructs: a KMS key and
 *    an encrypted, versioned, TLS-only bucket, named by the same rules as the audit stacks.
 *
 * e2e/suites/package.ts in the product's repository packs the package, installs it here from the
 * npm cache, type-checks this app under tsconfig.json (node16) and tsconfig.cdktf-init.json (what
 * `cdktf init` writes: CommonJS, node10 resolution), synthesizes it, and runs terraform validate on
 * every stack.
 */
import * as path from 'path';
import { App, TerraformOutput } from 'cdktf';
import { AccountStack, AuditNaming, buildStacks, loadConfig } from '@audit-logging/cdktf';
import { AuditKey, keyAdministrationStatement } from '@audit-logging/cdktf/kms';
import { SecureBucket } from '@audit-logging/cdktf/storage';

const config = loadConfig(process.env.AUDIT_CONFIG || path.join(__dirname, 'audit.config.json'));
const naming = AuditNaming.fromConfig(config);
const app = new App();

// 1. The audit product, from the config.
buildStacks(app, config);

// 2. The team's own stack: same account rules, provider, backend and tags as the audit stacks.
const accountId = config.logArchive.accountId;
const stack = new AccountStack(app, 'team-evidence', {
  accountId,
  region: config.homeRegion,
  deployRoleName: config.deployment.roleName,
  tags: { ...config.tags, Team: 'observability' },
});
const key = new AuditKey(stack, 'key', {
  description: 'Encrypts the observability team evidence bucket',
  aliasName: 'alias/team-evidence',
  policyStatements: [keyAdministrationStatement(naming.partition, accountId)],
});
const bucket = new SecureBucket(stack, 'bucket', {
  bucketName: `team-evidence-${accountId}-${config.homeRegion}`,
  kmsKeyArn: key.keyArn,
  lifecycleRules: [
    {
      id: 'expire',
      status: 'Enabled',
      filter: [{}],
      expiration: [{ days: 400 }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
    },
  ],
  policyStatements: [],
});
new TerraformOutput(stack, 'evidence_bucket', { value: bucket.bucketName });
new TerraformOutput(stack, 'central_log_bucket', {
  value: naming.logBucketName,
  description: 'Central audit log bucket, named as the log-archive stack names it.',
});
app.synth();
