import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { parseConfig } from '../../../modules/org-config/load';
import { ConfigError } from '../../../modules/core/errors';
import {
  existingMemberFindings,
  memberSettings,
  organizationFindings,
  subscriptionPolicyFindings,
  trailFindings,
} from '../../../packages/cli/toolkit/discovery/decisions';
import { mergeConfig, newConfig } from '../../../packages/cli/toolkit/discovery/discovered-config';
import { AccountResources, OrganizationInventory } from '../../../packages/cli/toolkit/discovery/inventory';
import { memberNameOf, uniqueMemberNames } from '../../../packages/cli/toolkit/discovery/member-names';
import { runCliInProcess } from '../../support/cli';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * The rules of `discover` on inventories built in code: naming, the settings of new members,
 * merging into a config, and the findings. The run against an organization in moto is
 * npm run e2e:onboarding (e2e/suites/onboarding.ts).
 */
const ORG = 'o-abcdefghij';

function inventory(
  overrides: Partial<OrganizationInventory> = {},
  resources: AccountResources[] = [],
): OrganizationInventory {
  return {
    organizationId: ORG,
    managementAccountId: '111111111111',
    accounts: [
      { id: '111111111111', name: 'Management', status: 'ACTIVE', ouPath: 'Root' },
      { id: '222222222222', name: 'Log Archive', status: 'ACTIVE', ouPath: 'Root/Security' },
      { id: '444444444444', name: 'Payments Prod', status: 'ACTIVE', ouPath: 'Root/Workloads' },
    ],
    trustedServices: [
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'securityhub.amazonaws.com',
    ],
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    resources: new Map(resources.map((r) => [r.accountId, r])),
    regions: ['eu-west-1', 'us-east-1'],
    errors: [],
    ...overrides,
  };
}

const clean = (accountId: string): AccountResources => ({ accountId, trails: [], recorders: [] });
const NEW = { regions: ['eu-west-1', 'us-east-1'] };

describe('member names', () => {
  test.each([
    ['Payments Prod (EU)', 'payments-prod-eu'],
    ['  Data__Lake  ', 'data-lake'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['日本', 'account-123456789012'],
    ['A'.repeat(60), 'a'.repeat(40)],
    ['x'.repeat(39) + ' y', 'x'.repeat(39)],
  ])('%j becomes %j', (name, expected) => {
    expect(memberNameOf(name, '123456789012')).toBe(expected);
  });

  test('names are unique among the new accounts and against the names the config has', () => {
    const names = uniqueMemberNames(
      [
        { id: '333333333333', name: 'Sandbox' },
        { id: '444444444444', name: 'sandbox' },
        { id: '555555555555', name: 'Payments' },
      ],
      ['payments'],
    );
    expect([...names.entries()]).toEqual([
      ['333333333333', 'sandbox'],
      ['444444444444', 'sandbox-4444'],
      ['555555555555', 'payments-5555'],
    ]);
  });
});

describe('a new member, from what its account holds', () => {
  test('a clean account keeps the defaults', () => {
    expect(memberSettings(clean('444444444444'))).toEqual({
      settings: { awsConfig: true, existingConfig: [] },
      findings: [],
    });
  });

  test("an existing recorder is adopted; Control Tower's is left to Control Tower", () => {
    const adopted = memberSettings({
      accountId: '444444444444',
      trails: [],
      recorders: [{ region: 'eu-west-1', recorderName: 'default', deliveryChannelName: 'default' }],
    });
    expect(adopted.settings.existingConfig).toEqual([
      { region: 'eu-west-1', recorderName: 'default', deliveryChannelName: 'default' },
    ]);
    expect(adopted.findings.map((f) => f.kind)).toEqual(['adopt-config']);
    const tower = memberSettings({
      accountId: '444444444444',
      trails: [],
      recorders: [
        {
          region: 'eu-west-1',
          recorderName: 'aws-controltower-BaselineConfigRecorder',
          bucketName: 'aws-controltower-logs-x',
        },
      ],
    });
    expect(tower.settings).toEqual({ awsConfig: 'control-tower', existingConfig: [] });
    expect(tower.findings[0].message).toContain('delivering to aws-controltower-logs-x');
  });

  test('an account that could not be read (access denied) keeps the defaults and is reported', () => {
    const denied = memberSettings({
      accountId: '444444444444',
      trails: [],
      recorders: [],
      error: 'AccessDenied: not authorized',
    });
    expect(denied.settings).toEqual({ awsConfig: true, existingConfig: [] });
    expect(denied.findings).toEqual([
      expect.objectContaining({
        kind: 'unreadable-account',
        message: expect.stringContaining('AccessDenied: not authorized'),
      }),
    ]);
  });
});

describe('a new config', () => {
  test('every account is a member with its OU path; the log archive is found by name; the result loads', () => {
    const result = newConfig(inventory({}, [clean('111111111111'), clean('222222222222'), clean('444444444444')]), NEW);
    const config = parseConfig(result.text);
    expect(config.organization).toEqual({ id: ORG, managementAccountId: '111111111111' });
    expect(config.logArchive.accountId).toBe('222222222222');
    expect(config.homeRegion).toBe('eu-west-1');
    expect(config.members.map((m) => [m.name, m.ouPath])).toEqual([
      ['management', 'Root'],
      ['log-archive', 'Root/Security'],
      ['payments-prod', 'Root/Workloads'],
    ]);
    expect(result.findings.map((f) => f.kind)).toEqual(['log-archive-guess', 'audit-account']);
    // No account is named like an audit account: no section, and the finding says how to add one.
    expect(config.audit).toBeUndefined();
    expect(result.findings[1].message).toContain('run discover with --audit <account id>');
  });

  test('access denied on one account: reported, the others still done', () => {
    const result = newConfig(
      inventory({}, [
        clean('111111111111'),
        clean('222222222222'),
        { ...clean('444444444444'), error: 'AccessDenied: no' },
      ]),
      NEW,
    );
    expect(parseConfig(result.text).members).toHaveLength(3);
    expect(result.findings.filter((f) => f.kind === 'unreadable-account').map((f) => f.accountId)).toEqual([
      '444444444444',
    ]);
  });

  test('no account named like the log archive: a clear error naming --log-archive', () => {
    const accounts = inventory().accounts.filter((a) => a.id !== '222222222222');
    expect(() => newConfig(inventory({ accounts }), NEW)).toThrow(
      'name the log archive account with --log-archive <account id>',
    );
    expect(() => newConfig(inventory({ accounts }), { ...NEW, logArchiveAccountId: '999999999999' })).toThrow(
      '--log-archive 999999999999 is not an account of organization o-abcdefghij',
    );
  });

  test('without Regions: an error naming --regions', () => {
    expect(() => newConfig(inventory(), { regions: [] })).toThrow('--regions is required for a new config');
  });
});

describe('merging into an existing config', () => {
  const existing = `{
  "organization": { "id": "${ORG}", "managementAccountId": "111111111111" },
  "homeRegion": "eu-west-1",
  "governedRegions": ["eu-west-1", "us-east-1"],
  "logArchive": { "accountId": "222222222222" },
  "members": [
    { "name": "payments", "accountId": "444444444444", "sessionManagerLogs": true },
    { "name": "old-team", "accountId": "777777777777" }
  ]
}
`;

  test('adds new accounts, updates ouPath, marks departed members, and touches nothing else', () => {
    const result = mergeConfig(existing, 'audit.config.json', inventory());
    const config = parseConfig(result.text);
    expect(config.members.map((m) => [m.name, m.accountId, m.ouPath, m.accountStatus])).toEqual([
      ['payments', '444444444444', 'Root/Workloads', 'ACTIVE'],
      ['old-team', '777777777777', undefined, 'DEPARTED'],
      ['management', '111111111111', 'Root', 'ACTIVE'],
      ['log-archive', '222222222222', 'Root/Security', 'ACTIVE'],
    ]);
    expect(config.members[0].sessionManagerLogs).toBe(true);
    // The user's own lines are kept as written.
    expect(result.text).toContain('"organization": { "id": "o-abcdefghij", "managementAccountId": "111111111111" },');
    expect(result.changes).toEqual([
      'ouPath of member payments: (none) -> Root/Workloads',
      'marked member old-team (777777777777) DEPARTED: it is no longer in the organization',
      'added member management (111111111111, Root)',
      'added member log-archive (222222222222, Root/Security)',
    ]);
  });

  test('a second merge changes nothing', () => {
    const once = mergeConfig(existing, 'audit.config.json', inventory()).text;
    const twice = mergeConfig(once, 'audit.config.json', inventory());
    expect(twice.text).toBe(once);
    expect(twice.changes).toEqual([]);
  });

  test('never adopts for a member the config has already, but reports the collision', () => {
    const found = existingMemberFindings(parseConfig(existing).members[0], {
      accountId: '444444444444',
      trails: [],
      recorders: [{ region: 'us-east-1', recorderName: 'ops', deliveryChannelName: 'ops-channel' }],
    });
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'existing-recorder-not-adopted',
        message: expect.stringContaining(
          'add { "region": "us-east-1", "recorderName": "ops", "deliveryChannelName": "ops-channel" } to its existingConfig',
        ),
      }),
    ]);
  });

  test('a config of another organization is refused', () => {
    expect(() => mergeConfig(existing.replace(ORG, 'o-zzzzzzzzzz'), 'audit.config.json', inventory())).toThrow(
      'audit.config.json is for organization o-zzzzzzzzzz, but these credentials read o-abcdefghij',
    );
  });
});

describe('the audit account of a new config', () => {
  const withAccounts = (
    extra: { id: string; name: string }[],
    overrides: Partial<OrganizationInventory> = {},
    resources: AccountResources[] = [],
  ) =>
    inventory(
      {
        accounts: [...inventory().accounts, ...extra.map((a) => ({ ...a, status: 'ACTIVE', ouPath: 'Root/Security' }))],
        ...overrides,
      },
      resources,
    );
  const auditOf = (inv: OrganizationInventory, options: Partial<Parameters<typeof newConfig>[1]> = {}) => {
    const result = newConfig(inv, { ...NEW, ...options });
    return { config: parseConfig(result.text), findings: result.findings.filter((f) => f.kind.startsWith('audit')) };
  };

  test('the account named "Audit" (before "Security Tooling"), everything built', () => {
    const { config, findings } = auditOf(
      withAccounts([
        { id: '333333333333', name: 'Security Tooling' },
        { id: '555555555555', name: 'Audit' },
      ]),
    );
    expect(config.audit).toMatchObject({
      accountId: '555555555555',
      configAggregator: true,
      securityHub: true,
      registerAdministrators: true,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'audit-account',
        accountId: '555555555555',
        message: expect.stringContaining('by its name "Audit"'),
      }),
    ]);
    expect(auditOf(withAccounts([{ id: '333333333333', name: 'Security Tooling' }])).config.audit).toMatchObject({
      accountId: '333333333333',
    });
  });

  test('two accounts named "Audit": none chosen, both named; --audit chooses; the management account is refused', () => {
    const two = withAccounts([
      { id: '333333333333', name: 'Audit' },
      { id: '555555555555', name: 'audit' },
    ]);
    const { config, findings } = auditOf(two);
    expect(config.audit).toBeUndefined();
    expect(findings[0].message).toContain('2 accounts are named like an audit account (333333333333, 555555555555)');
    expect(auditOf(two, { auditAccountId: '555555555555' }).config.audit).toMatchObject({ accountId: '555555555555' });
    expect(() => newConfig(two, { ...NEW, auditAccountId: '111111111111' })).toThrow(
      '--audit 111111111111 is the management account',
    );
    expect(() => newConfig(two, { ...NEW, auditAccountId: '999999999999' })).toThrow(
      '--audit 999999999999 is not an account of organization',
    );
  });

  test("Control Tower's aggregator, Config delegated already, Security Hub administered elsewhere: each left to its owner", () => {
    const controlTower = {
      accountId: '444444444444',
      trails: [],
      recorders: [{ region: 'eu-west-1', recorderName: 'aws-controltower-BaselineConfigRecorder' }],
    };
    const { config, findings } = auditOf(
      withAccounts(
        [
          { id: '333333333333', name: 'Audit' },
          { id: '555555555555', name: 'Security' },
        ],
        { configDelegatedAdministrators: ['555555555555'], securityHubDelegatedAdministrator: '333333333333' },
        [controlTower],
      ),
    );
    // AWS Config's administrator wins over the name: no fight over the administrator.
    expect(config.audit).toMatchObject({
      accountId: '555555555555',
      configAggregator: false,
      securityHub: false,
      registerAdministrators: false,
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("is the audit account (AWS Config's delegated administrator already)"),
      expect.stringContaining('Control Tower is in use and keeps its own organization aggregator'),
      expect.stringContaining(
        "is Security Hub's administrator already (an organization has one): securityHub is false",
      ),
      expect.stringContaining('is registered already for AWS Config: registerAdministrators is false'),
    ]);
    // Registered for AWS Config but not Security Hub: the command for the rest is given.
    const partly = auditOf(
      withAccounts([{ id: '555555555555', name: 'Audit' }], { configDelegatedAdministrators: ['555555555555'] }),
    );
    expect(partly.findings.at(-1)?.message).toContain(
      'aws securityhub enable-organization-admin-account --admin-account-id 555555555555',
    );
  });

  test("--audit names another account than AWS Config's administrator: the aggregator is left to it, the registration is not fought over", () => {
    const { config, findings } = auditOf(
      withAccounts(
        [
          { id: '333333333333', name: 'Audit' },
          { id: '555555555555', name: 'Security' },
        ],
        { configDelegatedAdministrators: ['555555555555'] },
      ),
      { auditAccountId: '333333333333' },
    );
    // 555555555555 keeps its registration and its aggregator; 333333333333 is registered beside it for the rules.
    expect(config.audit).toMatchObject({
      accountId: '333333333333',
      configAggregator: false,
      registerAdministrators: true,
      securityHub: true,
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('is the audit account (named by --audit)'),
      expect.stringMatching(
        /^AWS Config is delegated to 555555555555 already: the organization's aggregator is left to it \(configAggregator is false: no second aggregator/,
      ),
    ]);
  });

  test("merging: an aggregator Control Tower or another administrator owns is named with audit.configAggregator's fix", () => {
    const existing = (audit: Record<string, unknown>, awsConfig: unknown = true) =>
      JSON.stringify({
        organization: { id: ORG, managementAccountId: '111111111111' },
        homeRegion: 'eu-west-1',
        governedRegions: ['eu-west-1'],
        logArchive: { accountId: '222222222222' },
        audit: { accountId: '555555555555', ...audit },
        members: [{ name: 'payments', accountId: '444444444444', awsConfig }],
      });
    const coexistence = (text: string, inv: OrganizationInventory) =>
      mergeConfig(text, 'audit.config.json', inv)
        .findings.filter((f) => f.kind === 'audit-coexistence')
        .map((f) => [f.accountId, f.message]);
    const audit = withAccounts([{ id: '555555555555', name: 'Audit' }]);
    // Control Tower's members (read from the config: no --role needed to know it).
    expect(coexistence(existing({}, 'control-tower'), audit)).toEqual([
      [
        '555555555555',
        expect.stringMatching(
          /^audit\.configAggregator is true, but Control Tower is in use .* set audit\.configAggregator to false/,
        ),
      ],
    ]);
    // Another account is AWS Config's administrator.
    const elsewhere = withAccounts([{ id: '555555555555', name: 'Audit' }], {
      configDelegatedAdministrators: ['333333333333', '555555555555'],
    });
    expect(coexistence(existing({}), elsewhere)).toEqual([
      [
        '333333333333',
        expect.stringMatching(
          /^is AWS Config's delegated administrator, not audit\.accountId 555555555555: .* set audit\.configAggregator to false/,
        ),
      ],
    ]);
    // Left to them already: nothing to say.
    expect(coexistence(existing({ configAggregator: false }, 'control-tower'), elsewhere)).toEqual([]);
    expect(coexistence(existing({}), audit)).toEqual([]);
    // Security Hub administered elsewhere: the designation would fail, or the central configuration would.
    const hub = withAccounts([{ id: '555555555555', name: 'Audit' }], {
      securityHubDelegatedAdministrator: '333333333333',
    });
    expect(coexistence(existing({}), hub)[0][1]).toContain(
      'audit.registerAdministrators would designate a second one and the audit-delegation apply would fail',
    );
    expect(coexistence(existing({ registerAdministrators: false }), hub)[0][1]).toContain(
      "the audit stack's central configuration would fail there",
    );
    expect(coexistence(existing({ securityHub: false }), hub)).toEqual([]);
  });

  test('merging: a config without audit is told which account could be it; a Security Hub administrator elsewhere is reported', () => {
    const existing = JSON.stringify({
      organization: { id: ORG, managementAccountId: '111111111111' },
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-west-1'],
      logArchive: { accountId: '222222222222' },
    });
    const inv = withAccounts([{ id: '555555555555', name: 'Audit' }], {
      securityHubDelegatedAdministrator: '333333333333',
    });
    const without = mergeConfig(existing, 'audit.config.json', inv);
    expect(parseConfig(without.text).audit).toBeUndefined();
    expect(without.findings).toContainEqual(
      expect.objectContaining({
        kind: 'audit-account',
        message: expect.stringContaining('could be the audit account: the config has no audit section'),
      }),
    );
    const withAudit = mergeConfig(
      existing.replace('"members"', '"x"').replace('}', '}, "audit": { "accountId": "555555555555" }'),
      'audit.config.json',
      inv,
    );
    expect(withAudit.findings).toContainEqual(
      expect.objectContaining({
        kind: 'audit-coexistence',
        accountId: '333333333333',
        message: expect.stringContaining('the audit-delegation apply would fail'),
      }),
    );
  });
});

describe('findings', () => {
  test('an organization without trusted access for CloudTrail, and without the policy types', () => {
    const findings = organizationFindings(
      inventory({ trustedServices: [], enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'] }),
    );
    expect(findings.map((f) => f.kind)).toEqual(['no-trusted-access', 'no-trusted-access', 'policy-types']);
    expect(findings[0].message).toContain('enable-aws-service-access --service-principal cloudtrail.amazonaws.com');
    expect(findings[1].message).toContain(
      'trusted access is off for config.amazonaws.com, config-multiaccountsetup.amazonaws.com, securityhub.amazonaws.com: the audit-delegation stack stops at plan',
    );
    expect(findings[2].message).toContain('RESOURCE_CONTROL_POLICY is not enabled on the root');
  });

  test('trails that duplicate the organization trail are reported with the cost, ours is not', () => {
    const trail = (name: string, isOrganizationTrail: boolean) => ({
      name,
      arn: `arn:aws:cloudtrail:eu-west-1:111111111111:trail/${name}`,
      homeRegion: 'eu-west-1',
      bucketName: 'somewhere',
      isOrganizationTrail,
      isMultiRegionTrail: true,
    });
    const found = trailFindings(
      inventory({}, [
        {
          accountId: '111111111111',
          recorders: [],
          trails: [trail('organization-trail', true), trail('old-org-trail', true), trail('local', false)],
        },
      ]),
      'organization-trail',
    );
    expect(found.map((f) => f.kind)).toEqual(['duplicate-organization-trail', 'duplicate-account-trail']);
    expect(found[0].message).toContain('USD 2.00 per 100,000 events');
    expect(found[0].message).toContain('Kept, not deleted');
  });
});

describe("another tool's account-level subscription filter policy [logs-account-policy-one-per-region]", () => {
  const withPolicies = (accountId: string, ...names: [region: string, policyName: string][]): AccountResources => ({
    ...clean(accountId),
    subscriptionPolicies: names.map(([region, policyName]) => ({ region, policyName })),
  });

  test("is reported with its Region and the two ways out; ours, and the log archive's, are not", () => {
    const found = subscriptionPolicyFindings(
      inventory({}, [
        withPolicies('444444444444', ['eu-west-1', 'vendor-forwarder'], ['us-east-1', 'audit-application-logs']),
        withPolicies('222222222222', ['eu-west-1', 'vendor-forwarder']),
        clean('111111111111'),
      ]),
      '222222222222',
    );
    expect(found).toEqual([
      {
        kind: 'account-subscription-policy',
        accountId: '444444444444',
        message: expect.stringContaining('"vendor-forwarder" in eu-west-1'),
      },
    ]);
    expect(found[0].message).toContain('CloudWatch Logs allows one per account and Region');
    expect(found[0].message).toContain('add the member to applicationLogs.optedOutMembers');
  });

  test('a role that cannot read the policies: reported, naming the permission; the rest of the account was read', () => {
    const found = subscriptionPolicyFindings(
      inventory({}, [{ ...clean('444444444444'), subscriptionPoliciesError: 'AccessDeniedException: no' }]),
      '222222222222',
    );
    expect(found.map((f) => f.kind)).toEqual(['account-subscription-policy-unread']);
    expect(found[0].message).toContain('logs:DescribeAccountPolicies');
  });

  test('merging: a member opted out of applicationLogs is not reported; a new config reports every sender', () => {
    const text = `{
  "organization": { "id": "${ORG}", "managementAccountId": "111111111111" },
  "homeRegion": "eu-west-1",
  "governedRegions": ["eu-west-1"],
  "logArchive": { "accountId": "222222222222" },
  "applicationLogs": { "enabled": true, "optedOutMembers": ["payments"] },
  "members": [
    { "name": "payments", "accountId": "444444444444" },
    { "name": "management", "accountId": "111111111111" }
  ]
}
`;
    const resources = [
      withPolicies('444444444444', ['eu-west-1', 'vendor-forwarder']),
      withPolicies('111111111111', ['eu-west-1', 'other']),
    ];
    const merged = mergeConfig(text, 'audit.config.json', inventory({}, resources));
    expect(merged.findings.filter((f) => f.kind === 'account-subscription-policy').map((f) => f.accountId)).toEqual([
      '111111111111',
    ]);
    const created = newConfig(inventory({}, resources), NEW);
    expect(
      created.findings
        .filter((f) => f.kind === 'account-subscription-policy')
        .map((f) => f.accountId)
        .sort(),
    ).toEqual(['111111111111', '444444444444']);
  });
});

describe('npm run discover: bad input, before any call to AWS', () => {
  const noCredentials = {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
  };

  test('a config that does not parse is left untouched', async () => {
    const dir = tempDir('discover-bad');
    const file = path.join(dir, 'audit.config.json');
    fs.writeFileSync(file, '{ "homeRegion": "eu-west-1", }');
    const result = await runCliInProcess(['discover', '--config', file], { env: noCredentials });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('1 problem; it is left untouched, and nothing was read from AWS.');
    expect(result.stderr).toContain('trailing comma');
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "homeRegion": "eu-west-1", }');
  });

  test('a new config without --regions, a bad Region, role or concurrency', async () => {
    const file = path.join(tempDir('discover-new'), 'audit.config.json');
    const run = (args: string[]) => runCliInProcess(['discover', '--config', file, ...args], { env: noCredentials });
    expect((await run([])).stderr).toContain('does not exist: give --regions');
    expect((await run(['--regions', 'eu-wset-1'])).stderr).toContain('eu-wset-1 is not an AWS Region code');
    expect((await run(['--regions', 'eu-west-1', '--role', 'bad role'])).stderr).toContain(
      '--role "bad role" must be an IAM role name',
    );
    expect((await run(['--regions', 'eu-west-1', '--concurrency', '0'])).stderr).toContain(
      '--concurrency 0 is not a number of accounts at once; give a whole number from 1 to 64',
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  test('no credentials: one clear message, exit 2, nothing written', async () => {
    const file = path.join(tempDir('discover-nocreds'), 'audit.config.json');
    const result = await runCliInProcess(['discover', '--config', file, '--regions', 'eu-west-1'], {
      env: noCredentials,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'cdktf-audit-logging discover: discover needs AWS credentials of the management account',
    );
    expect(result.stderr).toContain('Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(fs.existsSync(file)).toBe(false);
  }, 30_000);
});

describe('npm run discover against a fake STS, Organizations, CloudTrail and AWS Config', () => {
  /** What the fake organization holds; each list of lists is answered one page per inner list. */
  interface FakeSetup {
    /** The ARN GetCallerIdentity answers. @default arn:aws:iam::111111111111:user/admin */
    readonly callerArn?: string;
    /** Accounts under the root. @default none */
    readonly accounts?: readonly { readonly Id: string; readonly Name: string }[];
    /** Pages of ListAWSServiceAccessForOrganization. @default one empty page */
    readonly trustedServices?: readonly (readonly string[])[];
    /** Pages of ListDelegatedAdministrators, by service principal. @default one empty page */
    readonly delegatedAdministrators?: Readonly<Record<string, readonly (readonly string[])[]>>;
    /** Service principals ListDelegatedAdministrators refuses as unrecognized (moto 5.2.1 did for Security Hub). */
    readonly unrecognizedPrincipals?: readonly string[];
    /** Pages of DescribeAccountPolicies (SUBSCRIPTION_FILTER_POLICY) in every account: policy names. @default one empty page */
    readonly subscriptionPolicies?: readonly (readonly string[])[];
  }

  /** A request the fake received: `<service>:<operation>`, the Region its SigV4 credential scope names, its body. */
  interface FakeRequest {
    readonly call: string;
    readonly signedRegion: string;
    readonly body: string;
  }

  /**
   * STS, Organizations, CloudTrail and AWS Config of organization ORG, on loopback; records each
   * call and fails any it does not fake. A paginated list answers its first page with a NextToken,
   * and the next page only to a request that carries that token.
   */
  async function fakeOrganization(setup: FakeSetup = {}): Promise<{
    url: string;
    calls: string[];
    requests: FakeRequest[];
    close: () => Promise<void>;
  }> {
    const calls: string[] = [];
    const requests: FakeRequest[] = [];
    const accounts = (setup.accounts ?? []).map((a) => ({ ...a, Status: 'ACTIVE' }));
    /** Page `NextToken` (`page-<n>`, else the first) of `pages`, under `key`, with the token of the next. */
    const paged = (key: string, pages: readonly (readonly unknown[])[], request: { NextToken?: string }) => {
      const index = Number(/^page-(\d+)$/.exec(request.NextToken ?? '')?.[1] ?? 0);
      return { [key]: pages[index] ?? [], ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}) };
    };
    const json: Record<string, (request: Record<string, string | undefined>) => unknown> = {
      DescribeOrganization: () => ({ Organization: { Id: ORG, MasterAccountId: '111111111111' } }),
      ListRoots: () => ({ Roots: [{ Id: 'r-ab12', PolicyTypes: [] }] }),
      ListAccounts: () => ({ Accounts: accounts }),
      ListOrganizationalUnitsForParent: () => ({ OrganizationalUnits: [] }),
      ListAccountsForParent: () => ({ Accounts: accounts }),
      ListAWSServiceAccessForOrganization: (request) =>
        paged(
          'EnabledServicePrincipals',
          (setup.trustedServices ?? [[]]).map((page) => page.map((ServicePrincipal) => ({ ServicePrincipal }))),
          request,
        ),
      ListDelegatedAdministrators: (request) =>
        setup.unrecognizedPrincipals?.includes(request.ServicePrincipal ?? '')
          ? { __type: 'InvalidInputException', message: 'You specified an unrecognized service principal.' }
          : paged(
              'DelegatedAdministrators',
              (setup.delegatedAdministrators?.[request.ServicePrincipal ?? ''] ?? [[]]).map((page) =>
                page.map((Id) => ({ Id })),
              ),
              request,
            ),
      // Read in each account with the credentials AssumeRole gave.
      DescribeTrails: () => ({ trailList: [] }),
      DescribeConfigurationRecorders: () => ({ ConfigurationRecorders: [] }),
      DescribeDeliveryChannels: () => ({ DeliveryChannels: [] }),
      // CloudWatch Logs names its token nextToken.
      DescribeAccountPolicies: (request) => {
        const page = paged(
          'accountPolicies',
          (setup.subscriptionPolicies ?? [[]]).map((names) =>
            names.map((policyName) => ({ policyName, policyType: request.policyType })),
          ),
          { NextToken: request.nextToken },
        ) as { accountPolicies: unknown[]; NextToken?: string };
        return {
          accountPolicies: page.accountPolicies,
          ...(page.NextToken === undefined ? {} : { nextToken: page.NextToken }),
        };
      },
    };
    const sts: Record<string, string> = {
      GetCallerIdentity:
        `<Arn>${setup.callerArn ?? 'arn:aws:iam::111111111111:user/admin'}</Arn>` +
        '<UserId>AIDAEXAMPLE</UserId><Account>111111111111</Account>',
      AssumeRole:
        '<Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>' +
        '<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>',
    };
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        // SigV4: Credential=<key>/<date>/<region>/<service>/aws4_request
        const [, signedRegion = '', service = ''] =
          /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(request.headers.authorization ?? '')) ?? [];
        const target = String(request.headers['x-amz-target'] ?? '');
        if (target === '') {
          // STS speaks the query protocol: the action is in the form body.
          const action = new URLSearchParams(body).get('Action') ?? '';
          calls.push(`${service}:${action}`);
          requests.push({ call: `${service}:${action}`, signedRegion, body });
          const result = sts[action];
          if (result === undefined) {
            response.writeHead(400, { 'content-type': 'text/xml' });
            response.end(
              `<ErrorResponse><Error><Code>NotFaked</Code><Message>${action}</Message></Error></ErrorResponse>`,
            );
            return;
          }
          response.writeHead(200, { 'content-type': 'text/xml' });
          response.end(
            `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>${result}</${action}Result>` +
              `<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
          );
          return;
        }
        // AWSOrganizationsV20161128.ListAccounts, StarlingDoveService.DescribeDeliveryChannels, ...
        const operation = target.split('.').at(-1) ?? target;
        calls.push(`${service}:${operation}`);
        requests.push({ call: `${service}:${operation}`, signedRegion, body });
        const answer = json[operation]?.(JSON.parse(body === '' ? '{}' : body));
        const refused = answer === undefined || (answer as { __type?: string }).__type !== undefined;
        response.writeHead(refused ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer ?? { __type: 'NotFaked', message: operation }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      calls,
      requests,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  const env = (url: string) => ({
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
  });

  /** The minimal example config, of organization `organizationId`, in a new folder. */
  function existingConfig(organizationId: string): string {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'bare.config.json'), 'utf8'));
    config.organization.id = organizationId;
    const file = path.join(tempDir('discover-existing'), 'audit.config.json');
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  test('a config of another organization is refused after DescribeOrganization, before any account is listed', async () => {
    const aws = await fakeOrganization();
    try {
      const file = existingConfig('o-zzzzzzzzzz');
      const before = fs.readFileSync(file, 'utf8');
      const result = await runCliInProcess(['discover', '--config', file], { env: env(aws.url) });
      expect(result.stderr).toContain(
        `${file} is for organization o-zzzzzzzzzz, but these credentials read ${ORG}: use the management account of o-zzzzzzzzzz, or another --out`,
      );
      expect(result.status).toBe(2);
      expect(aws.calls).toContain('organizations:DescribeOrganization');
      expect(aws.calls.filter((call) => /ListAccounts|AssumeRole|ListOrganizationalUnits/.test(call))).toEqual([]);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    } finally {
      await aws.close();
    }
  }, 30_000);

  test('a config of the same organization goes on to list the accounts (the check can pass)', async () => {
    const aws = await fakeOrganization();
    try {
      const result = await runCliInProcess(['discover', '--config', existingConfig(ORG), '--dry-run'], {
        env: env(aws.url),
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(aws.calls).toContain('organizations:ListAccounts');
    } finally {
      await aws.close();
    }
  }, 30_000);

  const ROLE = 'OrganizationAccountAccessRole';
  const MANAGEMENT_AND_ARCHIVE = [
    { Id: '111111111111', Name: 'Management' },
    { Id: '222222222222', Name: 'Log Archive' },
  ];

  test('a delegated-administrator list refused is a finding that says what discover proposed without it', async () => {
    const aws = await fakeOrganization({
      accounts: MANAGEMENT_AND_ARCHIVE,
      unrecognizedPrincipals: ['securityhub.amazonaws.com'],
    });
    try {
      const file = path.join(tempDir('discover-unrecognized'), 'audit.config.json');
      const result = await runCliInProcess(
        ['discover', '--config', file, '--regions', 'eu-west-1', '--role', ROLE, '--json'],
        { env: env(aws.url) },
      );
      const { findings } = JSON.parse(result.stdout) as { findings: { kind: string; message: string }[] };
      expect(findings.filter((f) => f.kind === 'organization-read').map((f) => f.message)).toEqual([
        'could not list the Security Hub delegated administrators (ListDelegatedAdministrators for securityhub.amazonaws.com): ' +
          'InvalidInputException: You specified an unrecognized service principal. The audit account is proposed without ' +
          "knowing Security Hub's administrator: if it has one, make it audit.accountId.",
      ]);
    } finally {
      await aws.close();
    }
  });

  test('trusted access and delegated administrators on a second page are read (a short first page with a NextToken)', async () => {
    const aws = await fakeOrganization({
      accounts: [...MANAGEMENT_AND_ARCHIVE, { Id: '555555555555', Name: 'Security' }],
      trustedServices: [
        ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'],
        ['cloudtrail.amazonaws.com', 'securityhub.amazonaws.com'],
      ],
      delegatedAdministrators: {
        'config.amazonaws.com': [[], ['555555555555']],
        'securityhub.amazonaws.com': [[], ['555555555555']],
      },
    });
    try {
      const file = path.join(tempDir('discover-pages'), 'audit.config.json');
      const result = await runCliInProcess(
        ['discover', '--config', file, '--regions', 'eu-west-1', '--role', ROLE, '--json'],
        { env: env(aws.url) },
      );
      expect(result.status).toBe(0);
      const { findings } = JSON.parse(result.stdout) as { findings: { kind: string; message: string }[] };
      // Every audit principal and CloudTrail has trusted access: nothing to turn on.
      expect(findings.filter((f) => f.kind === 'no-trusted-access')).toEqual([]);
      // 555555555555 is AWS Config's and Security Hub's administrator only on the second pages: it is
      // the audit account, registered already (its name alone would not have made it one).
      expect(parseConfig(fs.readFileSync(file, 'utf8')).audit).toMatchObject({
        accountId: '555555555555',
        registerAdministrators: false,
      });
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'audit-account',
          message: expect.stringContaining("AWS Config's delegated administrator already"),
        }),
      );
      // The second page was asked for with the first page's token.
      const pages = aws.requests.filter((r) => r.call === 'organizations:ListAWSServiceAccessForOrganization');
      expect(pages.map((r) => JSON.parse(r.body).NextToken)).toEqual([undefined, 'page-1']);
      const configAdmins = aws.requests
        .filter((r) => r.call === 'organizations:ListDelegatedAdministrators')
        .map((r) => JSON.parse(r.body))
        .filter((b) => b.ServicePrincipal === 'config.amazonaws.com');
      expect(configAdmins.map((b) => b.NextToken)).toEqual([undefined, 'page-1']);
    } finally {
      await aws.close();
    }
  }, 30_000);

  test("another tool's subscription filter policy on a second page of DescribeAccountPolicies is reported [logs-account-policy-one-per-region]", async () => {
    const aws = await fakeOrganization({
      accounts: [...MANAGEMENT_AND_ARCHIVE, { Id: '555555555555', Name: 'Payments' }],
      subscriptionPolicies: [[], ['vendor-forwarder']],
    });
    try {
      const file = path.join(tempDir('discover-subscription'), 'audit.config.json');
      const result = await runCliInProcess(
        ['discover', '--config', file, '--regions', 'eu-west-1', '--role', ROLE, '--json'],
        { env: env(aws.url) },
      );
      expect(result.status).toBe(0);
      const { findings } = JSON.parse(result.stdout) as { findings: { kind: string; accountId?: string }[] };
      // Every account answers the same fake: each but the log archive's is a sender.
      const reported = findings.filter((f) => f.kind === 'account-subscription-policy').map((f) => f.accountId);
      expect(reported.sort()).toEqual(
        MANAGEMENT_AND_ARCHIVE.map((a) => a.Id)
          .concat('555555555555')
          .filter((id) => id !== parseConfig(fs.readFileSync(file, 'utf8')).logArchive.accountId)
          .sort(),
      );
      const asked = aws.requests
        .filter((r) => r.call === 'logs:DescribeAccountPolicies')
        .map((r) => JSON.parse(r.body));
      expect(asked.every((b) => b.policyType === 'SUBSCRIPTION_FILTER_POLICY')).toBe(true);
      expect(asked.filter((b) => b.nextToken === 'page-1').length).toBe(3);
    } finally {
      await aws.close();
    }
  }, 30_000);

  test('a caller in aws-cn: every request is signed for the cn Region, and the role assumed is an aws-cn ARN', async () => {
    const aws = await fakeOrganization({
      callerArn: 'arn:aws-cn:iam::111111111111:user/admin',
      accounts: MANAGEMENT_AND_ARCHIVE,
    });
    try {
      const file = path.join(tempDir('discover-cn'), 'audit.config.json');
      const result = await runCliInProcess(['discover', '--config', file, '--regions', 'cn-north-1', '--role', ROLE], {
        env: env(aws.url),
      });
      expect(result.status).toBe(0);
      const assumed = aws.requests.filter((r) => r.call === 'sts:AssumeRole');
      expect(assumed.map((r) => new URLSearchParams(r.body).get('RoleArn'))).toEqual([
        `arn:aws-cn:iam::222222222222:role/${ROLE}`,
      ]);
      // STS and Organizations too: not us-east-1, which the aws-cn partition does not have.
      expect(new Set(aws.requests.map((r) => r.call.split(':')[0]))).toEqual(
        new Set(['sts', 'organizations', 'cloudtrail', 'config', 'logs']),
      );
      expect(
        aws.requests.filter((r) => r.signedRegion !== 'cn-north-1').map((r) => `${r.call} ${r.signedRegion}`),
      ).toEqual([]);
      expect(parseConfig(fs.readFileSync(file, 'utf8')).homeRegion).toBe('cn-north-1');
    } finally {
      await aws.close();
    }
  }, 30_000);

  test('with an existing config, STS and Organizations are called in its homeRegion, not the first governed Region', async () => {
    const aws = await fakeOrganization({
      callerArn: 'arn:aws-cn:iam::111111111111:user/admin',
      accounts: [{ Id: '111111111111', Name: 'Management' }],
    });
    try {
      const file = path.join(tempDir('discover-home'), 'audit.config.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          organization: { id: ORG, managementAccountId: '111111111111' },
          homeRegion: 'cn-northwest-1',
          governedRegions: ['cn-north-1', 'cn-northwest-1'],
          logArchive: { accountId: '222222222222' },
        }),
      );
      const result = await runCliInProcess(['discover', '--config', file, '--dry-run'], { env: env(aws.url) });
      expect(result.status).toBe(0);
      const regionsOf = (service: string) =>
        [...new Set(aws.requests.filter((r) => r.call.startsWith(`${service}:`)).map((r) => r.signedRegion))].sort();
      expect(regionsOf('sts')).toEqual(['cn-northwest-1']);
      expect(regionsOf('organizations')).toEqual(['cn-northwest-1']);
      expect(regionsOf('cloudtrail')).toEqual(['cn-north-1', 'cn-northwest-1']);
    } finally {
      await aws.close();
    }
  }, 30_000);
});

test('ConfigError is what a bad existing config throws (the command maps it to exit 2)', () => {
  expect(() => mergeConfig('{', 'x.json', inventory())).toThrow(ConfigError);
});
