import { type ComplianceRule, met, missing } from './rule';
import { type ResourceBody, resourcesOf } from './stack-json';

/*
 * The judge of the rules on the settings of the trails (CIS 4.1, 4.2, 4.5 and Security Hub
 * CloudTrail.5, one rule a file in rules/): each trail stack, the organization's and each outside
 * member's, has a trail with the setting.
 */

/** Every trail stack has a trail that passes `check`; `what` says what the trail lacks when none does. */
export function eachTrail(check: (trail: ResourceBody) => boolean, what: string): ComplianceRule['judge'] {
  return ({ trailStacks }) =>
    trailStacks.map(([where, stack]) => {
      const trails = resourcesOf(stack, 'aws_cloudtrail').filter(([, trail]) => check(trail));
      return trails.length > 0
        ? met(
            where,
            trails.map(([address]) => address),
          )
        : missing(where, `no trail ${what}`);
    });
}
