import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { SCAN_RULES } from '../../../packages/cli/toolkit/scan/rules';
import { isOurKey, type ScanRule } from '../../../packages/cli/toolkit/scan/scan-rule';
import { RULE_CASES } from './rule-cases';

/*
 * Each rule of the scan pack on its own (cdk-nag's way): one compliant and one non-compliant case
 * on the smallest Terraform JSON, from rule-cases.ts. The examples, synthesized, are in
 * scan-examples.test.ts.
 */

const ruleById = (id: string): ScanRule => {
  const rule = SCAN_RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};

/** What `rule` says of the resource at `address` of the first of `stacks`. */
function judge(rule: ScanRule, address: string, stacks: readonly SynthesizedStack[]): string | undefined {
  const [type, name] = address.split('.');
  const body = stacks[0].json.resource?.[type]?.[name];
  if (body === undefined) throw new Error(`no ${address} in the case`);
  if (!rule.judges.includes(type)) throw new Error(`${rule.id} does not judge ${type}`);
  return rule.check({ stack: stacks[0].name, type, name, body }, { stack: stacks[0], stacks });
}

describe('the rules of the scan pack', () => {
  test('every rule has a compliant and a non-compliant case, and ids are unique', () => {
    const ids = SCAN_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(RULE_CASES.map((c) => c.rule).sort()).toEqual([...ids].sort());
  });

  test.each(RULE_CASES.map((c) => [c.rule, c] as const))('%s: the compliant case passes', (_id, c) => {
    expect(judge(ruleById(c.rule), c.judged, c.compliant)).toBeUndefined();
  });

  test.each(RULE_CASES.map((c) => [c.rule, c] as const))('%s: the non-compliant case names its problem', (_id, c) => {
    expect(judge(ruleById(c.rule), c.judged, c.nonCompliant)).toContain(c.problem);
  });
});

describe('a key of ours', () => {
  const stack = (extra: Record<string, unknown>): SynthesizedStack => ({
    name: 's',
    json: { resource: { aws_kms_key: { key: {} } }, ...extra } as SynthesizedStack['json'],
  });

  test.each([
    ['a key resource of the stack', '${aws_kms_key.key.arn}'],
    ['a key ARN written out', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias ARN our naming builds', 'arn:aws:kms:eu-west-1:111111111111:alias/audit-logs'],
  ])('is %s', (_what, value) => {
    expect(isOurKey(value, stack({}))).toBe(true);
  });

  test.each([
    ['a key resource of another stack', '${aws_kms_key.other.arn}'],
    ["an AWS managed key's alias", 'arn:aws:kms:eu-west-1:111111111111:alias/aws/s3'],
    ['a bare alias name', 'alias/audit-logs'],
    ['no key', undefined],
  ])('is not %s', (_what, value) => {
    expect(isOurKey(value, stack({}))).toBe(false);
  });

  test('is a key data source looked up by our alias, not by an AWS managed alias', () => {
    const lookup = (keyId: string) => stack({ data: { aws_kms_key: { log: { key_id: keyId } } } });
    expect(isOurKey('${data.aws_kms_key.log.arn}', lookup('${terraform_data.alias.output["arn"]}'))).toBe(true);
    expect(isOurKey('${data.aws_kms_key.log.arn}', lookup('arn:aws:kms:eu-west-1:111111111111:alias/aws/logs'))).toBe(
      false,
    );
  });
});

describe('a role protected by a guardrail', () => {
  const rule = ruleById('iam-role-guardrail-protected');
  const TAGGED = { StringEquals: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' } };
  const deny = (sid: string, action: string, condition?: object) => ({
    Sid: sid,
    Effect: 'Deny',
    Action: action,
    Resource: 'arn:aws:iam::*:role/*',
    ...(condition === undefined ? {} : { Condition: condition }),
  });
  const stacksWith = (
    statements: object[],
    roleTags?: Record<string, string>,
    type = 'SERVICE_CONTROL_POLICY',
  ): SynthesizedStack[] => [
    {
      name: 'member-a',
      json: {
        provider: { aws: [{ allowed_account_ids: ['222222222222'] }] },
        resource: { aws_iam_role: { role: { name: 'audit-flow-logs-remediation', tags: roleTags } } },
      } as SynthesizedStack['json'],
    },
    {
      name: 'guardrails',
      json: {
        resource: {
          aws_organizations_policy: {
            scp: {
              type,
              content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
            },
          },
        },
      },
    },
  ];
  const judgeRole = (stacks: SynthesizedStack[], accounts?: { management: string; outsideOrganization: string[] }) =>
    rule.check(
      { stack: 'member-a', type: 'aws_iam_role', name: 'role', body: stacks[0].json.resource?.aws_iam_role.role ?? {} },
      { stack: stacks[0], stacks, accounts },
    );

  test('by a deny that binds by tag, when the role has the tag and untagging is denied too', () => {
    const statements = [deny('Trust', 'iam:UpdateAssumeRolePolicy', TAGGED), deny('Untag', 'iam:UntagRole', TAGGED)];
    expect(judgeRole(stacksWith(statements, { ManagedBy: 'cdktf-audit-logging' }))).toBeUndefined();
  });

  test('not by a deny that binds by a tag the role does not have', () => {
    const statements = [deny('Trust', 'iam:UpdateAssumeRolePolicy', TAGGED), deny('Untag', 'iam:UntagRole', TAGGED)];
    expect(judgeRole(stacksWith(statements, { ManagedBy: 'someone-else' }))).toContain(
      'no service control policy denies',
    );
  });

  test('not by a deny that binds by tag while anyone may remove the tag', () => {
    const statements = [deny('Trust', 'iam:UpdateAssumeRolePolicy', TAGGED)];
    expect(judgeRole(stacksWith(statements, { ManagedBy: 'cdktf-audit-logging' }))).toContain(
      'binds by tag, and no service control policy denies iam:UntagRole',
    );
  });

  test('not by a deny of iam:* that a resource control policy holds, only a service control policy', () => {
    expect(judgeRole(stacksWith([deny('Trust', 'iam:*')]))).toBeUndefined();
    expect(judgeRole(stacksWith([deny('Trust', 'iam:*')], undefined, 'RESOURCE_CONTROL_POLICY'))).toContain(
      'no service control policy denies',
    );
  });

  test('never in the management account or outside the organization, whatever the pattern', () => {
    const stacks = stacksWith([deny('Trust', 'iam:UpdateAssumeRolePolicy')]);
    expect(judgeRole(stacks, { management: '222222222222', outsideOrganization: [] })).toContain(
      'is in the management account, which no SCP restricts',
    );
    expect(judgeRole(stacks, { management: '111111111111', outsideOrganization: ['222222222222'] })).toContain(
      'outside the organization',
    );
  });
});

describe("a missing argument is the provider's default", () => {
  test('a workgroup that does not set enforce_workgroup_configuration enforces it (the provider defaults it to true)', () => {
    const stack: SynthesizedStack = {
      name: 'log-archive',
      json: {
        resource: {
          aws_kms_key: { key: {} },
          aws_athena_workgroup: {
            wg: {
              configuration: {
                result_configuration: {
                  encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: '${aws_kms_key.key.arn}' },
                },
              },
            },
          },
        },
      },
    };
    expect(judge(ruleById('athena-workgroup-results-encrypted'), 'aws_athena_workgroup.wg', [stack])).toBeUndefined();
  });

  test('a policy that does not set its type is a service control policy (the provider default)', () => {
    const stacks: SynthesizedStack[] = [
      {
        name: 'member-a',
        json: {
          provider: { aws: [{ allowed_account_ids: ['222222222222'] }] },
          resource: { aws_iam_role: { role: { name: 'audit-config-recorder' } } },
        } as SynthesizedStack['json'],
      },
      {
        name: 'guardrails',
        json: {
          resource: {
            aws_organizations_policy: {
              scp: {
                content: JSON.stringify({
                  Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::*:role/audit-*' }],
                }),
              },
            },
          },
        },
      },
    ];
    expect(judge(ruleById('iam-role-guardrail-protected'), 'aws_iam_role.role', stacks)).toBeUndefined();
  });
});
