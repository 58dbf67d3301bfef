import type { ScanAccounts, ScanFinding } from './scan-rule';

/** A finding the pack accepts, with its reason. */
export interface ScanExemption {
  readonly rule: string;
  /** `<stack>/<type>.<name>`, where `*` stands for any run of characters (the address's hash, a member's name). */
  readonly resource: string;
  /** Why it is accepted, or what must change. */
  readonly reason: string;
  /** The id of the AWS fact (modules/core/aws-facts*.ts) the reason rests on, with AWS's page and sentence. */
  readonly awsFact?: string;
  /** A real fault of today's stacks, named by the issue that fixes it: delete the entry with the fix. */
  readonly knownFinding?: 'issue 77';
  /**
   * Accepts the finding only in an account of this kind (the management account, which no SCP
   * restricts; a member outside the organization, which no SCP of it binds).
   * @default - any account
   */
  readonly account?: 'management' | 'outside-organization';
}

/** Whether `exemption` accepts `finding`, given which accounts are of which kind. */
export function exemptionMatches(
  exemption: ScanExemption,
  finding: Pick<ScanFinding, 'rule' | 'stack' | 'address' | 'account'>,
  accounts: ScanAccounts | undefined,
): boolean {
  const pattern = exemption.resource.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  if (exemption.rule !== finding.rule || !new RegExp(`^${pattern}$`).test(`${finding.stack}/${finding.address}`))
    return false;
  if (exemption.account === undefined) return true;
  if (accounts === undefined || finding.account === undefined) return false;
  return exemption.account === 'management'
    ? finding.account === accounts.management
    : accounts.outsideOrganization.includes(finding.account);
}

/**
 * The findings the pack accepts in today's stacks, each with its reason. The pack's test fails on
 * an entry that no example's finding uses any more: delete it with the fix that made it stale.
 */
export const SCAN_EXEMPTIONS: readonly ScanExemption[] = [
  // Trusts of services that send no confused-deputy key when they assume the role.
  {
    rule: 'iam-service-trust-confused-deputy',
    resource: '*/aws_iam_role.trail_delivery-role_*',
    reason:
      'CloudTrail sends neither aws:SourceArn nor aws:SourceAccount when it assumes the role that delivers to CloudWatch Logs: a condition on them would stop delivery.',
    awsFact: 'cloudtrail-logs-role-gets-no-source-keys',
  },
  {
    rule: 'iam-service-trust-confused-deputy',
    resource: 'log-archive/aws_iam_role.analytics_config-crawler_role_*',
    reason:
      "Glue's guide documents no condition key Glue sends when it assumes a crawler's role; only the archive's own principals can give the role to a crawler (iam:PassRole).",
    awsFact: 'glue-crawler-trust-names-the-principal-alone',
  },
  {
    rule: 'iam-service-trust-confused-deputy',
    resource: 'log-archive/aws_iam_role.archive_replication_role_*',
    reason:
      "S3's guide documents no condition key S3 sends when it assumes a replication role; only the archive's own principals can name the role in a replication rule (iam:PassRole).",
    awsFact: 's3-replication-trust-names-the-principal-alone',
  },

  // Roles in accounts that no SCP binds: the rule names the account kind, the exemption why.
  {
    rule: 'iam-role-guardrail-protected',
    resource: '*/aws_iam_role.*',
    account: 'management',
    reason:
      'A role of the management account, which no SCP restricts (docs/guardrails.md, "What no organization policy can do").',
    awsFact: 'scp-does-not-restrict-management-account',
  },
  {
    rule: 'iam-role-guardrail-protected',
    resource: 'member-*/aws_iam_role.*',
    account: 'outside-organization',
    reason:
      "A role of a member outside the organization (inOrganization false): the organization's SCPs apply only to its own accounts.",
  },

  // Encryption.
  {
    rule: 's3-bucket-encrypted-with-our-key',
    resource: 'log-archive/aws_s3_bucket.archive_access-logs_bucket_*',
    reason:
      "The server access log target keeps SSE-S3, as modules/storage/secure-bucket.ts builds a log target; it holds S3's access logs of the archive's buckets, not the evidence.",
  },
  {
    rule: 's3-bucket-encrypted-with-our-key',
    resource: 'state/aws_s3_bucket.state-bucket_*',
    reason:
      "The Terraform state bucket uses SSE-S3: the state stack passes no kmsKeyArn to TerraformStateBucket (which takes one), and the state holds every stack's attributes.",
    knownFinding: 'issue 77',
  },

  // Server access logging.
  {
    rule: 's3-bucket-access-logged',
    resource: 'log-archive/aws_s3_bucket.archive_access-logs_bucket_*',
    reason:
      "It is the target of the archive's server access logs: logging it into itself would log every delivery of logs.",
  },
  {
    rule: 's3-bucket-access-logged',
    resource: 'log-archive/aws_s3_bucket.archive_replication_bucket_*',
    reason:
      'The replica is in another Region, and S3 delivers server access logs only into a bucket of the same Region; the archive keeps no access-log bucket there. Only replication writes the replica.',
    awsFact: 's3-access-log-target-same-account-and-region',
  },
  {
    rule: 's3-bucket-access-logged',
    resource: 'state/aws_s3_bucket.state-bucket_*',
    reason:
      "The Terraform state bucket has no server access logging: reads of every stack's state go unrecorded by S3.",
    knownFinding: 'issue 77',
  },
];
