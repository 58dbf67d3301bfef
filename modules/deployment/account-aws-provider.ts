import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * The AWS provider of an AccountStack: AwsProvider, writing the same Terraform JSON in less time.
 *
 * AwsProvider hands cdktf all of its 34 arguments, set or not, and cdktf converts every key to
 * snake case (three regular expressions each) before the unset ones are dropped. A member
 * account's stack holds one provider per governed Region: 17,000 providers at 1,000 members.
 * Dropping the unset arguments first gives the same JSON (tested) in less than half the time a
 * provider (BENCHMARKS.md, "Synth profile").
 */
export class AccountAwsProvider extends AwsProvider {
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return Object.fromEntries(Object.entries(super.synthesizeAttributes()).filter(([, value]) => value !== undefined));
  }
}
