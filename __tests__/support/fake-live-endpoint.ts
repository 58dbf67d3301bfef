import * as http from 'http';
import type { AddressInfo } from 'net';
import type { ControlFinding, RuleCompliance } from '../../packages/cli/toolkit/compliance/live-state';

/*
 * The AWS endpoints a live compliance read calls, on loopback, for the command's tests through the
 * AWS SDK: Security Hub's GetFindings page by page as AWS does, the AWS Config aggregator's calls,
 * and STS's GetCallerIdentity naming `caller` as the credentials' account. Outside the audit account
 * the aggregator is not found, as AWS answers another account.
 */

/** Test credentials and the fake endpoint, with no profile of the machine's in the way. */
export const endpointEnv = (url: string) => ({
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
});

/** Serves `findings` and `rules` to the SDK; records each request to the two sources. */
export async function fakeLiveEndpoint({
  findings,
  rules,
  pageSize,
  caller,
  auditAccount,
}: {
  readonly findings: readonly ControlFinding[];
  readonly rules: readonly RuleCompliance[];
  readonly pageSize: number;
  readonly caller: string;
  readonly auditAccount: string;
}): Promise<{ url: string; requests: unknown[]; close: () => Promise<void> }> {
  const requests: unknown[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (new URLSearchParams(body).get('Action') === 'GetCallerIdentity') {
        // STS (query protocol): not counted among the report's requests to the two sources.
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>arn:aws:sts::${caller}:assumed-role/reader/session</Arn><UserId>AROAEXAMPLE:session</UserId>` +
            `<Account>${caller}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
        return;
      }
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target.startsWith('StarlingDoveService.') && caller !== auditAccount) {
        requests.push({ target });
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(
          JSON.stringify({
            __type: 'NoSuchConfigurationAggregatorException',
            message: 'The configuration aggregator does not exist.',
          }),
        );
        return;
      }
      if (target.startsWith('StarlingDoveService.')) {
        // AWS Config (JSON 1.1): the aggregator's rule results, and a rule's non-compliant resources.
        const input = JSON.parse(body) as {
          NextToken?: string;
          Limit?: number;
          ConfigRuleName?: string;
          AccountId?: string;
        };
        requests.push({ target, ...input });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        if (target.endsWith('.DescribeAggregateComplianceByConfigRules')) {
          const start = Number(input.NextToken ?? 0);
          const next = start + (input.Limit ?? 1000);
          response.end(
            JSON.stringify({
              AggregateComplianceByConfigRules: rules.slice(start, next).map((r) => ({
                ConfigRuleName: r.ruleName,
                AccountId: r.accountId,
                AwsRegion: r.region,
                Compliance: { ComplianceType: r.compliance },
              })),
              ...(next < rules.length ? { NextToken: String(next) } : {}),
            }),
          );
          return;
        }
        response.end(
          JSON.stringify({
            AggregateEvaluationResults: [
              {
                EvaluationResultIdentifier: {
                  EvaluationResultQualifier: {
                    ConfigRuleName: input.ConfigRuleName,
                    ResourceType: 'AWS::::Account',
                    ResourceId: input.AccountId,
                  },
                },
                ComplianceType: 'NON_COMPLIANT',
                AccountId: input.AccountId,
                AwsRegion: 'eu-west-1',
              },
            ],
          }),
        );
        return;
      }
      const input = JSON.parse(body) as {
        Filters: { ComplianceSecurityControlId: { Value: string }[] };
        MaxResults: number;
        NextToken?: string;
      };
      requests.push({ path: request.url, ...input });
      const ids = new Set(input.Filters.ComplianceSecurityControlId.map((f) => f.Value));
      const matching = findings.filter((f) => ids.has(f.controlId));
      const start = Number(input.NextToken ?? 0);
      const next = start + Math.min(pageSize, input.MaxResults);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          Findings: matching.slice(start, next).map((f) => ({
            AwsAccountId: f.accountId,
            Region: f.region,
            Compliance: { SecurityControlId: f.controlId, Status: f.status },
            Resources: f.resources.map((Id) => ({ Id, Type: 'Other' })),
            Workflow: { Status: f.suppressed ? 'SUPPRESSED' : 'NEW' },
            RecordState: 'ACTIVE',
          })),
          ...(next < matching.length ? { NextToken: String(next) } : {}),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
