import { Testing } from 'cdktf';
import { AccountStack } from '../../modules/deployment/account-stack';
import { SearchCollection } from '../../modules/search/search-collection';
import { SearchIngestion } from '../../modules/search/search-ingestion';
import { aossNameProblem, pipelineNameProblem } from '../../modules/search/search-names';
import { parseConfig } from '../../modules/org-config/load';
import { ARCHIVE } from '../stacks/policy/log-archive-cases';
import { resourcesOf, shippedConfig, synthStack } from '../support/synth';
import { all, ANALYST, PIPELINE_ROLE, SEARCH_TYPES, searchConfigInput, synthSearch } from './search-cases';

/*
 * The search tier (logArchive.search) in the synthesized log archive: nothing when off; when on,
 * one key, a TIMESERIES collection and its policies, the queues and notifications, the pipeline.
 */

const on = synthSearch({ analystRoleArns: [ANALYST] });

describe('off', () => {
  test('[aoss-capacity-floor] search is off by default: no search resource, in the starter either', () => {
    const off = synthSearch(null);
    for (const type of SEARCH_TYPES) expect(all(off, type)).toEqual([]);
    const starter = synthStack(shippedConfig('examples/starter.config.json'), 'log-archive');
    for (const type of SEARCH_TYPES) expect(all(starter, type)).toEqual([]);
    expect(parseConfig(JSON.stringify(searchConfigInput(null))).logArchive.search).toBeNull();
  });

  test('[aoss-capacity-floor] the config says what the tier costs idle', () => {
    const { configReferenceMarkdown } = jest.requireActual('../../modules/org-config/config-reference');
    expect((configReferenceMarkdown() as string).replace(/\s+/g, ' ')).toMatch(
      /`logArchive\.search`[^\n]*hundreds of USD a month even idle/,
    );
  });
});

describe('the collection', () => {
  test('[aoss-lifecycle-timeseries-only] one TIMESERIES collection, standby replicas on by default, off when asked', () => {
    expect(all(on, 'aws_opensearchserverless_collection')).toEqual([
      expect.objectContaining({ name: 'audit-logs', type: 'TIMESERIES', standby_replicas: 'ENABLED' }),
    ]);
    const noStandby = synthSearch({ analystRoleArns: [ANALYST], standbyReplicas: false });
    expect(all(noStandby, 'aws_opensearchserverless_collection')[0].standby_replicas).toBe('DISABLED');
  });

  test('[aoss-unique-key-own-capacity] the encryption policy names the collection exactly, under the one search key', () => {
    const encryption = all(on, 'aws_opensearchserverless_security_policy').filter((p) => p.type === 'encryption');
    expect(encryption).toHaveLength(1);
    const policy = JSON.parse(encryption[0].policy);
    expect(policy.Rules).toEqual([{ ResourceType: 'collection', Resource: ['collection/audit-logs'] }]);
    expect(policy.AWSOwnedKey).toBe(false);
    // The key the tier makes: the only new key of the stack with the search alias.
    const aliases = all(on, 'aws_kms_alias').filter((a) => a.name === 'alias/audit-search');
    expect(aliases).toHaveLength(1);
    expect(policy.KmsARN).toBe(aliases[0].target_key_id.replace('.key_id}', '.arn}'));
    // The collection waits for it.
    const collection = all(on, 'aws_opensearchserverless_collection')[0];
    expect(collection.depends_on.some((d: string) => d.startsWith('aws_opensearchserverless_security_policy.'))).toBe(
      true,
    );
  });

  test('the search key rotates and can go with the tier (it encrypts a copy, never evidence); the archive key stays', () => {
    const keys = resourcesOf(on, 'aws_kms_key');
    const search = Object.entries(keys).filter(([name]) => name.startsWith('search_'));
    expect(search).toHaveLength(1);
    expect(search[0][1]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(search[0][1].lifecycle?.prevent_destroy).toBeUndefined();
    const archive = Object.entries(keys).filter(([name]) => name.startsWith('archive_'));
    expect(archive.map(([, key]) => key.lifecycle?.prevent_destroy)).toEqual([true]);
  });

  test('[aoss-collection-has-a-network-policy] no network policy of ours without a VPC endpoint; with one, that endpoint only, never public', () => {
    expect(all(on, 'aws_opensearchserverless_security_policy').filter((p) => p.type === 'network')).toEqual([]);
    expect(all(on, 'aws_opensearchserverless_vpc_endpoint')).toEqual([]);

    const vpc = synthSearch({
      analystRoleArns: [ANALYST],
      vpcEndpoint: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d'] },
    });
    const endpoints = Object.keys(resourcesOf(vpc, 'aws_opensearchserverless_vpc_endpoint'));
    expect(endpoints).toHaveLength(1);
    const network = all(vpc, 'aws_opensearchserverless_security_policy').filter((p) => p.type === 'network');
    expect(network).toHaveLength(1);
    expect(JSON.parse(network[0].policy)).toEqual([
      expect.objectContaining({
        Rules: [
          { ResourceType: 'collection', Resource: ['collection/audit-logs'] },
          { ResourceType: 'dashboard', Resource: ['collection/audit-logs'] },
        ],
        AllowFromPublic: false,
        SourceVPCEs: [`\${aws_opensearchserverless_vpc_endpoint.${endpoints[0]}.id}`],
      }),
    ]);
  });

  test('[aoss-collection-has-a-network-policy] synth warns that without a VPC endpoint the analysts reach nothing', () => {
    const warningsOf = (vpcEndpoint?: { vpcId: string; subnetIds: string[] }) => {
      const stack = new AccountStack(Testing.app(), 'search', { accountId: ARCHIVE, region: 'eu-west-1' });
      const collection = new SearchCollection(stack, 'collection', {
        kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        pipelineRoleArn: PIPELINE_ROLE,
        analystRoleArns: [ANALYST],
        indexes: ['cloudtrail'],
        retentionInDays: 30,
        vpcEndpoint,
      });
      return collection.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    };
    expect(warningsOf()).toEqual([expect.stringContaining('no network policy admits the analysts')]);
    expect(warningsOf({ vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d'] })).toEqual([]);
  });

  test('the data access policy: the pipeline role writes, the named analysts read, nobody else', () => {
    const access = all(on, 'aws_opensearchserverless_access_policy');
    expect(access).toHaveLength(1);
    expect(access[0].type).toBe('data');
    const statements = JSON.parse(access[0].policy) as { Principal: string[]; Rules: { Permission: string[] }[] }[];
    expect(statements.map((s) => s.Principal)).toEqual([[PIPELINE_ROLE], [ANALYST]]);
    const permissionsOf = (i: number) => statements[i].Rules.flatMap((r) => r.Permission).sort();
    expect(permissionsOf(0)).toEqual([
      'aoss:CreateIndex',
      'aoss:DescribeIndex',
      'aoss:UpdateIndex',
      'aoss:WriteDocument',
    ]);
    expect(permissionsOf(1)).toEqual(['aoss:DescribeCollectionItems', 'aoss:DescribeIndex', 'aoss:ReadDocument']);
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|aoss:\*|DeleteIndex|DeleteCollectionItems/);
  });

  test('[aoss-lifecycle-retention-up-to-3650-days] a lifecycle rule per index from the archive retention, at most 3650 days, forever when the archive keeps forever', () => {
    const rules = (synth: Record<string, any>) =>
      JSON.parse(all(synth, 'aws_opensearchserverless_lifecycle_policy')[0].policy).Rules;
    // The default retention (2557 days); no member sends application logs here.
    expect(rules(on)).toEqual([
      { ResourceType: 'index', Resource: ['index/audit-logs/cloudtrail'], MinIndexRetention: '2557d' },
      { ResourceType: 'index', Resource: ['index/audit-logs/vpc-flow-logs'], MinIndexRetention: '2557d' },
    ]);
    const long = synthSearch({ analystRoleArns: [ANALYST] }, { expireAfterDays: 3653, applicationLogs: true });
    expect(rules(long).map((r: { MinIndexRetention: string }) => r.MinIndexRetention)).toEqual([
      '3650d',
      '3650d',
      '3650d',
    ]);
    const forever = synthSearch({ analystRoleArns: [ANALYST] }, { expireAfterDays: null });
    expect(rules(forever).every((r: object) => 'NoMinIndexRetention' in r && !('MinIndexRetention' in r))).toBe(true);
  });

  test('[aoss-lifecycle-retention-up-to-3650-days] synth warns when the archive keeps objects longer than an index can', () => {
    const app = Testing.app();
    const stack = new AccountStack(app, 'search', { accountId: ARCHIVE, region: 'eu-west-1' });
    const collection = new SearchCollection(stack, 'collection', {
      kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      pipelineRoleArn: PIPELINE_ROLE,
      analystRoleArns: [ANALYST],
      indexes: ['cloudtrail'],
      retentionInDays: 3653,
    });
    const warnings = collection.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContainEqual(expect.stringContaining('retentionInDays: 3653 is over the 3650 days'));
  });
});

describe('names AWS accepts', () => {
  test('[aoss-names-3-to-32] collection and policy names: 3 to 32 characters of [a-z][a-z0-9-]+', () => {
    expect(aossNameProblem('audit-logs')).toBeUndefined();
    expect(aossNameProblem('ab')).toMatch(/3 to 32/);
    expect(aossNameProblem('a'.repeat(33))).toMatch(/3 to 32/);
    expect(aossNameProblem('Audit')).toMatch(/lowercase letter/);
    expect(aossNameProblem('1audit')).toMatch(/lowercase letter/);
  });

  test('[aoss-names-3-to-32] a collection name whose policy names would be too long, or a bad analyst ARN, is refused', () => {
    const build = (name: string, analystRoleArns: string[]) => {
      const stack = new AccountStack(Testing.app(), 'search', { accountId: ARCHIVE, region: 'eu-west-1' });
      return new SearchCollection(stack, 'collection', {
        name,
        kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        pipelineRoleArn: PIPELINE_ROLE,
        analystRoleArns,
        indexes: ['cloudtrail'],
        retentionInDays: 30,
      });
    };
    expect(() => build('a'.repeat(22), [ANALYST])).toThrow(/too long for its policies' names/);
    expect(() => build('a'.repeat(21), [ANALYST])).not.toThrow();
    expect(() => build('audit-logs', ['arn:aws:iam::222222222222:role/*'])).toThrow(
      /analystRoleArns\[0\].*not an IAM role ARN/,
    );
    expect(() => build('audit-logs', [])).toThrow(/analystRoleArns.*at least one/);
    const many = Array.from(
      { length: 400 },
      (_, i) => `arn:aws:iam::222222222222:role/analyst-${String(i).padStart(40, '0')}`,
    );
    expect(() => build('audit-logs', many)).toThrow(/over the 20480 OpenSearch Serverless accepts/);
  });

  test('[osis-pipeline-name-3-to-28] a pipeline name: 3 to 28 characters of [a-z][a-z0-9-]+', () => {
    expect(pipelineNameProblem('audit-logs')).toBeUndefined();
    expect(pipelineNameProblem('a'.repeat(29))).toMatch(/3 to 28/);
    const stack = new AccountStack(Testing.app(), 'search', { accountId: ARCHIVE, region: 'eu-west-1' });
    expect(
      () =>
        new SearchIngestion(stack, 'ingestion', {
          pipelineName: 'Audit_Logs',
          sources: [
            {
              id: 'cloudtrail',
              bucketName: 'acme-audit',
              prefix: 'AWSLogs/o-abcdefghij/',
              codec: 'cloudtrail-records',
            },
          ],
          searchKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/1',
          archiveKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/2',
          collectionName: 'audit-logs',
          collectionArn: 'arn:aws:aoss:eu-west-1:222222222222:collection/abc',
          collectionEndpoint: 'https://abc.eu-west-1.aoss.amazonaws.com',
        }),
    ).toThrow(/pipelineName.*lowercase letter/);
  });
});

describe('the notifications', () => {
  test('a queue per source, encrypted with the search key; one notification configuration per bucket, after the queue policies', () => {
    const queues = all(on, 'aws_sqs_queue');
    expect(queues.map((q) => q.name).sort()).toEqual(['audit-search-cloudtrail', 'audit-search-vpc-flow-logs']);
    for (const queue of queues) expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\..*search.*\.arn\}$/);
    const notifications = all(on, 'aws_s3_bucket_notification');
    expect(notifications.map((n) => n.bucket).sort()).toEqual(['acme-audit', 'acme-audit-member-logs']);
    const byBucket = Object.fromEntries(notifications.map((n) => [n.bucket, n]));
    expect(byBucket['acme-audit'].queue).toEqual([
      expect.objectContaining({ events: ['s3:ObjectCreated:*'], filter_prefix: 'AWSLogs/o-abcdefghij/' }),
    ]);
    expect(byBucket['acme-audit-member-logs'].queue).toEqual([
      expect.objectContaining({ filter_prefix: 'vpc-flow-logs/' }),
    ]);
    for (const n of notifications) {
      expect(n.depends_on.filter((d: string) => d.startsWith('aws_sqs_queue_policy.'))).toHaveLength(n.queue.length);
    }
  });

  test('the application logs are a source when a member sends them, their error output excluded', () => {
    const withLogs = synthSearch({ analystRoleArns: [ANALYST] }, { applicationLogs: true });
    const memberLogs = all(withLogs, 'aws_s3_bucket_notification').find((n) => n.bucket === 'acme-audit-member-logs');
    expect(memberLogs.queue.map((q: { filter_prefix: string }) => q.filter_prefix).sort()).toEqual([
      'application-logs/',
      'vpc-flow-logs/',
    ]);
  });
});

describe('the dead letters', () => {
  test("the dead-letter bucket logs its access into the archive's access-log bucket, whose policy admits it", () => {
    const logging = all(on, 'aws_s3_bucket_logging').filter((l) => String(l.bucket).includes('dead-letters'));
    expect(logging).toEqual([
      expect.objectContaining({
        target_bucket: 'acme-audit-access-logs',
        target_prefix: 'audit-search-dlq-222222222222-eu-west-1/',
      }),
    ]);
    const accessLogPolicy = all(on, 'aws_s3_bucket_policy').find((p) => String(p.bucket).includes('access-logs'));
    expect(accessLogPolicy.policy).toContain(
      'arn:aws:s3:::acme-audit-access-logs/audit-search-dlq-222222222222-eu-west-1/*',
    );
  });
});

describe('the config', () => {
  const problems = (search: unknown) => {
    try {
      parseConfig(JSON.stringify(searchConfigInput(search as object)));
      return '';
    } catch (error) {
      return String(error);
    }
  };

  test('defaults: standby replicas on, no backfill, 4 units at most, no VPC endpoint', () => {
    const config = parseConfig(JSON.stringify(searchConfigInput({ analystRoleArns: [ANALYST] })));
    expect(config.logArchive.search).toEqual({
      analystRoleArns: [ANALYST],
      standbyReplicas: true,
      backfill: false,
      maxPipelineUnits: 4,
      vpcEndpoint: null,
    });
  });

  test('each bad value is named by its path, with the fix', () => {
    expect(problems({ analystRoleArns: [] })).toMatch(/logArchive\.search\.analystRoleArns.*at least one role/);
    expect(problems({ analystRoleArns: ['arn:aws:iam::222222222222:role/*'] })).toMatch(
      /logArchive\.search\.analystRoleArns\[0\].*not an IAM role ARN such as/,
    );
    expect(problems({ analystRoleArns: [ANALYST], standbyReplicas: 'yes' })).toMatch(/standbyReplicas.*true or false/);
    expect(problems({ analystRoleArns: [ANALYST], maxPipelineUnits: 0 })).toMatch(/maxPipelineUnits.*at least 1/);
    expect(
      problems({ analystRoleArns: [ANALYST], vpcEndpoint: { vpcId: 'vpc-1', subnetIds: ['subnet-0a1b2c3d'] } }),
    ).toMatch(/vpcEndpoint\.vpcId.*not a VPC id/);
    expect(problems({ analystRoleArns: [ANALYST], vpcEndpoint: { vpcId: 'vpc-0a1b2c3d', subnetIds: [] } })).toMatch(
      /vpcEndpoint\.subnetIds.*at least one subnet/,
    );
    expect(problems({ analysts: [ANALYST] })).toMatch(/logArchive\.search/);
  });

  test('examples/full.config.json turns it on; the starter keeps it off', () => {
    expect(shippedConfig('examples/full.config.json').logArchive.search).not.toBeNull();
    expect(shippedConfig('examples/starter.config.json').logArchive.search).toBeNull();
  });
});
