import * as fs from 'fs';
import * as path from 'path';
import { SHIPPED_CONFIGS, shippedConfig, synthConfig, tempDir, StackJson, ROOT } from '../../support/synth';
import { sameStackNameWithoutDependency } from './same-stack-dependencies';

/*
 * Terraform orders operations only by references and depends_on. An argument that names another
 * resource of the same stack by a literal (a log group's name, a topic's ARN) instead of its
 * attribute lets Terraform create both at once, and AWS refuses the one that arrives first (a metric
 * filter on a log group that does not exist yet): the first apply fails and the second works.
 * Every shipped and example config, every stack: such a literal must come with a dependency.
 */
const CONFIGS = [...SHIPPED_CONFIGS, 'examples/e2e.config.json'];

const stacks = CONFIGS.flatMap((file) => {
  const outdir = tempDir(`deps-${path.basename(file, '.json')}`);
  return synthConfig(shippedConfig(file), outdir).map((dir) => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson;
    return [`${file}: ${path.basename(dir)}`, json] as const;
  });
});

test.each(stacks)('%s: every literal name of a resource of the stack comes with a dependency on it', (_name, json) => {
  expect(sameStackNameWithoutDependency(json)).toEqual([]);
});

describe('the check itself', () => {
  const logGroup = { name: '/aws/cloudtrail/org-trail' };
  const filter = (extra: Record<string, unknown> = {}) => ({
    name: 'root-usage',
    log_group_name: '/aws/cloudtrail/org-trail',
    pattern: '{ $.userIdentity.type = "Root" }',
    ...extra,
  });
  const stack = (resources: Record<string, Record<string, unknown>>): StackJson => ({ resource: resources });

  test('finds a metric filter that names its log group by a literal', () => {
    expect(
      sameStackNameWithoutDependency(
        stack({ aws_cloudwatch_log_group: { lg: logGroup }, aws_cloudwatch_log_metric_filter: { f: filter() } }),
      ),
    ).toEqual([
      'aws_cloudwatch_log_metric_filter.f.log_group_name names aws_cloudwatch_log_group.lg ("/aws/cloudtrail/org-trail") without depending on it',
    ]);
  });

  test('finds a literal ARN, and a principal of a policy, which AWS checks exists', () => {
    const topic = { name: 'audit-alarms' };
    const subscription = { topic_arn: 'arn:aws:sns:eu-west-1:111111111111:audit-alarms', protocol: 'email' };
    const role = { name: 'audit-reader' };
    const policy = JSON.stringify({
      Statement: [{ Principal: { AWS: 'arn:aws:iam::111111111111:role/audit-reader' } }],
    });
    expect(
      sameStackNameWithoutDependency(
        stack({
          aws_sns_topic: { t: topic },
          aws_sns_topic_subscription: { s: subscription },
          aws_iam_role: { r: role },
          aws_kms_key: { k: { policy } },
        }),
      ),
    ).toEqual([
      'aws_sns_topic_subscription.s.topic_arn names aws_sns_topic.t ("audit-alarms") without depending on it',
      'aws_kms_key.k.policy names aws_iam_role.r ("audit-reader") without depending on it',
    ]);
  });

  test("accepts a policy's Resource and Condition, which AWS does not check, and a plain word that is data", () => {
    const arn = 'arn:aws:sns:eu-west-1:1:audit-alarms';
    const policy = JSON.stringify({ Statement: [{ Resource: arn, Condition: { ArnLike: { 'aws:SourceArn': arn } } }] });
    expect(
      sameStackNameWithoutDependency(
        stack({
          aws_sns_topic: { t: { name: 'audit-alarms' } },
          aws_iam_policy: { p: { name: 'publish', policy } },
          aws_glue_catalog_table: {
            a: { name: 'cloudtrail' },
            b: { name: 'other', parameters: { classification: 'cloudtrail' } },
          },
        }),
      ),
    ).toEqual([]);
  });

  test('accepts a reference, a depends_on, a dependency through another resource, and another provider', () => {
    const cases: StackJson[] = [
      stack({
        aws_cloudwatch_log_group: { lg: logGroup },
        aws_cloudwatch_log_metric_filter: { f: filter({ log_group_name: '${aws_cloudwatch_log_group.lg.name}' }) },
      }),
      stack({
        aws_cloudwatch_log_group: { lg: logGroup },
        aws_cloudwatch_log_metric_filter: { f: filter({ depends_on: ['aws_cloudwatch_log_group.lg'] }) },
      }),
      stack({
        aws_cloudwatch_log_group: { lg: logGroup },
        aws_iam_role: { r: { name: 'reader', description: '${aws_cloudwatch_log_group.lg.arn}' } },
        aws_cloudwatch_log_metric_filter: { f: filter({ depends_on: ['aws_iam_role.r'] }) },
      }),
      stack({
        aws_cloudwatch_log_group: { lg: { ...logGroup, provider: 'aws.replica' } },
        aws_cloudwatch_log_metric_filter: { f: filter() },
      }),
    ];
    for (const json of cases) expect(sameStackNameWithoutDependency(json)).toEqual([]);
  });

  test('accepts the literal where a dependency would be a cycle: a key policy naming the log group it encrypts', () => {
    const keyPolicy = JSON.stringify({
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:1:log-group:/aws/cloudtrail/org-trail',
        },
      },
    });
    expect(
      sameStackNameWithoutDependency(
        stack({
          aws_kms_key: { k: { description: 'logs', policy: keyPolicy } },
          aws_cloudwatch_log_group: { lg: { ...logGroup, kms_key_id: '${aws_kms_key.k.arn}' } },
        }),
      ),
    ).toEqual([]);
  });

  test('ignores descriptions and tags, which are text for people', () => {
    expect(
      sameStackNameWithoutDependency(
        stack({
          aws_cloudwatch_log_group: { lg: logGroup },
          aws_iam_role: {
            r: {
              name: 'reader',
              description: 'reads /aws/cloudtrail/org-trail',
              tags: { Group: '/aws/cloudtrail/org-trail' },
            },
          },
        }),
      ),
    ).toEqual([]);
  });
});

test('the shipped e2e config exists, so its stacks are checked too', () => {
  expect(fs.existsSync(path.join(ROOT, 'examples', 'e2e.config.json'))).toBe(true);
});
