import type { CisRequirementNumber } from '@audit-logging/cdktf/toolkit-api/catalogs';
import type { ComplianceEvidence } from './evidence';

/*
 * A rule of the control matrix: its record (the control, the framework numbers it answers, and its
 * judge) and the verdicts the judge returns, one for each stack or account.
 */

/**
 * Met: implemented where claimed. Gap: deliberately not met, with the reason. Missing: claimed, not
 * built. Not covered: a requirement this product does not build, with the reason.
 */
export type ControlStatus = 'met' | 'gap' | 'missing' | 'not-covered';

/** One control's verdict in one stack (or account). */
export interface StackVerdict {
  readonly where: string;
  readonly status: ControlStatus;
  /** Terraform addresses that implement it, or the reason it is a gap or missing. */
  readonly detail: string;
}

/** One row of the matrix, as data: the control, the framework numbers it answers, and how it is judged. */
export interface ComplianceRule {
  readonly id: string;
  readonly title: string;
  /**
   * The CIS AWS Foundations Benchmark requirements it answers, numbered as in the current version
   * (v7.0.0); the matrix adds their numbers in the other versions.
   */
  readonly cis: readonly CisRequirementNumber[];
  /** The Security Hub controls it answers. */
  readonly securityHub: readonly string[];
  /**
   * The MITRE ATT&CK techniques it detects (the evasion pack's rows).
   * @default []
   */
  readonly attack?: readonly string[];
  /**
   * Why the row has no CIS recommendation, Security Hub control or ATT&CK technique, when no framework
   * asks for it: what it answers instead.
   * @default undefined: every row but such a one answers a framework
   */
  readonly withoutFramework?: string;
  /**
   * Whether the row applies to a config: a row of an opt-in part (the search tier) is not
   * applicable, and left out of the matrix, when the config does not turn that part on.
   * @default always
   */
  readonly applies?: (config: ComplianceEvidence['config']) => boolean;
  /** Its verdict in each stack or account. */
  readonly judge: (evidence: ComplianceEvidence) => StackVerdict[];
}

/** Met in `where`, by the resources at `addresses`. */
export const met = (where: string, addresses: readonly string[]): StackVerdict => ({
  where,
  status: 'met',
  detail: addresses.join(', '),
});

/** A deliberate gap in `where`, with the reason. */
export const gap = (where: string, reason: string): StackVerdict => ({ where, status: 'gap', detail: reason });

/** Claimed and not built in `where`: `what` says what is not. */
export const missing = (where: string, what: string): StackVerdict => ({ where, status: 'missing', detail: what });
