/**
 * Ids of the CIS AWS Foundations controls that this product alarms on, as users name them in
 * `alarms.controls`. Each maps to one Security Hub control (CloudWatch.1 to CloudWatch.14) or, for
 * `organizations-changes`, to the CIS recommendation for AWS Organizations changes. The catalog of
 * patterns (the alarms capability) is keyed by these ids; they are a public contract.
 */
export const CIS_CONTROL_IDS = [
  'root-account-usage', // CloudWatch.1
  'unauthorized-api-calls', // CloudWatch.2
  'console-signin-without-mfa', // CloudWatch.3
  'iam-policy-changes', // CloudWatch.4
  'cloudtrail-config-changes', // CloudWatch.5
  'console-authentication-failures', // CloudWatch.6
  'cmk-disable-or-deletion', // CloudWatch.7
  's3-bucket-policy-changes', // CloudWatch.8
  'aws-config-changes', // CloudWatch.9
  'security-group-changes', // CloudWatch.10
  'nacl-changes', // CloudWatch.11
  'network-gateway-changes', // CloudWatch.12
  'route-table-changes', // CloudWatch.13
  'vpc-changes', // CloudWatch.14
  'organizations-changes', // CIS 4.15
] as const;

/** A CIS control id. */
export type CisControlId = (typeof CIS_CONTROL_IDS)[number];
