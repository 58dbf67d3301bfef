import * as path from 'path';

/** The repository root. Its own module, so that a test that needs only paths loads no stack. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The stand-in for the terraform binary (TERRAFORM_BIN) that plan, deploy and their tests run. */
export const FAKE_TERRAFORM = path.join(__dirname, 'fake-terraform.sh');

/** Terraform's and the AWS provider's output, recorded, that the tests read or replay. */
export const TERRAFORM_FIXTURES = path.join(__dirname, '..', 'fixtures', 'terraform');
