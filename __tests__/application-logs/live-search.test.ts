import { Testing } from 'cdktf';
import { LiveSearchLink, LiveSearchSink } from '../../modules/application-logs';
import { APPLICATION_LOGS_INSIGHTS_QUERIES, REQUEST_ID_PLACEHOLDER } from '../../modules/analytics';
import { APPLICATION_LOGS_QUERIES } from '../../modules/analytics/application-logs-queries';
import { deploymentWaves } from '../../modules/core/deployment-order';
import { configWarnings } from '../../modules/org-config/warnings';
import { AccountStack } from '../../modules/deployment/account-stack';
import { configOf } from '../stacks/policy/simulate';
import { ACQUIRED, ARCHIVE, ORG, PAYMENTS, POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { resourcesOf, synthStack } from '../support/synth';

/*
 * Live search (applicationLogs.liveSearch): the log archive's sinks, their policies and the saved
 * Logs Insights queries, and each sending member's links to the sinks whose ARNs the config holds.
 */

const SINK_EU = `arn:aws:oam:eu-west-1:${ARCHIVE}:sink/7c2f3c2e-1a2b-4c5d-8e9f-0a1b2c3d4e5f`;
const SINK_US = `arn:aws:oam:us-east-1:${ARCHIVE}:sink/0f1e2d3c-4b5a-4c5d-8e9f-0a1b2c3d4e5f`;
const input = (liveSearch: object, applicationLogs: object = { enabled: true }) => ({
  ...POLICY_TEST_CONFIG,
  applicationLogs: { ...applicationLogs, liveSearch },
});
// The first step: the log archive makes the sinks; no ARN is known yet.
const first = configOf(input({ enabled: true }));
// The second: the sink of eu-west-1 is in the config, us-east-1's not yet.
const second = configOf(input({ enabled: true, sinkArns: { 'eu-west-1': SINK_EU } }));
const all = (stack: object, type: string): [string, any][] => Object.entries(resourcesOf(stack, type));

describe('the log archive as the monitoring account', () => {
  const archive = synthStack(first, 'log-archive');

  test('[oam-sink-and-link-in-one-region] one sink in every governed Region, each with its policy', () => {
    const sinks = all(archive, 'aws_oam_sink');
    expect(sinks.map(([, sink]) => [sink.provider ?? 'aws', sink.name]).sort()).toEqual([
      ['aws', 'audit-live-search'],
      ['aws.us-east-1', 'audit-live-search'],
    ]);
    for (const [name, sink] of sinks) {
      const region = name.includes('us-east-1') ? 'us-east-1' : 'eu-west-1';
      const policies = all(archive, 'aws_oam_sink_policy').filter(([, p]) => p.sink_identifier.includes(name));
      expect(policies).toHaveLength(1);
      expect(policies[0][1].provider).toBe(sink.provider);
      expect(name).toContain(region);
    }
  });

  test("[oam-link-names-sink-by-arn] the stack outputs the sinks' ARNs by Region, to copy into the config", () => {
    const output = (archive as { output: Record<string, { value: Record<string, string>; description: string }> })
      .output;
    const arns = Object.values(output).find((o) => o.description.includes('applicationLogs.liveSearch.sinkArns'));
    expect(Object.keys(arns?.value ?? {}).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(arns?.value['eu-west-1']).toMatch(/^\$\{aws_oam_sink\.live-search_sink-eu-west-1_[^.]+\.arn\}$/);
  });

  test('[logs-insights-query-definition-in-monitoring-account] the saved queries as query definitions of the log archive, in every Region, and in no member', () => {
    const definitions = all(archive, 'aws_cloudwatch_query_definition').map(([, d]) => [d.provider ?? 'aws', d.name]);
    const names = APPLICATION_LOGS_INSIGHTS_QUERIES.map((q) => `audit/${q.name}`);
    expect(definitions.sort()).toEqual(
      [...names.map((n) => ['aws', n]), ...names.map((n) => ['aws.us-east-1', n])].sort(),
    );
    // The same questions as the Athena queries over the copy.
    expect(APPLICATION_LOGS_INSIGHTS_QUERIES.map((q) => q.name)).toEqual(APPLICATION_LOGS_QUERIES.map((q) => q.name));
    for (const [, definition] of all(archive, 'aws_cloudwatch_query_definition')) {
      expect(definition.log_group_names).toBeUndefined();
    }
    expect(resourcesOf(synthStack(second, 'member-payments'), 'aws_cloudwatch_query_definition')).toEqual({});
  });

  test('the queries: errors by whole words, a request id by its placeholder, the loudest by events', () => {
    const [errors, request, loudest] = APPLICATION_LOGS_INSIGHTS_QUERIES.map((q) => q.queryString);
    expect(errors).toContain('filter @message like /(?i)\\b(error|exception|fatal|panic)\\b/');
    expect(errors).toContain('by @log');
    expect(request).toContain(`filter @message like "${REQUEST_ID_PLACEHOLDER}"`);
    expect(request).toContain('sort @timestamp asc');
    expect(loudest).toMatch(/^stats count\(\*\) as events, sum\(strlen\(@message\)\) as message_characters by @log/);
  });

  test('off, or with no sender, nothing of it is built', () => {
    for (const config of [
      configOf(input({ enabled: false })),
      configOf({
        ...input({ enabled: true }),
        members: POLICY_TEST_CONFIG.members.slice(0, 1),
        applicationLogs: { enabled: true, optedOutMembers: ['payments'], liveSearch: { enabled: true } },
      }),
    ]) {
      expect(resourcesOf(synthStack(config, 'log-archive'), 'aws_oam_sink')).toEqual({});
    }
  });
});

describe('the sending members as source accounts', () => {
  test('[oam-link-names-sink-by-arn] a link in each Region whose sink ARN the config holds, for log groups only', () => {
    const links = all(synthStack(second, 'member-payments'), 'aws_oam_link');
    expect(links.map(([, l]) => l)).toEqual([
      expect.objectContaining({
        sink_identifier: SINK_EU,
        resource_types: ['AWS::Logs::LogGroup'],
        label_template: '$AccountName',
      }),
    ]);
    // The first step has no ARN: no link yet.
    expect(resourcesOf(synthStack(first, 'member-payments'), 'aws_oam_link')).toEqual({});
    // Outside the organization too; the log archive account links to nothing.
    const both = configOf(input({ enabled: true, sinkArns: { 'eu-west-1': SINK_EU, 'us-east-1': SINK_US } }));
    expect(
      all(synthStack(both, 'member-acquired'), 'aws_oam_link')
        .map(([, l]) => [l.provider ?? 'aws', l.sink_identifier])
        .sort(),
    ).toEqual([
      ['aws', SINK_EU],
      ['aws.us-east-1', SINK_US],
    ]);
  });

  test('[oam-delete-links-before-sink] the members come after the log archive, so their links go before its sinks', () => {
    const waves = deploymentWaves(['log-archive', 'member-payments', 'member-acquired']);
    expect(waves.findIndex((w) => w.includes('log-archive'))).toBeLessThan(
      waves.findIndex((w) => w.includes('member-payments')),
    );
  });
});

describe('the config of live search', () => {
  const problem = (liveSearch: object, applicationLogs: object = { enabled: true }) => {
    try {
      configOf(input(liveSearch, applicationLogs));
      return 'no problem';
    } catch (error) {
      return (error as Error).message;
    }
  };

  test('refuses what cannot work, naming the field and the fix', () => {
    expect(problem({ enabled: true }, { enabled: false })).toMatch(
      /applicationLogs\.liveSearch\.enabled.*set applicationLogs\.enabled to true/s,
    );
    expect(problem({ enabled: false, sinkArns: { 'eu-west-1': SINK_EU } })).toMatch(
      /applicationLogs\.liveSearch\.sinkArns.*set it to true, or remove the sinks/s,
    );
    expect(problem({ enabled: true, sinkArns: { 'ap-south-1': SINK_EU.replace('eu-west-1', 'ap-south-1') } })).toMatch(
      /"ap-south-1" is not one of governedRegions/,
    );
    expect(problem({ enabled: true, sinkArns: { 'eu-west-1': SINK_US } })).toMatch(
      /is a sink of account 222222222222 in us-east-1, not of the log archive account \(222222222222\) in eu-west-1/,
    );
    expect(problem({ enabled: true, sinkArns: { 'eu-west-1': SINK_EU.replace(ARCHIVE, PAYMENTS) } })).toMatch(
      /is a sink of account 444444444444/,
    );
    expect(problem({ enabled: true, sinkArns: { 'eu-west-1': 'sink-1234' } })).toMatch(
      /"sink-1234" is not a sink ARN .*live_search_sink_arns/,
    );
    expect(problem({ enabled: true, sinkArns: { 'eu-west-1': SINK_EU } })).toBe('no problem');
  });
});

describe('LiveSearchSink and LiveSearchLink as constructs', () => {
  const stack = (account: string) => new AccountStack(Testing.app(), 'x', { accountId: account, region: 'eu-west-1' });

  test('the sink refuses a bad organization, an outside account that is no account id or its own', () => {
    const s = stack(ARCHIVE);
    const regions = [{ region: 'eu-west-1', provider: s.provider }];
    expect(() => new LiveSearchSink(s, 'a', { regions, organizationId: 'org-1' })).toThrow(
      'props.organizationId "org-1" is not an organization id',
    );
    expect(() => new LiveSearchSink(s, 'b', { regions, organizationId: ORG, outsideAccountIds: [ARCHIVE] })).toThrow(
      "props.outsideAccountIds[0] 222222222222 is this stack's account",
    );
    expect(
      () => new LiveSearchSink(s, 'c', { regions, organizationId: ORG, outsideAccountIds: [ACQUIRED] }),
    ).not.toThrow();
  });

  test('the link refuses a sink of another Region, of its own account, or no sink ARN', () => {
    const s = stack(PAYMENTS);
    const link = (sinkArn: string, id: string) =>
      new LiveSearchLink(s, id, { regions: [{ region: 'eu-west-1', provider: s.provider, sinkArn }] });
    expect(() => link(SINK_US, 'a')).toThrow('is a sink in us-east-1, not eu-west-1');
    expect(() => link(SINK_EU.replace(ARCHIVE, PAYMENTS), 'b')).toThrow("is a sink of this stack's own account");
    expect(() => link('arn:aws:oam:eu-west-1:1:sink/x', 'c')).toThrow('is not a sink ARN');
    expect(() => link(SINK_EU, 'd')).not.toThrow();
    expect(
      () =>
        new LiveSearchLink(s, 'e', {
          regions: [{ region: 'eu-west-1', provider: s.provider, sinkArn: SINK_EU }],
          labelTemplate: 'x'.repeat(65),
        }),
    ).toThrow('props.labelTemplate is 65 characters: OAM takes 1 to 64');
  });
});

describe('synth says which Regions have no link yet', () => {
  test('[oam-link-names-sink-by-arn] a warning names the Regions without a sink ARN and the output to copy', () => {
    const warnings = (config: ReturnType<typeof configOf>) =>
      configWarnings(config).filter((w) => w.at.join('.') === 'applicationLogs.liveSearch.sinkArns');
    expect(warnings(first).map((w) => w.message)).toEqual([
      expect.stringContaining('has no sink for eu-west-1, us-east-1, so no member links to the log archive there yet'),
    ]);
    expect(warnings(second)[0].message).toContain('has no sink for us-east-1,');
    expect(warnings(second)[0].message).toContain(
      "run live-search-sinks (it writes the stack's output live_search_sink_arns here)",
    );
    const both = configOf(input({ enabled: true, sinkArns: { 'eu-west-1': SINK_EU, 'us-east-1': SINK_US } }));
    expect(warnings(both)).toEqual([]);
  });
});
