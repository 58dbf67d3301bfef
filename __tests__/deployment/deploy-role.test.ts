import { Testing } from 'cdktf';
import { AccountStack } from '../../modules/deployment/account-stack';
import { DeployRole, packStatements } from '../../modules/deployment/deploy-role';
import type { PolicyStatement } from '../../modules/iam/policy-document';
import { synthJson } from '../support/stack-json';

const statement = (i: number, actions = 4): PolicyStatement => ({
  Sid: `Scoped${i}`,
  Effect: 'Allow',
  Action: Array.from({ length: actions }, (_, a) => `s3:GetBucketPolicy${a}`),
  Resource: [`arn:aws:s3:::audit-logging-example-bucket-${i}`],
});

function synth(props: Partial<ConstructorParameters<typeof DeployRole>[2]> = {}): Record<string, any> {
  const stack = new AccountStack(Testing.app(), 'deploy-role', { accountId: '111111111111', region: 'eu-west-1' });
  new DeployRole(stack, 'deploy-role', {
    roleName: 'audit-logging-deploy',
    trustedPrincipals: ['arn:aws:iam::111111111111:role/pipeline'],
    statements: [statement(1)],
    ...props,
  });
  return synthJson(stack);
}

describe('packStatements', () => {
  test('fills each policy up to the limit, whole statements where they fit', () => {
    const statements = Array.from({ length: 60 }, (_, i) => statement(i));
    const packed = packStatements(statements, 6144);
    expect(packed.length).toBeGreaterThan(1);
    for (const policy of packed) {
      expect(JSON.stringify({ Version: '2012-10-17', Statement: policy }).length).toBeLessThanOrEqual(6144);
    }
    expect(packed.flat()).toEqual(statements);
  });

  test('splits a statement too large alone by its actions, each part with its own Sid', () => {
    const packed = packStatements([statement(1, 400)], 6144);
    expect(packed.length).toBeGreaterThan(1);
    expect(packed.flat().flatMap((s) => s.Action)).toEqual(statement(1, 400).Action);
    expect(new Set(packed.flat().map((s) => s.Sid)).size).toBe(packed.flat().length);
  });
});

describe('DeployRole', () => {
  test('a role trusted by the principals named, with its policies attached', () => {
    const json = synth();
    const role = Object.values(json.resource.aws_iam_role)[0] as Record<string, any>;
    expect(role.name).toBe('audit-logging-deploy');
    expect(role.max_session_duration).toBe(3600);
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DeployPipeline',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:role/pipeline'] },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const policies = Object.values(json.resource.aws_iam_policy) as Record<string, any>[];
    expect(policies.map((p) => p.name)).toEqual(['audit-logging-deploy-1']);
    expect(JSON.parse(policies[0].policy).Statement).toEqual([statement(1)]);
    expect(Object.keys(json.resource.aws_iam_role_policy_attachment)).toHaveLength(1);
  });

  test.each([
    ['a bad role name', { roleName: 'no spaces allowed' }, /roleName "no spaces allowed" is not an IAM role name/],
    ['no principal', { trustedPrincipals: [] }, /trustedPrincipals must name at least one/],
    [
      'a wildcard principal',
      { trustedPrincipals: ['arn:aws:iam::111111111111:role/*'] },
      /trustedPrincipals must name at least one/,
    ],
    ['no statement', { statements: [] }, /statements must hold at least one statement/],
    [
      'more than 10 policies',
      { statements: Array.from({ length: 200 }, (_, i) => statement(i, 20)) },
      /more than the 10 a role may have attached/,
    ],
    [
      'a session of a minute',
      { maxSessionDuration: 60 },
      /maxSessionDuration 60 is not between 3600 and 43200 seconds/,
    ],
  ] as const)('refuses %s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('an account may be the trusted principal', () => {
    const json = synth({ trustedPrincipals: ['arn:aws:iam::111111111111:root'] });
    const role = Object.values(json.resource.aws_iam_role)[0] as Record<string, any>;
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({
      AWS: ['arn:aws:iam::111111111111:root'],
    });
  });
});
