/*
 * The shape of one row of the catalog of facts about AWS (aws-facts.ts), kept apart so that the
 * files holding the rows and the table that gathers them import it one way.
 */

/** What kind of fact a record is. */
export type AwsFactKind =
  | 'condition-keys'
  | 'side-effect'
  | 'ordering'
  | 'read-back'
  | 'default'
  | 'permission'
  | 'scope';

/** An AWS page and the one sentence of it a fact rests on. */
export interface AwsFactSource {
  /** The page, on docs.aws.amazon.com. */
  readonly url: string;
  /** The sentence, as the page has it. */
  readonly sentence: string;
}

/** One fact about AWS the stacks depend on. */
export interface AwsFact {
  /** Stable id, named by the tests that pin it (`[<id>]`). */
  readonly id: string;
  readonly kind: AwsFactKind;
  /** The service principal or the API the fact is about. */
  readonly subject: string;
  /** What AWS does, in our words. */
  readonly fact: string;
  /** What the stacks do because of it. */
  readonly consequence: string;
  readonly source: AwsFactSource;
  /** The files that rely on it. */
  readonly reliedOnBy: readonly string[];
  /** The test files that pin it; each contains `[<id>]`. */
  readonly testedBy: readonly string[];
}
