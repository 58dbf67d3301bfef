import * as path from 'path';

/**
 * The one day folder of a copy of the sample evidence (examples/evidence): the organization trail's
 * `kind` (CloudTrail, CloudTrail-Digest) of its one account in us-east-1 on 2023-07-10, under `copy`.
 */
export function sampleDayFolder(copy: string, kind = 'CloudTrail'): string {
  return path.join(copy, 'AWSLogs', 'o-example1234', '218007301253', kind, 'us-east-1', '2023', '07', '10');
}
