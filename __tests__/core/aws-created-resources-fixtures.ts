import { AWS_CREATED_RESOURCES, type AwsCreatedResource } from '../../modules/core/aws-created-resources';

/* What aws-created-resources.test.ts and aws-created-resources.integration.test.ts share. */

/** The item of the inventory with `id`; fails if there is none. */
export const item = (id: string): AwsCreatedResource => {
  const found = AWS_CREATED_RESOURCES.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
};
