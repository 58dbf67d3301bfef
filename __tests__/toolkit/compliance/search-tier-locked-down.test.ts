import { LOG_ARCHIVE_STACK_NAME, SEARCH_PIPELINE_ROLE_NAME } from '../../../modules/core/naming';
import { complianceMatrix } from '../../../packages/cli/toolkit/compliance/compliance-matrix';
import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import { SEARCH_TIER_LOCKED_DOWN } from '../../../packages/cli/toolkit/compliance/rules/search-tier-locked-down';
import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { ANALYST, searchConfigInput, synthSearch } from '../../search/search-cases';
import { configOf } from '../../stacks/policy/simulate';

/*
 * The search tier's row of the control matrix, judged on the log archive stack synthesized with
 * `logArchive.search` on (with and without a VPC endpoint), then with each attribute it checks
 * broken by hand: the encryption key, public access, the data access policy's principals and
 * permissions, the pipeline role's deletes. The whole full example is judged in
 * shipped-configs.test.ts.
 */

const VPC = { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d'] };
const SEARCH = { analystRoleArns: [ANALYST], vpcEndpoint: VPC };
const config = configOf(searchConfigInput(SEARCH));
const synth = synthSearch(SEARCH);

/** A fresh copy of the synthesized log archive, as the compliance command reads it. */
const archive = (): SynthesizedStack & {
  json: { resource: Record<string, Record<string, Record<string, unknown>>> };
} => ({
  name: LOG_ARCHIVE_STACK_NAME,
  json: JSON.parse(JSON.stringify(synth)),
});

const judge = (stack: SynthesizedStack, on = config) => SEARCH_TIER_LOCKED_DOWN.judge(complianceEvidence(on, [stack]));

/** The one resource of `type` whose `field` is `value`, to break by hand. */
function one(stack: ReturnType<typeof archive>, type: string, field: string, value: string): Record<string, unknown> {
  const found = Object.values(stack.json.resource[type] ?? {}).filter((body) => body[field] === value);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The policy document of `body`, changed by `change`. */
function rewrite(body: Record<string, unknown>, change: (policy: any) => void): void {
  const policy = JSON.parse(String(body.policy));
  change(policy);
  body.policy = JSON.stringify(policy);
}

describe('search-tier-locked-down', () => {
  test('met on the synthesized tier, with a VPC endpoint and without one, naming what it judged', () => {
    const [verdict] = judge(archive());
    expect(verdict).toMatchObject({ where: LOG_ARCHIVE_STACK_NAME, status: 'met' });
    expect(verdict.detail).toMatch(/aws_opensearchserverless_collection\./);
    expect(verdict.detail).toMatch(/aws_opensearchserverless_access_policy\./);
    expect(verdict.detail).toMatch(/aws_iam_role\./);
    const withoutEndpoint = { analystRoleArns: [ANALYST] };
    const bare: SynthesizedStack = { name: LOG_ARCHIVE_STACK_NAME, json: synthSearch(withoutEndpoint) };
    expect(judge(bare, configOf(searchConfigInput(withoutEndpoint)))[0].status).toBe('met');
  });

  test('missing when the collection is under an AWS owned key', () => {
    const stack = archive();
    rewrite(one(stack, 'aws_opensearchserverless_security_policy', 'type', 'encryption'), (p) => {
      p.AWSOwnedKey = true;
      delete p.KmsARN;
    });
    const [verdict] = judge(stack);
    expect(verdict.status).toBe('missing');
    expect(verdict.detail).toMatch(/is not under a customer managed key \(AWSOwnedKey false and a KmsARN\)/);
  });

  test('missing when a network policy allows public access', () => {
    const stack = archive();
    rewrite(one(stack, 'aws_opensearchserverless_security_policy', 'type', 'network'), (p) => {
      p[0].AllowFromPublic = true;
    });
    expect(judge(stack)[0]).toMatchObject({
      status: 'missing',
      detail: expect.stringContaining('allows access from public networks (AllowFromPublic is not false)'),
    });
  });

  test('missing when the data access policy grants another principal, or lets an analyst write', () => {
    const stranger = 'arn:aws:iam::111122223333:role/someone';
    const granted = archive();
    rewrite(one(granted, 'aws_opensearchserverless_access_policy', 'type', 'data'), (p) => {
      p[1].Principal.push(stranger);
    });
    expect(judge(granted)[0].detail).toContain(
      `grants ${stranger}: neither the pipeline role nor a configured analyst`,
    );
    const writing = archive();
    rewrite(one(writing, 'aws_opensearchserverless_access_policy', 'type', 'data'), (p) => {
      p[1].Rules[1].Permission.push('aoss:WriteDocument');
    });
    expect(judge(writing)[0]).toMatchObject({
      status: 'missing',
      detail: expect.stringContaining('lets analyst roles write (aoss:WriteDocument)'),
    });
    // An analyst the config no longer names is a stranger too.
    const dropped = configOf(
      searchConfigInput({ ...SEARCH, analystRoleArns: ['arn:aws:iam::111122223333:role/other'] }),
    );
    expect(judge(archive(), dropped)[0].detail).toContain(`grants ${ANALYST}`);
  });

  test.each([['s3:DeleteObject'], ['s3:*'], ['s3:Delete*'], ['*']])(
    'missing when the pipeline role may delete an archived object (%s)',
    (action) => {
      const stack = archive();
      const policy = Object.values(stack.json.resource.aws_iam_role_policy).find((body) =>
        String(body.policy).includes('ReadArchivePrefixes'),
      );
      rewrite(policy as Record<string, unknown>, (p) => {
        p.Statement[0].Action = [p.Statement[0].Action, action].flat();
      });
      expect(judge(stack)[0]).toMatchObject({
        status: 'missing',
        detail: expect.stringContaining('allows the pipeline role s3:DeleteObject'),
      });
    },
  );

  test('missing when a managed policy is attached to the pipeline role, which it cannot read', () => {
    const stack = archive();
    const [roleName] = Object.entries(stack.json.resource.aws_iam_role).find(
      ([, body]) => body.name === SEARCH_PIPELINE_ROLE_NAME,
    ) ?? [''];
    stack.json.resource.aws_iam_role_policy_attachment = {
      ...stack.json.resource.aws_iam_role_policy_attachment,
      extra: { role: `\${aws_iam_role.${roleName}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
    };
    expect(judge(stack)[0].detail).toContain(
      'aws_iam_role_policy_attachment.extra attaches a managed policy to the pipeline role',
    );
  });

  test('missing, each problem named with the guide, when the collection, its encryption policy or its data access policy is gone', () => {
    const stack = archive();
    stack.json.resource.aws_opensearchserverless_collection = {};
    stack.json.resource.aws_opensearchserverless_security_policy = Object.fromEntries(
      Object.entries(stack.json.resource.aws_opensearchserverless_security_policy).filter(
        ([, body]) => body.type !== 'encryption',
      ),
    );
    stack.json.resource.aws_opensearchserverless_access_policy = {};
    expect(judge(stack)).toEqual([
      {
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'missing',
        detail:
          'no collection audit-logs; no encryption policy for the collection; no data access policy for the collection (docs/search.md)',
      },
    ]);
    // Without the pipeline role, the row says so; a policy that is not JSON is no encryption policy.
    const roleless = archive();
    roleless.json.resource.aws_iam_role = {};
    one(roleless, 'aws_opensearchserverless_security_policy', 'type', 'encryption').policy = '{not json';
    expect(judge(roleless)[0].detail).toMatch(
      new RegExp(
        `is not under a customer managed key .*; no pipeline role ${SEARCH_PIPELINE_ROLE_NAME} \\(docs/search.md\\)$`,
      ),
    );
  });

  test.each([
    [
      'an Allow with NotAction that leaves s3:DeleteObject in',
      true,
      { Effect: 'Allow', NotAction: ['s3:Get*'], Resource: '*' },
    ],
    [
      'an Allow with NotAction that takes s3:Delete* out',
      false,
      { Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' },
    ],
    ['a Deny of s3:DeleteObject', false, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
    [
      'an Allow of s3:DeleteObjectTagging only',
      false,
      { Effect: 'Allow', Action: 's3:DeleteObjectTagging', Resource: '*' },
    ],
    ['an Allow of s3:?eleteObject', true, { Effect: 'Allow', Action: 's3:?eleteObject', Resource: '*' }],
    [
      'an Allow of S3:DELETEOBJECT (action names ignore case)',
      true,
      { Effect: 'Allow', Action: 'S3:DELETEOBJECT', Resource: '*' },
    ],
    [
      "an Allow of s3:Delete.Object (a pattern's dot is a dot)",
      false,
      { Effect: 'Allow', Action: 's3:Delete.Object', Resource: '*' },
    ],
    [
      'an Allow with NotAction whose second pattern takes s3:DeleteObject out',
      false,
      { Effect: 'Allow', NotAction: ['s3:Get*', 's3:Delete*'], Resource: '*' },
    ],
  ])("the pipeline role's inline policy: %s (deletes: %p)", (_what, deletes, statement) => {
    const stack = archive();
    const role = one(stack, 'aws_iam_role', 'name', SEARCH_PIPELINE_ROLE_NAME);
    role.inline_policy = [{ name: 'extra', policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }];
    const [verdict] = judge(stack);
    expect([verdict.status, verdict.detail.includes('allows the pipeline role s3:DeleteObject')]).toEqual([
      deletes ? 'missing' : 'met',
      deletes,
    ]);
  });

  test.each([
    ['no KmsARN', (p: any) => delete p.KmsARN],
    ['an empty KmsARN', (p: any) => (p.KmsARN = '')],
    ['AWSOwnedKey left out', (p: any) => delete p.AWSOwnedKey],
  ])('missing when the encryption policy has %s', (_what, change) => {
    const stack = archive();
    rewrite(one(stack, 'aws_opensearchserverless_security_policy', 'type', 'encryption'), change);
    expect(judge(stack)[0].detail).toMatch(/is not under a customer managed key/);
  });

  test('missing when a network policy is not JSON, or any of its rules allows public access', () => {
    const unreadable = archive();
    one(unreadable, 'aws_opensearchserverless_security_policy', 'type', 'network').policy = '{not json';
    expect(judge(unreadable)[0].detail).toMatch(/allows access from public networks \(AllowFromPublic is not false\)/);
    const twoRules = archive();
    rewrite(one(twoRules, 'aws_opensearchserverless_security_policy', 'type', 'network'), (p) => {
      p.push({ ...p[0], AllowFromPublic: true });
    });
    expect(judge(twoRules)[0].detail).toMatch(/allows access from public networks/);
  });

  test('each stranger and each write an analyst is given is named', () => {
    const stack = archive();
    const strangers = ['arn:aws:iam::111122223333:role/one', 'arn:aws:iam::111122223333:role/two'];
    rewrite(one(stack, 'aws_opensearchserverless_access_policy', 'type', 'data'), (p) => {
      p[1].Principal.push(...strangers);
      p[1].Rules[1].Permission.push('aoss:WriteDocument', 'aoss:DeleteIndex');
    });
    const [verdict] = judge(stack);
    expect(verdict.detail).toContain(
      `grants ${strangers.join(', ')}: neither the pipeline role nor a configured analyst`,
    );
    expect(verdict.detail).toContain('lets analyst roles write (aoss:WriteDocument, aoss:DeleteIndex)');
  });

  test('missing when an analyst shares a statement that writes with the pipeline role', () => {
    const stack = archive();
    rewrite(one(stack, 'aws_opensearchserverless_access_policy', 'type', 'data'), (p) => {
      const writer = p.find((statement: { Rules: { Permission: string[] }[] }) =>
        statement.Rules.some((rule) => rule.Permission.some((permission) => /Write/.test(permission))),
      );
      writer.Principal = [writer.Principal, ANALYST].flat();
    });
    expect(judge(stack)[0]).toMatchObject({
      status: 'missing',
      detail: expect.stringContaining('lets analyst roles write'),
    });
  });

  test("a role policy that names the pipeline role by its name, not by reference, is the role's", () => {
    const stack = archive();
    stack.json.resource.aws_iam_role_policy = {
      ...stack.json.resource.aws_iam_role_policy,
      by_name: {
        role: SEARCH_PIPELINE_ROLE_NAME,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }],
        }),
      },
    };
    expect(judge(stack)[0].detail).toContain('aws_iam_role_policy.by_name allows the pipeline role s3:DeleteObject');
  });

  test('missing when no collection has its name; met names exactly what it judged', () => {
    const renamed = archive();
    for (const body of Object.values(renamed.json.resource.aws_opensearchserverless_collection))
      body.name = 'their-logs';
    expect(judge(renamed)[0].detail).toMatch(/^no collection audit-logs \(docs\/search\.md\)$/);
    const stack = archive();
    const addresses = (type: string, keep: (body: Record<string, unknown>) => boolean = () => true) =>
      Object.entries(stack.json.resource[type] ?? {})
        .filter(([, body]) => keep(body))
        .map(([name]) => `${type}.${name}`);
    expect(Object.keys(stack.json.resource.aws_iam_role).length).toBeGreaterThan(1);
    expect(judge(stack)[0]).toEqual({
      where: LOG_ARCHIVE_STACK_NAME,
      status: 'met',
      detail: [
        ...addresses('aws_opensearchserverless_collection'),
        ...addresses('aws_opensearchserverless_security_policy'),
        ...addresses('aws_opensearchserverless_access_policy'),
        ...addresses('aws_iam_role', (body) => body.name === SEARCH_PIPELINE_ROLE_NAME),
      ].join(', '),
    });
  });

  test('missing when the role resource itself names managed policies', () => {
    const stack = archive();
    one(stack, 'aws_iam_role', 'name', SEARCH_PIPELINE_ROLE_NAME).managed_policy_arns = [
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ];
    expect(judge(stack)[0]).toMatchObject({
      status: 'missing',
      detail: expect.stringMatching(/^aws_iam_role\.[\w-]+ names managed policies \(docs\/search\.md\)$/),
    });
  });

  test('not applicable when search is off: no row in the matrix', () => {
    const off = configOf(searchConfigInput(null));
    expect(SEARCH_TIER_LOCKED_DOWN.applies?.(off)).toBe(false);
    expect(SEARCH_TIER_LOCKED_DOWN.applies?.(config)).toBe(true);
    const stack: SynthesizedStack = { name: LOG_ARCHIVE_STACK_NAME, json: synthSearch(null) };
    expect(complianceMatrix(off, [stack]).map((row) => row.id)).not.toContain('search-tier-locked-down');
    expect(complianceMatrix(config, [archive()]).find((row) => row.id === 'search-tier-locked-down')?.status).toBe(
      'met',
    );
  });
});
