import * as fs from 'fs';
import * as path from 'path';
import { formatArn } from '../../modules/core/arn';

const ROOT = path.resolve(__dirname, '../..');

describe('formatArn', () => {
  test('joins resource type and name with a slash by default', () => {
    expect(
      formatArn({
        partition: 'aws',
        service: 'cloudtrail',
        region: 'eu-west-1',
        account: '111111111111',
        resource: 'trail',
        resourceName: 'org',
      }),
    ).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org');
  });

  test('joins them with a colon when asked (log groups, alarms)', () => {
    expect(
      formatArn({
        partition: 'aws-us-gov',
        service: 'logs',
        region: 'us-gov-west-1',
        account: '111111111111',
        resource: 'log-group',
        resourceName: '/aws/cloudtrail/org',
        arnFormat: 'colon',
      }),
    ).toBe('arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:/aws/cloudtrail/org');
  });

  test('leaves Region and account empty where the service has none (IAM, S3)', () => {
    expect(formatArn({ partition: 'aws-cn', service: 's3', region: '', account: '', resource: 'bkt' })).toBe(
      'arn:aws-cn:s3:::bkt',
    );
    expect(formatArn({ partition: 'aws', service: 'iam', region: '', account: '111111111111', resource: 'root' })).toBe(
      'arn:aws:iam::111111111111:root',
    );
  });

  test('takes wildcards and a resource alone (an SNS topic)', () => {
    expect(formatArn({ partition: 'aws', service: 'sns', region: '*', account: '*', resource: 'alarms' })).toBe(
      'arn:aws:sns:*:*:alarms',
    );
  });
});

/**
 * An ARN put together by hand: a string or template literal that starts with `arn:` and goes on with
 * an interpolation or a concatenation (`arn:${partition}:...`, 'arn:' + partition), or the pieces of
 * one joined (['arn', partition, ...]). Such code is how `'aws'` slips in where GovCloud or China
 * needs another partition; formatArn and AccountStack.of(this).formatArn are the one way.
 */
const HAND_BUILT_ARN = [
  // Only a template literal interpolates: '${Partition}' in a plain string is the reference's own text.
  /`arn:[^`\n]*\$\{/,
  /[`'"]arn:[^`'"\n]*[`'"]\s*\+/,
  /\[\s*[`'"]arn[`'"]\s*,/,
  /[`'"]arn:[^`'"\n]*[`'"]\s*\.concat\(/,
];

function handBuiltArnLines(text: string): string[] {
  return text.split('\n').filter((line) => HAND_BUILT_ARN.some((pattern) => pattern.test(line)));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

describe('ARNs are built in one place', () => {
  test.each([
    ['a template with the partition', '  const arn = `arn:${partition}:s3:::${name}`;'],
    ['a template with a fixed partition and an account', '  const arn = `arn:aws:iam::${account}:root`;'],
    ['a concatenation', "  const arn = 'arn:' + partition + ':iam::' + account + ':root';"],
    ['a join of the pieces', "  const arn = ['arn', partition, 'iam', '', account, 'root'].join(':');"],
  ])('the check finds %s', (_title, line) => {
    expect(handBuiltArnLines(line)).toEqual([line]);
  });

  test.each([
    ['formatArn', "  const arn = formatArn({ partition, service: 'iam', region: '', account, resource: 'root' });"],
    ['a bucket ARN with a suffix', '  Resource: `${bucketArn}/AWSLogs/${accountId}/*`,'],
    ['a doc comment with a placeholder', ' * `arn:<partition>:iam::<account>:root`'],
    ['an example in a message', '  \'must be an ARN such as "arn:aws:iam::012345678901:role/name"\''],
    [
      "the reference's own template, quoted in a plain string",
      "  sentence: 'arn:${Partition}:config:${Region}:${Account}:remediation-configuration/${RemediationConfigurationId}',",
    ],
  ])('the check passes %s', (_title, line) => {
    expect(handBuiltArnLines(line)).toEqual([]);
  });

  test('no file under modules/ or stacks/ but modules/core/arn.ts builds an ARN by string', () => {
    const found = [...sourceFiles('modules'), ...sourceFiles('stacks')]
      .filter((file) => file !== 'modules/core/arn.ts')
      .flatMap((file) =>
        handBuiltArnLines(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });
});
