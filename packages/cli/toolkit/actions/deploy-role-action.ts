import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { loadCheckedConfig } from '../common/config-warnings';
import { pathAsGiven } from '../common/path-as-given';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { DeployPolicy } from '../deploy-role/deploy-policy';
import type { AccountDeployPolicy } from '../deploy-role/deploy-role-report';
import { synthesizedStacksOf } from '../synth/synthesized-stacks';

/** A role name the deploy role cannot take, or a bootstrap role the guardrails would refuse (exit 2). */
export class DeployRoleInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Options of {@link writeDeployRole}. */
export interface DeployRoleOptions {
  /** The organization config file. */
  readonly config: string;
  /** The synth output folder of that config. */
  readonly out: string;
  /** The folder the policies, bootstrap stacks and report go to (replaced whole, or left as it was). */
  readonly dir: string;
  /**
   * The administrator role the bootstrap stacks are applied with.
   * @default - deployment.bootstrapRoleName
   */
  readonly bootstrapRole?: string;
}

/** What {@link writeDeployRole} wrote for each account. */
export interface DeployRoleAccount extends AccountDeployPolicy {
  /** The managed policies the account's role holds its statements in. */
  readonly managedPolicies: number;
}

/** What {@link writeDeployRole} derived and wrote. */
export interface DeployRoleResult {
  /** Each stack's policy. */
  readonly policies: readonly DeployPolicy[];
  /** Each account's role: its stacks, actions and managed policies. */
  readonly accounts: readonly DeployRoleAccount[];
  /** The folder written, absolute. */
  readonly dir: string;
}

/** The bootstrap role to apply with, refusing names the deploy role or the guardrails cannot take. */
function checkedRoles(config: OrgConfig, asked: string | undefined): string {
  const roleName = config.deployment.roleName;
  const bootstrapRole = asked ?? config.deployment.bootstrapRoleName;
  if (bootstrapRole !== config.deployment.bootstrapRoleName) {
    throw new DeployRoleInputError(
      `--bootstrap-role ${bootstrapRole} is not deployment.bootstrapRoleName ${config.deployment.bootstrapRoleName}: the ` +
        'guardrails let only deployment.bootstrapRoleName change the deploy role, so a bootstrap stack applied with ' +
        `another role is refused once they are on. Set deployment.bootstrapRoleName to ${bootstrapRole}, synth and apply ` +
        'the guardrails stack, or leave --bootstrap-role out',
    );
  }
  if (roleName === ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME || roleName === bootstrapRole) {
    throw new DeployRoleInputError(
      `deployment.roleName is ${roleName}, the administrator role the least-privilege role replaces: name the new role ` +
        '(for example "audit-logging-deploy") in deployment.roleName, synth again, then run deploy-role',
    );
  }
  return bootstrapRole;
}

/** `policies/`, the bootstrap stacks and `deploy-role.md`, written into `staging`; each account's managed policies. */
async function writeFolder(
  staging: string,
  config: OrgConfig,
  bootstrapRole: string,
  policies: readonly DeployPolicy[],
  accounts: readonly AccountDeployPolicy[],
): Promise<Map<string, number>> {
  const { App } = await import('cdktf');
  const { DeployRoleStack } = await import('@audit-logging/cdktf/stacks');
  const { deployRoleMarkdown } = await import('../deploy-role/deploy-role-report');
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
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  for (const policy of policies) {
    fs.writeFileSync(path.join(staging, 'policies', `${policy.stack}.json`), json(policy.document));
  }
  for (const account of accounts) {
    fs.writeFileSync(path.join(staging, 'policies', `account-${account.accountId}.json`), json(account.document));
  }
  fs.writeFileSync(
    path.join(staging, 'deploy-role.md'),
    deployRoleMarkdown(config.deployment.roleName, policies, accounts, managedPolicies),
  );
  return managedPolicies;
}

/**
 * The deploy-role action: the deploy role's least-privilege policy, derived from the synthesized
 * stacks, per stack and per account, and a stack per account that creates the role with it; calls
 * nothing in AWS. Everything is written to a new folder first and moved into place, so a failure
 * leaves `dir` as it was. Says what each account's role holds through `io`.
 * @throws DeployRoleInputError for role names it cannot take; SynthOutputError for a synth of another config
 */
export async function writeDeployRole(
  options: DeployRoleOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<DeployRoleResult> {
  const { deployPolicy } = await import('../deploy-role/deploy-policy');
  const { accountPolicies } = await import('../deploy-role/deploy-role-report');
  const config = await loadCheckedConfig(options.config, io);
  const bootstrapRole = checkedRoles(config, options.bootstrapRole);
  const { out } = options;
  const policies = (await synthesizedStacksOf(out, options.config, config, io)).map((stack) =>
    deployPolicy(stack, JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as never, {
      managementAccountId: config.organization.managementAccountId,
    }),
  );
  const accounts = accountPolicies(policies);
  const dir = path.resolve(options.dir);
  const staging = `${dir}.new-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  let managedPolicies: Map<string, number>;
  try {
    managedPolicies = await writeFolder(staging, config, bootstrapRole, policies, accounts);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const written = accounts.map((account) => ({
    ...account,
    managedPolicies: managedPolicies.get(account.accountId) ?? 0,
  }));
  for (const account of written) {
    io.notify({
      level: 'info',
      text:
        `${account.accountId}: ${account.stacks.join(', ')}: ${account.actions.length} actions in ` +
        `${account.managedPolicies} managed ${account.managedPolicies === 1 ? 'policy' : 'policies'}`,
    });
  }
  io.notify({
    level: 'info',
    text: `${pathAsGiven(options.dir, dir)}/deploy-role.md, policies/ and stacks/: docs/deploy-role.md says what to apply first`,
  });
  return { policies, accounts: written, dir };
}
