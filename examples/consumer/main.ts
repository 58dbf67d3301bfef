/*
 * A platform team's own cdktf app that reuses cdktf-audit-logging by package name. It reads the
 * same organization config, so its names agree with the audit stacks (no remote state), and puts
 * a stack of its own into the log archive account with the same provider, backend and tag rules.
 *
 * In your repository: `npm install cdktf-audit-logging cdktf constructs @cdktf/provider-aws`.
 * Here the import resolves to this repository's build (`npm run build`) through package.json
 * "exports".
 */
import * as path from 'path';
import { App, TerraformOutput } from 'cdktf';
import { AccountStack, AuditNaming, loadConfig } from 'cdktf-audit-logging';

const config = loadConfig(process.env.AUDIT_CONFIG || path.join(__dirname, '..', '..', 'audit.config.json'));
const naming = AuditNaming.fromConfig(config);

const app = new App();
const stack = new AccountStack(app, 'log-consumers', {
  accountId: config.logArchive.accountId,
  region: config.homeRegion,
  deployRoleName: config.deployment.roleName,
  tags: { ...config.tags, Team: 'observability' },
});
new TerraformOutput(stack, 'central_log_bucket', {
  value: naming.logBucketName,
  description: 'Central audit log bucket, named as the log-archive stack names it.',
});
new TerraformOutput(stack, 'log_key_alias_arn', {
  value: naming.logKeyAliasArn,
  description: 'Alias of the KMS key that encrypts the audit logs.',
});
app.synth();
