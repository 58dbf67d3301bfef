import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { synthesizedStacksOf } from '../../toolkit/synth/synthesized-stacks';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { loadCheckedConfig } from '../../toolkit/common/config-warnings';
import { pathAsGiven } from '../../toolkit/common/path-as-given';
import { ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME } from '@audit-logging/cdktf/toolkit-api/core';

interface DeployRoleOptions {
  readonly config?: string;
  readonly out?: string;
  readonly dir: string;
  readonly bootstrapRole?: string;
}

/**
 * `cdktf-audit-logging deploy-role`: the least-privilege policy of the deploy role, per stack and per
 * account, and a bootstrap stack per account that creates the role with it.
 */
export function deployRoleCommand(): Command {
  return new Command('deploy-role')
    .description(
      "Derive the deploy role's least-privilege policy from the synthesized stacks, per stack and account, and write a stack per account that creates the role.",
    )
    .option('--config <file>', 'the config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option('-o, --out <dir>', 'where synth wrote the stacks (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--dir <dir>', 'where the policies and bootstrap stacks go', 'deploy-role.out')
    .option(
      '--bootstrap-role <name>',
      'the administrator role the bootstrap stacks are applied with (default: deployment.bootstrapRoleName, OrganizationAccountAccessRole)',
    )
    .addHelpText(
      'after',
      `
Reads the config and the synthesized stacks (run synth first); calls nothing in AWS. For each stack,
the IAM actions the AWS provider calls to create, read, update, tag and delete each of its resource
types, scoped to the stack's account and Regions (S3 to its buckets) where AWS allows it, and
iam:PassRole held to the services its roles are passed to. Writes, under --dir:
  policies/<stack>.json             the policy of one stack
  policies/account-<id>.json        the union for the role of one account
  stacks/deploy-role-<id>/cdk.tf.json  a stack that creates deployment.roleName in the account with
                                    that policy, trusted by deployment.deployRoleTrustedPrincipalArns
                                    (default: the management account), applied with --bootstrap-role
  deploy-role.md                    what each account's role and each stack needs
deployment.roleName must name the new role, not ${ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME} (the administrator it replaces).
Bootstrap order and what it cannot grant: docs/deploy-role.md. Exit 0, or 2 for a bad config or option.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging deploy-role
  $ terraform -chdir=deploy-role.out/stacks/deploy-role-111111111111 init && terraform -chdir=deploy-role.out/stacks/deploy-role-111111111111 apply`,
    )
    .action(async (options: DeployRoleOptions) => {
      process.exitCode = await deployRole(options);
    });
}

async function deployRole(options: DeployRoleOptions): Promise<number> {
  const { deployPolicy } = await import('../../toolkit/deploy-role/deploy-policy');
  const { accountPolicies, deployRoleMarkdown } = await import('../../toolkit/deploy-role/deploy-role-report');
  const configFile = configFileOption(options.config);
  const config = await loadCheckedConfig(configFile);
  const roleName = config.deployment.roleName;
  const bootstrapRole = options.bootstrapRole ?? config.deployment.bootstrapRoleName;
  if (bootstrapRole !== config.deployment.bootstrapRoleName) {
    throw new UsageError(
      `--bootstrap-role ${bootstrapRole} is not deployment.bootstrapRoleName ${config.deployment.bootstrapRoleName}: the ` +
        'guardrails let only deployment.bootstrapRoleName change the deploy role, so a bootstrap stack applied with ' +
        `another role is refused once they are on. Set deployment.bootstrapRoleName to ${bootstrapRole}, synth and apply ` +
        'the guardrails stack, or leave --bootstrap-role out',
    );
  }
  if (roleName === ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME || roleName === bootstrapRole) {
    throw new UsageError(
      `deployment.roleName is ${roleName}, the administrator role the least-privilege role replaces: name the new role ` +
        '(for example "audit-logging-deploy") in deployment.roleName, synth again, then run deploy-role',
    );
  }
  const out = outDirOption(options.out);
  const policies = (await synthesizedStacksOf(out, configFile, config)).map((stack) =>
    deployPolicy(stack, JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as never, {
      managementAccountId: config.organization.managementAccountId,
    }),
  );
  const accounts = accountPolicies(policies);

  const { App } = await import('cdktf');
  const { DeployRoleStack } = await import('@audit-logging/cdktf/stacks');
  // Everything is written to a new folder first and moved into place, so a failure leaves --dir as it was.
  const dir = path.resolve(options.dir);
  const staging = `${dir}.new-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging });
    const managedPolicies = new Map<string, number>();
    for (const account of accounts) {
      const stack = new DeployRoleStack(app, config, {
        accountId: account.accountId,
        statements: account.document.Statement as never,
        bootstrapRoleName: bootstrapRole,
      });
      managedPolicies.set(account.accountId, stack.deployRole.policies.length);
    }
    app.synth();
    fs.mkdirSync(path.join(staging, 'policies'), { recursive: true });
    for (const policy of policies) {
      fs.writeFileSync(
        path.join(staging, 'policies', `${policy.stack}.json`),
        `${JSON.stringify(policy.document, null, 2)}\n`,
      );
    }
    for (const account of accounts) {
      fs.writeFileSync(
        path.join(staging, 'policies', `account-${account.accountId}.json`),
        `${JSON.stringify(account.document, null, 2)}\n`,
      );
    }
    fs.writeFileSync(
      path.join(staging, 'deploy-role.md'),
      deployRoleMarkdown(roleName, policies, accounts, managedPolicies),
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    for (const account of accounts) {
      process.stdout.write(
        `${account.accountId}: ${account.stacks.join(', ')}: ${account.actions.length} actions in ` +
          `${managedPolicies.get(account.accountId)} managed ${managedPolicies.get(account.accountId) === 1 ? 'policy' : 'policies'}\n`,
      );
    }
    process.stdout.write(
      `${pathAsGiven(options.dir, dir)}/deploy-role.md, policies/ and stacks/: docs/deploy-role.md says what to apply first\n`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return EXIT.ok;
}
