/**
 * How the pull-request workflow shares the stacks to plan among a bounded number of jobs, and fits
 * the plan summary into one pull-request comment.
 */

/** GitHub refuses a matrix of more than 256 jobs; the workflow uses at most this many. */
export const MAX_PLAN_JOBS = 20;

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** Characters a comment leaves for the workflow's own status line (a failed plan job, say). */
export const WORKFLOW_LINE_RESERVE = 256;

/** The batch numbers (1-based) for `stacks` stacks in at most `maxJobs` jobs: none when nothing is to plan. */
export function batchNumbers(stacks: number, maxJobs = MAX_PLAN_JOBS): number[] {
  return Array.from({ length: Math.min(stacks, maxJobs) }, (_, i) => i + 1);
}

/**
 * Batch `batch` of `of`: every `of`-th stack, starting at the `batch`-th. Round robin spreads the
 * heavy stacks at the head of the deployment order (log archive, organization) over different jobs.
 */
export function batchOf<T>(stacks: readonly T[], batch: number, of: number): T[] {
  if (!Number.isInteger(of) || of < 1 || !Number.isInteger(batch) || batch < 1 || batch > of) {
    throw new Error(`batch ${batch}/${of}: give i/n with 1 <= i <= n, such as 1/20`);
  }
  return stacks.filter((_, index) => index % of === batch - 1);
}

/**
 * The comment body for a plan summary: the summary itself when it fits in `limit` characters with
 * `header`; otherwise the summary cut at the last whole section that fits, followed by a note that
 * names what was left out and where the full summary is (`artifactNote`).
 */
export function fitComment(header: string, summary: string, artifactNote: string, limit = COMMENT_LIMIT): string {
  const whole = `${header}\n${summary}`;
  if (whole.length <= limit) return whole;
  const sections = summary.split(/\n(?=##+ )/);
  const note = (left: number) =>
    `\n\n---\n**${left} of ${sections.length} sections of the summary do not fit in one comment** (GitHub allows ${limit.toLocaleString('en-US')} characters). ${artifactNote}\n`;
  const kept: string[] = [];
  let length = header.length + 1;
  for (const section of sections) {
    const next = length + section.length + 1;
    if (next + note(sections.length - kept.length - 1).length > limit) break;
    kept.push(section);
    length = next;
  }
  // Keep at least the start of the first section (the title and "Needs attention" line), cut to fit.
  if (kept.length === 0) kept.push(sections[0].slice(0, limit - header.length - note(sections.length).length - 2));
  return `${header}\n${kept.join('\n').trimEnd()}${note(sections.length - kept.length)}`;
}
