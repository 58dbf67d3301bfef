import { Command } from 'commander';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
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
  const { writeDeployRole } = await import('../../toolkit/actions/deploy-role-action');
  await writeDeployRole({
    config: configFileOption(options.config),
    out: outDirOption(options.out),
    dir: options.dir,
    bootstrapRole: options.bootstrapRole,
  });
  return EXIT.ok;
}
