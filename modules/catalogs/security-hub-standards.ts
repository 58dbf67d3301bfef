/*
 * The Security Hub (CSPM) standards this product can enable, by the path of their ARN
 * (`arn:<partition>:securityhub:<region>::standards/<path>`). Sources (2026-11-23): Security Hub
 * user guide, "Standards reference" (CIS v5.0.0 is the newest CIS version Security Hub offers; FSBP
 * is v1.0.0). Shared by the config schema and the constructs.
 */
import { choiceProblem, type FieldProblem } from '../core/aws-values';

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

/** What is wrong with a construct's `standards` prop: none named, or one this product does not enable. */
export function standardsProblems(standards: readonly string[]): (FieldProblem | undefined)[] {
  return [
    standards.length === 0
      ? { field: 'standards', message: 'must name at least one standard (Security Hub with none checks nothing)' }
      : undefined,
    ...standards.map((standard, i) =>
      choiceProblem(
        `standards[${i}]`,
        standard,
        SECURITY_HUB_STANDARDS,
        'is not a standard this construct enables; use one of',
      ),
    ),
  ];
}
