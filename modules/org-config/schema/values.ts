import { z } from 'zod';
import { ACCOUNT_ID, bucketNameProblem } from '../../core/aws-values';
import { AWS_REGIONS, isAwsRegion } from '../../core/regions';
import { closestMatch } from '../suggest';

/*
 * The values every section of the config uses (account ids, Regions, bucket names, days) and the
 * helpers that word their messages. Messages are written for the person editing the file: what is
 * wrong and what would fix it. The loader prefixes each with its path (`members[1].accountId: ...`).
 */

/** A message that says "is required" when the value is missing, and `hint` otherwise. */
export function message(hint: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required; ${hint}` : `${hint}, not ${describe(issue.input)}`;
}

/** A short rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const ACCOUNT_ID_HINT =
  'must be a 12-digit string in quotes, like "012345678901" (a JSON number would lose leading zeros)';

/** A 12-digit AWS account id, as a string. */
export const accountIdSchema = z
  .string({ error: message(ACCOUNT_ID_HINT) })
  .regex(ACCOUNT_ID, { error: message(ACCOUNT_ID_HINT) });

/** An AWS Region code this product knows, with a suggestion for typos. */
export const regionSchema = z
  .string({ error: message('must be an AWS Region code such as "eu-west-1"') })
  .check((ctx) => {
    if (isAwsRegion(ctx.value)) return;
    const guess = closestMatch(ctx.value, AWS_REGIONS);
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message:
        `${JSON.stringify(ctx.value)} is not an AWS Region` +
        (guess === undefined ? '' : `; did you mean "${guess}"?`) +
        (guess === undefined
          ? '; use a Region code such as "eu-west-1" (a Region newer than this release goes in modules/core/regions.ts)'
          : ''),
    });
  })
  .meta({ enum: [...AWS_REGIONS] });

/** An S3 bucket name, checked by the same rule the constructs use. */
export const bucketNameSchema = z.string({ error: message('must be an S3 bucket name') }).check((ctx) => {
  const problem = bucketNameProblem(ctx.value);
  if (problem !== undefined) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `${JSON.stringify(ctx.value)} is not a valid S3 bucket name: it ${problem}`,
    });
  }
});

/** Lowercase kebab-case: member names and custom alarm ids. */
export const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Days as a positive whole number, or `null` where the setting can be turned off. */
export function days(hint: string, min: number) {
  return z
    .number({ error: message(`must be a whole number of days (${hint})`) })
    .int({ error: message(`must be a whole number of days (${hint})`) })
    .min(min, { error: (issue) => `must be at least ${min} (${hint}), not ${describe(issue.input)}` });
}
