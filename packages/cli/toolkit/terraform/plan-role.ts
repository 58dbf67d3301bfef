/**
 * Read-only plans: a Terraform override file, written beside a synthesized stack for the length of
 * one plan, that makes every AWS provider of the stack assume the plan role of its account instead
 * of the deploy role. The account, session name and every other provider setting stay as
 * synthesized. A plan made so cannot be applied (Terraform applies with the configuration it
 * planned with, override included), and deploy refuses it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The override file's name: Terraform merges `*_override.tf.json` over the stack's own files. */
export const PLAN_ROLE_OVERRIDE_FILE = 'audit_plan_role_override.tf.json';

interface ProviderJson {
  readonly alias?: string;
  readonly assume_role?: readonly { role_arn?: string; session_name?: string }[];
}

/** The override for a stack: each AWS provider's assume_role with the role name replaced. */
export function planRoleOverride(stack: { provider?: { aws?: readonly ProviderJson[] } }, roleName: string): object {
  const providers = (stack.provider?.aws ?? []).map((provider) => {
    const assumed = provider.assume_role?.[0];
    const match = /^(arn:[^:]+:iam::\d{12}:role\/).+$/.exec(assumed?.role_arn ?? '');
    if (assumed === undefined || match === null) {
      throw new Error(
        `provider aws${provider.alias === undefined ? '' : `.${provider.alias}`} assumes no role ARN; read-only plans need one`,
      );
    }
    return {
      ...(provider.alias === undefined ? {} : { alias: provider.alias }),
      assume_role: [{ ...assumed, role_arn: `${match[1]}${roleName}` }],
    };
  });
  return { provider: { aws: providers } };
}

/** Writes the override into `stackDir`; returns a function that removes it. */
export function writePlanRoleOverride(stackDir: string, roleName: string): () => void {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    provider?: { aws?: ProviderJson[] };
  };
  const file = path.join(stackDir, PLAN_ROLE_OVERRIDE_FILE);
  fs.writeFileSync(file, `${JSON.stringify(planRoleOverride(stack, roleName), null, 2)}\n`);
  return () => fs.rmSync(file, { force: true });
}
