import { z } from 'zod';
import { message } from './values';

/*
 * `tags`: tags added to every resource through the provider's default_tags. ManagedBy and Stack are
 * this product's own.
 */

/** Why a tag key cannot be used, or undefined. */
function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128) return 'tag keys have 1 to 128 characters';
  if (key.toLowerCase().startsWith('aws:')) return 'tag keys must not start with "aws:" (reserved by AWS)';
  if (key === 'ManagedBy' || key === 'Stack')
    return 'ManagedBy and Stack are set by this product; choose another tag key';
  return undefined;
}

export const tagsSchema = z
  .record(
    z.string(),
    z
      .string({ error: message('tag values must be strings') })
      .max(256, { error: 'tag values have at most 256 characters' }),
    { error: message('must be an object of tag keys to string values') },
  )
  .check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      const problem = tagKeyProblem(key);
      if (problem !== undefined) ctx.issues.push({ code: 'custom', input: key, path: [key], message: problem });
    }
  })
  .default({})
  .describe('Tags added to every resource (through the provider default_tags), beside ManagedBy and Stack.')
  .meta({ examples: [{ CostCenter: 'security', Owner: 'platform-team' }] });
