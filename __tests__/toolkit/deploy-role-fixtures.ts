import * as fs from 'fs';
import * as path from 'path';
import type { RecordedCall } from '../../e2e/harness/moto';

/* What deploy-role.test.ts and deploy-role.integration.test.ts share. */

/** The recorded local run (__tests__/fixtures/deploy-role): the calls it made, and its stacks. */
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'deploy-role');

/** The config of the recorded local run (discover's, with the walkthrough's edits). */
export const FIXTURE_CONFIG = path.join(FIXTURE, 'audit.config.json');

/** The stacks of the recorded local run, as that run synthesized them. */
export const RECORDED_STACKS = path.join(FIXTURE, 'stacks');

/** The organization of the recorded local run (its management account). */
export const FIXTURE_OWNER = { managementAccountId: '900000000001' };

/** Every distinct call the recorded local run's deploy role sessions made. */
export function recordedCalls(): RecordedCall[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE, 'calls.json'), 'utf8')) as RecordedCall[];
}

/**
 * examples/full.config.json: the trail is made by a delegated administrator (210000000003) and the
 * management account is 210000000001.
 */
export const FULL_OWNER = { managementAccountId: '210000000001' };

/** The organization trail of examples/full.config.json, whose ARN names the management account. */
export const FULL_TRAIL_ARN = 'arn:aws:cloudtrail:eu-central-1:210000000001:trail/acme-org-trail';

/** A CloudTrail call the delegated administrator of examples/full.config.json makes on the organization's stack. */
export const delegatedCall = (operation: string, hints: Record<string, string>): RecordedCall => ({
  accessKey: 'ASIARECORDED',
  accountId: '210000000003',
  roleArn: 'arn:aws:iam::210000000003:role/OrganizationAccountAccessRole',
  sessionName: 'cdktf-audit-organization',
  region: 'eu-central-1',
  signingName: 'cloudtrail',
  service: 'cloudtrail',
  operation,
  hints,
  count: 1,
});
