import { App, Testing } from 'cdktf';
import { AccountStack } from '../../modules/deployment/account-stack';
import { synthJson } from './stack-json';

/* The account stacks the tests of the audit account's constructs (AWS Config's organization
 * aggregator and rules, Security Hub, the delegation) synthesize. */

export type Synth = Record<string, any>;

export const AUDIT = '555555555555';
export const MANAGEMENT = '111111111111';
export const ORGANIZATION = 'o-abcdefghij';
export const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

/** An account stack in `accountId` (home Region eu-west-1), `build` adding the constructs. */
export function stackWith(
  build: (stack: AccountStack) => void,
  accountId = AUDIT,
  app: App = Testing.app(),
): AccountStack {
  const stack = new AccountStack(app, 'audit', { accountId, region: 'eu-west-1' });
  build(stack);
  return stack;
}

export const synth = (build: (stack: AccountStack) => void, accountId = AUDIT): Synth =>
  synthJson(stackWith(build, accountId));

export const regionsOf = (stack: AccountStack, regions = REGIONS) =>
  regions.map((region) => ({ region, provider: stack.providerForRegion(region) }));

/** The provider alias a resource deploys with: the Region of its provider. */
export function regionOf(json: Synth, resource: { provider?: string }): string {
  const providers = json.provider.aws as { alias?: string; region: string }[];
  const alias = resource.provider?.replace(/^aws\./, '');
  return (providers.find((p) => p.alias === alias) ?? providers[0]).region;
}
