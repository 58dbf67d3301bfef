import { EXPLAINED, jsonDifferences } from '../../e2e/suites/cdktn';

/*
 * The comparison npm run test:cdktn makes between a cdktn and a cdktf synth: every path that
 * differs, and only the explained ones let through.
 */

describe('the CDK Terrain check', () => {
  test('finds every differing path, key order ignored, list items by index', () => {
    const cdktf = {
      '//': { metadata: { version: '0.21.0', stackName: 'audit' } },
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      resource: { aws_flow_log: { a: { log_destination: 'x', tags: ['a', 'b'] } } },
    };
    const cdktn = {
      resource: { aws_flow_log: { a: { tags: ['a', 'c'], log_destination: 'x' } } },
      terraform: { required_providers: { aws: { version: '6.66.0', source: 'hashicorp/aws' } } },
      '//': { metadata: { stackName: 'audit', version: '0.24.0' } },
    };
    expect(jsonDifferences(cdktf, cdktn).sort()).toEqual([
      '///metadata/version',
      'resource/aws_flow_log/a/tags/1',
      'terraform/required_providers/aws/source',
      'terraform/required_providers/aws/version',
    ]);
    expect(jsonDifferences(cdktf, cdktf)).toEqual([]);
    // A key on one side only, and lists of different lengths, are differences at their path.
    expect(jsonDifferences({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toEqual(['a/c']);
    expect(jsonDifferences({ a: [1] }, { a: [1, 2] })).toEqual(['a']);
  });

  test('lets through only the version pins docs/cdktf-archive.md explains', () => {
    const explained = (path: string) => EXPLAINED.some((pattern) => pattern.test(path));
    expect(
      [
        '///metadata/version',
        'terraform/required_providers/aws/version',
        'terraform/required_providers/aws/source',
      ].every(explained),
    ).toBe(true);
    for (const path of [
      'resource/aws_flow_log/a/log_destination',
      'terraform/backend/s3/use_lockfile',
      'provider/aws/0/region',
      'terraform/required_providers/aws/version/extra',
    ]) {
      expect(explained(path)).toBe(false);
    }
  });
});
