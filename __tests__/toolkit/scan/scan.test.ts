import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { exemptionMatches, type ScanExemption } from '../../../packages/cli/toolkit/scan/exemptions';
import { placedTypes, scanStacks } from '../../../packages/cli/toolkit/scan/scan';
import type { ScanAccounts } from '../../../packages/cli/toolkit/scan/scan-rule';
import { UNJUDGED_TYPES } from '../../../packages/cli/toolkit/scan/unjudged-types';
import { SCAN_RULES } from '../../../packages/cli/toolkit/scan/rules';

/*
 * The pack as a whole on small JSON: every type placed, findings sorted into exempted or not, and
 * exemptions that name an account kind.
 */

const ACCOUNTS: ScanAccounts = { management: '111111111111', outsideOrganization: ['999999999999'] };

/** A stack named `name` pinned to `account`, holding one role that no SCP protects. */
const roleStack = (name: string, account: string): SynthesizedStack => ({
  name,
  json: {
    provider: { aws: [{ allowed_account_ids: [account] }] },
    resource: { aws_iam_role: { role_1A2B3C4D: { name: 'audit-flow-logs-remediation', assume_role_policy: '{}' } } },
  } as SynthesizedStack['json'],
});

const EXEMPT_MANAGEMENT: ScanExemption = {
  rule: 'iam-role-guardrail-protected',
  resource: '*/aws_iam_role.*',
  account: 'management',
  reason: 'no SCP restricts the management account',
};

describe('the scan pack', () => {
  test('a resource type no rule judges or reads and no entry places is reported, so a new type is placed on purpose', () => {
    const stack: SynthesizedStack = {
      name: 'log-archive',
      json: { resource: { aws_sqs_queue: { q: { kms_master_key_id: 'alias/aws/sqs' } }, aws_new_thing: { t: {} } } },
    };
    const result = scanStacks([stack], undefined);
    expect(result.unplacedTypes).toEqual(['aws_new_thing']);
    expect(result.findings.map((f) => `${f.rule} ${f.address}`)).toEqual([
      'sqs-queue-encrypted-with-our-key aws_sqs_queue.q',
    ]);
  });

  test('UNJUDGED_TYPES places no type that a rule judges or reads', () => {
    const byRules = new Set(SCAN_RULES.flatMap((rule) => [...rule.judges, ...(rule.reads ?? [])]));
    expect(Object.keys(UNJUDGED_TYPES).filter((type) => byRules.has(type))).toEqual([]);
    expect(placedTypes().size).toBe(byRules.size + Object.keys(UNJUDGED_TYPES).length);
  });

  test('an exemption accepts only its rule and the resources its pattern names', () => {
    const exemption: ScanExemption = {
      rule: 'log-group-retention',
      resource: 'member-*/aws_cloudwatch_log_group.trail_*',
      reason: 'r',
    };
    const finding = {
      rule: 'log-group-retention',
      stack: 'member-a',
      address: 'aws_cloudwatch_log_group.trail_1A2B3C4D',
    };
    expect(exemptionMatches(exemption, finding, undefined)).toBe(true);
    expect(exemptionMatches(exemption, { ...finding, stack: 'organization' }, undefined)).toBe(false);
    expect(exemptionMatches(exemption, { ...finding, rule: 'log-group-encrypted-with-our-key' }, undefined)).toBe(
      false,
    );
    expect(exemptionMatches(exemption, { ...finding, address: 'aws_cloudwatch_log_group.trailX' }, undefined)).toBe(
      false,
    );
  });

  test('[scp-does-not-restrict-management-account] a role of the management account is exempted by its account kind; the same role in a member is a finding', () => {
    const result = scanStacks(
      [roleStack('member-management', '111111111111'), roleStack('member-workloads', '222222222222')],
      ACCOUNTS,
      SCAN_RULES.filter((rule) => rule.id === 'iam-role-guardrail-protected'),
      [EXEMPT_MANAGEMENT],
    );
    expect(result.exempted.map((f) => f.stack)).toEqual(['member-management']);
    expect(result.findings.map((f) => `${f.stack}: ${f.problem}`)).toEqual([
      'member-workloads: no service control policy denies iam:UpdateAssumeRolePolicy on arn:aws:iam::222222222222:role/audit-flow-logs-remediation',
    ]);
  });

  test('without the accounts of the config, an exemption that names an account kind accepts nothing', () => {
    const result = scanStacks(
      [roleStack('member-management', '111111111111')],
      undefined,
      SCAN_RULES.filter((rule) => rule.id === 'iam-role-guardrail-protected'),
      [EXEMPT_MANAGEMENT],
    );
    expect(result.exempted).toEqual([]);
    expect(result.findings).toHaveLength(1);
  });

  test('a member outside the organization is of its own kind', () => {
    const outside: ScanExemption = { ...EXEMPT_MANAGEMENT, account: 'outside-organization' };
    const finding = {
      rule: EXEMPT_MANAGEMENT.rule,
      stack: 'member-x',
      address: 'aws_iam_role.r',
      account: '999999999999',
    };
    expect(exemptionMatches(outside, finding, ACCOUNTS)).toBe(true);
    expect(exemptionMatches(outside, { ...finding, account: '111111111111' }, ACCOUNTS)).toBe(false);
  });
});
