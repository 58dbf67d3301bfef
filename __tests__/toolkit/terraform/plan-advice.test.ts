import * as path from 'path';
import { planToJson } from '../../../packages/cli/toolkit/terraform/plan';
import { Terraform, TerraformResult } from '../../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../../support/temp';

/*
 * What plan says when Terraform's own words would leave a user guessing: the audit stack planned
 * before its delegation is applied. [securityhub-admin-designation-enables-hub] The audit stack
 * adopts the hub the designation enables, so on a first deploy there is none to import yet.
 */

/** A Terraform whose plan answers `stderr` and exit code 1. */
function failingPlan(stderr: string): Terraform {
  return {
    exec: async (dir: string): Promise<TerraformResult> => ({
      dir,
      code: 1,
      stdout: '',
      stderr,
      timedOut: false,
      seconds: 1,
    }),
  } as unknown as Terraform;
}

const IMPORT_ERROR = [
  'Error: Cannot import non-existent remote object',
  '',
  'While attempting to import an existing object to "aws_securityhub_account.security-hub_0F89CC66", the',
  'provider detected that no object exists with the given id.',
].join('\n');

test('the audit stack planned before its delegation is told to apply audit-delegation first, then plan it', async () => {
  const dir = path.join(tempDir('plan-advice-'), 'audit');
  await expect(
    planToJson(failingPlan(IMPORT_ERROR), dir, path.join(dir, 'audit.json'), { timeoutSeconds: 60 }),
  ).rejects.toThrow(
    "terraform plan stopped: audit adopts the Security Hub that designating its account as Security Hub's administrator " +
      'enables, and there is none yet: apply the audit-delegation stack first (npm run deploy -- audit-delegation, or ' +
      'deploy the other reviewed plans), then plan audit (npm run plan -- audit), review it and deploy it.',
  );
});

test('an import error about another resource keeps Terraform’s own words', async () => {
  const dir = path.join(tempDir('plan-advice-'), 'member-payments');
  const other = IMPORT_ERROR.replace(
    'aws_securityhub_account.security-hub_0F89CC66',
    'aws_config_configuration_recorder.r',
  );
  await expect(
    planToJson(failingPlan(other), dir, path.join(dir, 'member-payments.json'), { timeoutSeconds: 60 }),
  ).rejects.toThrow(/terraform plan exited 1:\n[\s\S]*Cannot import non-existent remote object/);
});
