import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { loadConfig } from '../../../modules/config/load';
import { COMPLIANCE_RULES } from '../../../toolkit/compliance/compliance-matrix';
import { liveMarkdown } from '../../../toolkit/compliance/live-report';
import {
  CONTROL_IDS_PER_REQUEST,
  ControlFinding,
  FindingsReader,
  readLiveState,
} from '../../../toolkit/compliance/live-state';
import { controlFinding } from '../../../toolkit/compliance/security-hub-reader';
import { runCliInProcess } from '../../support/cli';
import { ROOT } from '../../support/synth';

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const config = loadConfig(STARTER);

const finding = (over: Partial<ControlFinding>): ControlFinding => ({
  accountId: '444444444444',
  region: 'eu-west-1',
  controlId: 'CloudTrail.1',
  status: 'PASSED',
  resources: ['AWS::::Account:444444444444'],
  suppressed: false,
  ...over,
});

/** Serves `findings` in pages of `size`, as GetFindings does, and records each request. */
function pagedReader(
  findings: readonly ControlFinding[],
  size: number,
  failFor?: string,
): FindingsReader & {
  calls: { controlIds: readonly string[]; nextToken?: string }[];
} {
  const calls: { controlIds: readonly string[]; nextToken?: string }[] = [];
  return {
    calls,
    async page(controlIds, nextToken) {
      calls.push({ controlIds, nextToken });
      if (controlIds.length > CONTROL_IDS_PER_REQUEST) throw new Error('InvalidInputException: too many values');
      if (failFor !== undefined && controlIds.includes(failFor)) throw new Error('AccessDeniedException: not allowed');
      const matching = findings.filter((f) => controlIds.includes(f.controlId));
      const start = nextToken === undefined ? 0 : Number(nextToken);
      const next = start + size;
      return { findings: matching.slice(start, next), ...(next < matching.length ? { nextToken: String(next) } : {}) };
    },
  };
}

const FINDINGS = [
  finding({
    accountId: '444444444444',
    controlId: 'CloudTrail.1',
    status: 'FAILED',
    resources: ['arn:aws:cloudtrail:eu-west-1:444444444444:trail/x'],
  }),
  finding({ accountId: '444444444444', controlId: 'CloudWatch.1', status: 'PASSED' }),
  finding({ accountId: '555555555555', controlId: 'CloudTrail.1', status: 'PASSED' }),
  // Suppressed and not-available findings count neither way.
  finding({ accountId: '555555555555', controlId: 'CloudWatch.1', status: 'FAILED', suppressed: true }),
  finding({ accountId: '333333333333', controlId: 'CloudTrail.1', status: 'NOT_AVAILABLE' }),
  // An account the config does not name.
  finding({
    accountId: '999999999999',
    controlId: 'KMS.4',
    status: 'FAILED',
    resources: ['arn:aws:kms:eu-west-1:999999999999:key/k'],
  }),
  ...Array.from({ length: 230 }, (_, i) =>
    finding({
      accountId: '111111111111',
      controlId: 'S3.5',
      status: 'PASSED',
      resources: [`arn:aws:s3:::bucket-${i}`],
    }),
  ),
];

describe('readLiveState', () => {
  test('pages through every finding, at most 20 controls a request, and judges each account and control', async () => {
    const reader = pagedReader(FINDINGS, 100);
    const report = await readLiveState(config, reader, 'eu-west-1');
    expect(report.findings).toBe(FINDINGS.length);
    expect(report.unread).toEqual([]);
    expect(reader.calls.every((c) => c.controlIds.length <= CONTROL_IDS_PER_REQUEST)).toBe(true);
    const controls = new Set(COMPLIANCE_RULES.flatMap((rule) => rule.securityHub));
    expect(new Set(reader.calls.flatMap((c) => c.controlIds))).toEqual(controls);
    // 230 findings of S3.5 take three pages; every other batch one.
    expect(reader.calls.filter((c) => c.nextToken !== undefined).map((c) => c.nextToken)).toEqual(['100', '200']);
    expect(report.requests).toBe(reader.calls.length);

    const cell = (id: string, account: string) =>
      report.rows.find((r) => r.id === id)?.cells.find((c) => c.accountId === account);
    expect(cell('trail-all-regions', '444444444444')).toEqual({
      accountId: '444444444444',
      status: 'failing',
      failing: [
        {
          controlId: 'CloudTrail.1',
          region: 'eu-west-1',
          resource: 'arn:aws:cloudtrail:eu-west-1:444444444444:trail/x',
        },
      ],
    });
    expect(cell('trail-all-regions', '555555555555')?.status).toBe('compliant');
    expect(cell('trail-all-regions', '333333333333')?.status).toBe('not-evaluated');
    expect(cell('root-account-usage', '555555555555')?.status).toBe('not-evaluated');
    expect(cell('archive-tls-only', '111111111111')?.status).toBe('compliant');
    expect(report.accounts.at(-1)).toEqual({ accountId: '999999999999', role: 'not in the config' });
    expect(cell('kms-rotation', '999999999999')?.status).toBe('failing');
    // Controls no Security Hub control checks are said to be unchecked, not compliant.
    const guardrails = report.rows.find((r) => r.id === 'authorization-guardrails');
    expect(guardrails?.unevaluated).toBe('no Security Hub control checks it');
    expect(guardrails?.cells.every((c) => c.status === 'not-evaluated')).toBe(true);
    // In the order of the static matrix: CIS v7.0.0 numbers first.
    expect(report.rows[0].cis['v7.0.0']).toEqual(['2.1.2']);
  });

  test('a request that fails names the controls it could not read; the other batches are still read', async () => {
    const report = await readLiveState(config, pagedReader(FINDINGS, 100, 'CloudTrail.1'), 'eu-west-1');
    expect(report.unread).toHaveLength(1);
    expect(report.unread[0]).toMatch(
      /^the findings of .*CloudTrail\.1.* in eu-west-1: AccessDeniedException: not allowed$/,
    );
    const trail = report.rows.find((r) => r.id === 'trail-all-regions');
    expect(trail?.cells.every((c) => c.status === 'not-evaluated')).toBe(true);
    expect(liveMarkdown(report)).toContain('**Not read, so this report is incomplete:**');
  });

  test('the Markdown is an accounts x controls matrix, failing accounts first, then the failing resources', async () => {
    const md = liveMarkdown(await readLiveState(config, pagedReader(FINDINGS, 100), 'eu-west-1'));
    const table = md.split('\n').filter((line) => line.startsWith('| '));
    expect(table[0]).toMatch(
      /^\| Account \| Role \| 4\.1 \| 4\.2 \| 4\.3 \| 4\.4 \| 4\.5 \| 4\.6 \| 4\.7 \| 4\.8, 4\.9 \| 5\.1 \|/,
    );
    expect(table.slice(2, 4).map((line) => line.split(' | ')[0])).toEqual(['| 444444444444', '| 999999999999']);
    expect(md).toContain('- 444444444444 eu-west-1 CloudTrail.1: arn:aws:cloudtrail:eu-west-1:444444444444:trail/x');
    expect(md).toContain('2 failing in 2 account(s)');
  });
});

test('controlFinding reads the fields of a Security Hub finding (ASFF)', () => {
  expect(
    controlFinding({
      AwsAccountId: '444444444444',
      Region: 'eu-central-1',
      Compliance: { SecurityControlId: 'CloudTrail.2', Status: 'FAILED' },
      Resources: [{ Id: 'arn:aws:cloudtrail:eu-central-1:444444444444:trail/t', Type: 'AwsCloudTrailTrail' }],
      Workflow: { Status: 'NEW' },
    } as never),
  ).toEqual({
    accountId: '444444444444',
    region: 'eu-central-1',
    controlId: 'CloudTrail.2',
    status: 'FAILED',
    resources: ['arn:aws:cloudtrail:eu-central-1:444444444444:trail/t'],
    suppressed: false,
  });
  expect(controlFinding({ AwsAccountId: '1', Compliance: { Status: 'PASSED' } } as never)).toBeUndefined();
});

describe('cdktf-audit-logging compliance --live', () => {
  /** A Security Hub endpoint on loopback that answers GetFindings page by page, as AWS does. */
  async function securityHub(
    pageSize: number,
  ): Promise<{ url: string; requests: unknown[]; close: () => Promise<void> }> {
    const requests: unknown[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const input = JSON.parse(body) as {
          Filters: { ComplianceSecurityControlId: { Value: string }[] };
          MaxResults: number;
          NextToken?: string;
        };
        requests.push({ path: request.url, ...input });
        const ids = new Set(input.Filters.ComplianceSecurityControlId.map((f) => f.Value));
        const matching = FINDINGS.filter((f) => ids.has(f.controlId));
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

  test('reads the findings through the AWS SDK, pages, reports each account and exits 1 on a failing control', async () => {
    const hub = await securityHub(100);
    try {
      const result = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'json'], {
        env: {
          AWS_ENDPOINT_URL: hub.url,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_SESSION_TOKEN: '',
          AWS_PROFILE: '',
        },
      });
      expect(result.stderr).toContain('failing: trail-all-regions: 1 account(s): 444444444444');
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout) as { findings: number; requests: number; region: string };
      expect(report).toMatchObject({ findings: FINDINGS.length, region: 'eu-west-1' });
      expect(hub.requests).toHaveLength(report.requests);
      expect(hub.requests[0]).toMatchObject({
        path: '/findings',
        MaxResults: 100,
        Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
      });
    } finally {
      await hub.close();
    }
  });

  test('--region must be an AWS Region, and only goes with --live', async () => {
    const bad = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--region', 'eu-wset-1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--region eu-wset-1 is not an AWS Region');
    const without = await runCliInProcess(['compliance', '--config', STARTER, '--region', 'eu-west-1']);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('--region reads findings: use it with --live');
  });
});
