import type { IConstruct } from 'constructs';
import { ArnComponents } from './arn';
import { AuditLoggingError } from './errors';
import { AwsPartition } from './regions';

/**
 * The parts of an ARN that {@link AccountContext.formatArn} takes: partition, Region and account are
 * the stack's unless given (give them for a resource of another account or Region; `''` for none, as
 * IAM and S3 ARNs have, and `'*'` for any).
 */
export type StackArnComponents = Omit<ArnComponents, 'partition' | 'region' | 'account'> &
  Partial<Pick<ArnComponents, 'partition' | 'region' | 'account'>>;

/** What a stack bound to one account knows, and every construct in it reads: `AccountStack` is one. */
export interface AccountContext {
  /** The account the stack deploys into. */
  readonly accountId: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /** ARN partition of `region`: `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: AwsPartition;
  /** An ARN in the stack's partition, Region and account unless `components` names others. */
  formatArn(components: StackArnComponents): string;
}

/**
 * Marks an `AccountStack`. A symbol from the global registry rather than `instanceof`, so that two
 * copies of this package in one app (a construct library and the app, each with its own) still
 * recognise each other's stacks.
 */
export const ACCOUNT_STACK_BRAND = Symbol.for('cdktf-audit-logging.AccountStack');

/**
 * A construct was created outside an `AccountStack`, so it has no account, Region or partition to
 * read. The message names the construct's path and the fix.
 */
export class NotInAccountStackError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;

  public constructor(
    /** Path of the construct in the construct tree. */
    public readonly constructPath: string,
  ) {
    super(
      `${constructPath}: is not inside an AccountStack, so it has no account, Region or partition to read. ` +
        'Create it inside an AccountStack (new AccountStack(app, name, { accountId, region })), directly or in a construct that is.',
    );
  }
}

/** Whether `x` carries the AccountStack brand, whichever copy of the package made it. */
export function isAccountContext(x: unknown): x is AccountContext {
  return typeof x === 'object' && x !== null && ACCOUNT_STACK_BRAND in x;
}

/**
 * The innermost scope of `scope` (itself included) that is an `AccountStack`. Constructs call
 * `AccountStack.of(this)`; this is the same lookup, for the storage family, which the deployment
 * family (home of `AccountStack`, and of the state bucket built on storage) sits above.
 * @throws NotInAccountStackError when no scope of `scope` is one
 */
export function accountContextOf(scope: IConstruct): AccountContext {
  const found = [...scope.node.scopes].reverse().find((s) => isAccountContext(s));
  if (found === undefined) throw new NotInAccountStackError(scope.node.path);
  return found as unknown as AccountContext;
}
