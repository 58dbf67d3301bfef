import { LOG_ARCHIVE_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';

/** Every bucket policy of the archive denies requests without TLS. */
function archiveTlsOnly({ archive }: ComplianceEvidence): StackVerdict[] {
  return resourcesOf(archive, 'aws_s3_bucket_policy').map(([address, policy]) =>
    String(policy.policy).includes('"DenyInsecureTransport"')
      ? met(LOG_ARCHIVE_STACK_NAME, [address])
      : missing(LOG_ARCHIVE_STACK_NAME, `${address} has no DenyInsecureTransport`),
  );
}

/** Security Hub S3.5: every bucket policy of the archive refuses requests without TLS. */
export const ARCHIVE_TLS_ONLY: ComplianceRule = {
  id: 'archive-tls-only',
  title: 'Archive buckets refuse requests without TLS',
  cis: [],
  securityHub: ['S3.5'],
  judge: archiveTlsOnly,
};
