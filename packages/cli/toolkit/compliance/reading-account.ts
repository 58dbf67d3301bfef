import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';

/*
 * Whose credentials a live compliance read used, and whether that account can see the organization.
 * Security Hub's findings of every member and the AWS Config aggregator of the organization live in
 * the audit account (the delegated administrator of both, audit-delegation's stack). Read with any
 * other account's credentials, GetFindings answers with that account's own findings only and the
 * aggregator is not found: a report that looks like the organization's and is one account's.
 */

/** The account whose credentials made the reads: its id, or why it is not known. */
export type ReadingAccount = { readonly accountId: string } | { readonly unknown: string };

/** The account of the environment's credentials (STS GetCallerIdentity in `region`, which needs no permission). */
export async function readingAccount(region: string): Promise<ReadingAccount> {
  try {
    const identity = await new STSClient(sdkClientOptions(region, 3)).send(new GetCallerIdentityCommand({}));
    return identity.Account === undefined ? { unknown: 'STS named no account' } : { accountId: identity.Account };
  } catch (error) {
    return { unknown: sdkErrorMessage(error) };
  }
}

/**
 * What to tell the reader when the credentials are not the audit account's, where the
 * organization's findings and aggregator are; undefined when they are, or when the config has no
 * audit account (then the reader names the aggregator and knows where it is).
 */
export function readingAccountAdvice(config: OrgConfig, reading: ReadingAccount): string | undefined {
  const audit = config.audit;
  if (audit === undefined || audit === false) return undefined;
  if ('accountId' in reading && reading.accountId === audit.accountId) return undefined;
  const whose =
    'accountId' in reading
      ? `these credentials are of account ${reading.accountId}, not the audit account ${audit.accountId} (audit.accountId)`
      : `the account of these credentials could not be read (${reading.unknown}), so they may not be the audit account's ${audit.accountId} (audit.accountId)`;
  return (
    `${whose}: Security Hub shows another account only its own findings, and the organization's AWS Config ` +
    `aggregator is in the audit account. Run compliance --live with the audit account's credentials ` +
    `(its read-only role: AWS_PROFILE=<audit profile>), or the report covers what this account sees, not the organization`
  );
}
