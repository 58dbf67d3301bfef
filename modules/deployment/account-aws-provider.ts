import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * The AWS provider of an AccountStack: AwsProvider, writing the same Terraform JSON in less time.
 *
 * AwsProvider hands cdktf all of its 34 arguments, set or not, and cdktf converts every key to
 * snake case (three regular expressions each) before dropping the unset ones. A member account's
 * stack holds one provider per governed Region, written twice per synth (preparation and output):
 * at 1,000 members that was 34,000 conversions of mostly unset keys, about 1.4 s (BENCHMARKS.md,
 * "Synth profile"). Dropping the unset arguments first gives the same JSON (tested) in about 40%
 * of the time.
 */
export class AccountAwsProvider extends AwsProvider {
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return Object.fromEntries(Object.entries(super.synthesizeAttributes()).filter(([, value]) => value !== undefined));
  }
}
