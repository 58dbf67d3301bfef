import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import type { ControlFinding, FindingsPage, FindingsReader, FindingStatus } from './live-state';

/** GetFindings returns at most 100 findings a page. */
const PAGE_SIZE = 100;

const STATUSES: readonly FindingStatus[] = ['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE'];

/** The fields the live report reads, from one finding; undefined for a finding of no control. */
export function controlFinding(finding: AwsSecurityFinding): ControlFinding | undefined {
  const controlId = finding.Compliance?.SecurityControlId;
  if (controlId === undefined) return undefined;
  const status = STATUSES.find((s) => s === finding.Compliance?.Status) ?? 'NOT_AVAILABLE';
  return {
    accountId: finding.AwsAccountId ?? '',
    region: finding.Region ?? '',
    controlId,
    status,
    resources: (finding.Resources ?? []).flatMap((r) => (r.Id === undefined ? [] : [r.Id])),
    suppressed: finding.Workflow?.Status === 'SUPPRESSED',
  };
}

/**
 * Reads the active findings of Security Hub controls with GetFindings, in `region`, with the
 * environment's credentials (the Security Hub administrator's, to see every account), the shared
 * retries and time limits, and `AWS_ENDPOINT_URL` when it is set.
 */
export class SecurityHubFindingsReader implements FindingsReader {
  private readonly client: SecurityHubClient;

  public constructor(region: string) {
    this.client = new SecurityHubClient(sdkClientOptions(region));
  }

  public async page(controlIds: readonly string[], nextToken: string | undefined): Promise<FindingsPage> {
    try {
      const output = await this.client.send(
        new GetFindingsCommand({
          Filters: {
            ComplianceSecurityControlId: controlIds.map((Value) => ({ Value, Comparison: 'EQUALS' })),
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          },
          MaxResults: PAGE_SIZE,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      return {
        findings: (output.Findings ?? []).flatMap((finding) => controlFinding(finding) ?? []),
        ...(output.NextToken ? { nextToken: output.NextToken } : {}),
      };
    } catch (error) {
      throw new Error(sdkErrorMessage(error));
    }
  }
}
