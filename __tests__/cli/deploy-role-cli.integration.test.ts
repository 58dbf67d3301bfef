import * as fs from 'fs';
import * as path from 'path';
import { DeployRoleInputError, writeDeployRole } from '../../packages/cli/toolkit/actions/deploy-role-action';
import { RecordingIo } from '../../packages/cli/toolkit/common/toolkit-io';
import { runCli } from '../support/cli';
import { ROOT, tempDir } from '../support/synth';

/** The starter config with `deployment`, written to a new folder, and synthesized there. */
function project(deployment: Record<string, unknown>): string {
  const dir = tempDir('deploy-role-cli');
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8')) as Record<
    string,
    any
  >;
  config.deployment = { ...config.deployment, ...deployment };
  fs.writeFileSync(path.join(dir, 'audit.config.json'), JSON.stringify(config, null, 2));
  const synth = runCli(['synth'], { cwd: dir });
  expect(synth.status).toBe(0);
  return dir;
}

test('refuses to derive a policy for the administrator role it replaces, and writes nothing', () => {
  const dir = project({});
  const result = runCli(['deploy-role'], { cwd: dir });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/deployment\.roleName is OrganizationAccountAccessRole, the administrator role/);
  expect(fs.existsSync(path.join(dir, 'deploy-role.out'))).toBe(false);
});

test("writes each stack's and each account's policy, and a stack per account that creates the role", () => {
  const dir = project({
    roleName: 'audit-logging-deploy',
    deployRoleTrustedPrincipalArns: ['arn:aws:iam::111111111111:role/pipeline'],
  });
  const result = runCli(['deploy-role'], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const out = path.join(dir, 'deploy-role.out');
  const stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
  expect(stacks.length).toBeGreaterThan(1);
  for (const stack of stacks) {
    const accountId = stack.replace('deploy-role-', '');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Record<
      string,
      any
    >;
    // Applied with the administrator role, into its own account only.
    expect(json.provider.aws[0].assume_role[0].role_arn).toBe(
      `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    );
    const role = Object.values(json.resource.aws_iam_role)[0] as Record<string, any>;
    expect(role.name).toBe('audit-logging-deploy');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({
      AWS: ['arn:aws:iam::111111111111:role/pipeline'],
    });
    const account = JSON.parse(fs.readFileSync(path.join(out, 'policies', `account-${accountId}.json`), 'utf8'));
    const attached = Object.values(json.resource.aws_iam_policy).flatMap(
      (p: any) => JSON.parse(p.policy).Statement as unknown[],
    );
    expect(attached).toEqual(account.Statement);
  }
  expect(fs.readFileSync(path.join(out, 'deploy-role.md'), 'utf8')).toMatch(/^# Deploy role `audit-logging-deploy`/);
  expect(result.stdout).toMatch(/: \d+ actions in 1 managed policy\n/);
});

test('says which type the table lacks, and leaves --dir as it was', () => {
  const dir = project({ roleName: 'audit-logging-deploy' });
  const file = path.join(dir, 'cdktf.out', 'stacks', 'log-archive', 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.resource.aws_lambda_function = { f: {} };
  fs.writeFileSync(file, JSON.stringify(json));
  fs.mkdirSync(path.join(dir, 'deploy-role.out'));
  fs.writeFileSync(path.join(dir, 'deploy-role.out', 'kept'), '');
  const result = runCli(['deploy-role'], { cwd: dir });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(
    /stack log-archive holds aws_lambda_function, which toolkit\/deploy-role\/resource-actions\.ts does not list/,
  );
  expect(fs.readdirSync(path.join(dir, 'deploy-role.out'))).toEqual(['kept']);
});

test('refuses a --bootstrap-role the guardrails would not let change the deploy role, and names the field', () => {
  const dir = project({ roleName: 'audit-logging-deploy' });
  const result = runCli(['deploy-role', '--bootstrap-role', 'platform-admin'], { cwd: dir });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(
    /--bootstrap-role platform-admin is not deployment\.bootstrapRoleName OrganizationAccountAccessRole: .*Set deployment\.bootstrapRoleName to platform-admin/,
  );
  expect(fs.existsSync(path.join(dir, 'deploy-role.out'))).toBe(false);
});

describe('the action, through its API (writeDeployRole)', () => {
  test('writes the folder and says, per account, its stacks, actions and managed policies; the lines are the result', async () => {
    const dir = project({ roleName: 'audit-logging-deploy' });
    const io = new RecordingIo();
    const result = await writeDeployRole(
      {
        config: path.join(dir, 'audit.config.json'),
        out: path.join(dir, 'cdktf.out'),
        dir: path.join(dir, 'roles'),
      },
      io,
    );
    expect(result.dir).toBe(path.join(dir, 'roles'));
    expect(result.accounts.length).toBe(fs.readdirSync(path.join(dir, 'roles', 'stacks')).length);
    expect(io.lines('info')).toEqual([
      ...result.accounts.map(
        (a) =>
          `${a.accountId}: ${a.stacks.join(', ')}: ${a.actions.length} actions in ${a.managedPolicies} managed ${a.managedPolicies === 1 ? 'policy' : 'policies'}`,
      ),
      `${path.join(dir, 'roles')}/deploy-role.md, policies/ and stacks/: docs/deploy-role.md says what to apply first`,
    ]);
    expect(result.policies.map((p) => p.stack).sort()).toEqual(
      fs
        .readdirSync(path.join(dir, 'roles', 'policies'))
        .filter((f) => !f.startsWith('account-'))
        .map((f) => f.replace(/\.json$/, ''))
        .sort(),
    );
  });

  test('a bootstrap role other than the config names is refused before anything is written', async () => {
    const dir = project({ roleName: 'audit-logging-deploy' });
    await expect(
      writeDeployRole({
        config: path.join(dir, 'audit.config.json'),
        out: path.join(dir, 'cdktf.out'),
        dir: path.join(dir, 'roles'),
        bootstrapRole: 'SomeAdmin',
      }),
    ).rejects.toThrow(DeployRoleInputError);
    expect(fs.existsSync(path.join(dir, 'roles'))).toBe(false);
  });
});
