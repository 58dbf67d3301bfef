import { z } from 'zod';
import { ORGANIZATION_ID } from '../../core/aws-values';
import { accountIdSchema, describe, message, regionSchema } from './values';

/*
 * The organization and where it runs: `organization`, `homeRegion` and `governedRegions`, the
 * fields every other section names its accounts and Regions against.
 */

/** `organization`: the AWS organization's id and its management account. */
export const organizationSchema = z
  .strictObject(
    {
      id: z
        .string({ error: message('must be an organization id such as "o-a1b2c3d4e5"') })
        .regex(ORGANIZATION_ID, {
          error: (issue) =>
            `${describe(issue.input)} is not an organization id; use "o-" followed by 10 to 32 lowercase letters or digits`,
        })
        .describe('The AWS Organizations id, "o-" and 10 to 32 lowercase letters or digits.'),
      managementAccountId: accountIdSchema.describe('The management account id.'),
    },
    { error: message('must be an object with id and managementAccountId') },
  )
  .describe('The AWS organization.');

/** `homeRegion`: where the central bucket, the trail home and every stack provider are. */
export const homeRegionSchema = regionSchema.describe(
  'Region of the central bucket, the trail home and every stack provider.',
);

/** `governedRegions`: every Region the organization uses. */
export const governedRegionsSchema = z
  .array(regionSchema, { error: message('must be a list of Region codes that includes homeRegion') })
  .min(1, { error: 'must list at least one Region (including homeRegion)' })
  .describe('Regions the organization uses; must include homeRegion.');
