/*
 * The Security Hub (CSPM) standards this product can enable, by the path of their ARN
 * (`arn:<partition>:securityhub:<region>::standards/<path>`). Sources (2026-11-23): Security Hub
 * user guide, "Standards reference" (CIS v5.0.0 is the newest CIS version Security Hub offers; FSBP
 * is v1.0.0). Pure data, shared by the config schema and the constructs.
 */

/** The standards this product can enable. */
export const SECURITY_HUB_STANDARDS = [
  'cis-aws-foundations-benchmark/v/5.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  'aws-foundational-security-best-practices/v/1.0.0',
] as const;

/** One of {@link SECURITY_HUB_STANDARDS}. */
export type SecurityHubStandard = (typeof SECURITY_HUB_STANDARDS)[number];

/** The standards enabled unless a config or props choose: the newest CIS version and FSBP. */
export const DEFAULT_SECURITY_HUB_STANDARDS: readonly SecurityHubStandard[] = [
  'cis-aws-foundations-benchmark/v/5.0.0',
  'aws-foundational-security-best-practices/v/1.0.0',
];
