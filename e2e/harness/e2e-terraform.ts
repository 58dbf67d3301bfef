import * as path from 'path';
import { Terraform } from '../../packages/cli/toolkit/terraform/terraform';

/** The terraform the suites run when the caller chose none (its header says why). */
export const TERRAFORM_LOCK_WITHOUT_HASHES = path.join(__dirname, 'terraform-lock-without-hashes.sh');

/**
 * The Terraform of an end-to-end suite: the caller's `TERRAFORM_BIN` when set, else
 * {@link TERRAFORM_LOCK_WITHOUT_HASHES}, which runs the terraform on PATH and drops the provider's
 * checksums from the lock file after each `init`. Sets `TERRAFORM_BIN` in this process, so that the
 * CLI commands the suite starts run the same one.
 */
export function findE2eTerraform(): Terraform {
  process.env.TERRAFORM_BIN ||= TERRAFORM_LOCK_WITHOUT_HASHES;
  return Terraform.find();
}
