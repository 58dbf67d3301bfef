import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { SANDBOX, TOOLING } from '../policy/log-archive-cases';
import { shippedConfig } from '../../support/synth';
import { allWarningsOf, configWith, stacksOf, warningsOf } from './member-fixtures';

const config = configWith();

describe('config warnings, shown by cdktf synth', () => {
  test('the log archive in the management account, where no SCP or RCP applies, reported by synth', () => {
    const stacks = buildStacks(
      Testing.app(),
      configWith({ logArchive: { accountId: '111111111111', bucketName: 'acme-audit' } }),
    );
    const warnings = stacks.flatMap(allWarningsOf);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^logArchive\.accountId: is the management account \(111111111111\), where AWS applies no SCP or RCP/,
        ),
      ]),
    );
    expect(warnings.find((w) => w.startsWith('logArchive.accountId'))).toContain(
      'Move the archive to an account of its own',
    );
    expect(
      buildStacks(Testing.app(), configWith())
        .flatMap(allWarningsOf)
        .filter((w) => w.startsWith('logArchive')),
    ).toEqual([]);
  });

  test('the guardrails managed from the archive or the trail account they bind, reported by synth', () => {
    const policyWarnings = (overrides: Record<string, unknown>) =>
      buildStacks(Testing.app(), configWith(overrides))
        .flatMap(allWarningsOf)
        .filter((w) => w.startsWith('guardrails.accountId'));
    expect(policyWarnings({ guardrails: { accountId: '222222222222' } })).toEqual([
      expect.stringMatching(
        /^guardrails\.accountId: is the log archive account \(logArchive\.accountId\), whose administrators the guardrails bind: .* can detach the guardrails and then delete logs/,
      ),
    ]);
    const trail = { name: 'org-trail', accountId: '666666666666' };
    expect(policyWarnings({ trail, guardrails: { accountId: '666666666666' } })).toEqual([
      expect.stringMatching(
        /^guardrails\.accountId: is the trail account \(trail\.accountId\).*Leave guardrails\.accountId out/,
      ),
    ]);
    // An account of its own, the management account, or guardrails off: nothing to say.
    for (const guardrails of [
      { accountId: '888888888888' },
      { accountId: '111111111111' },
      { accountId: '222222222222', enabled: false },
    ]) {
      expect(policyWarnings({ trail, guardrails })).toEqual([]);
    }
  });

  test('guardrails turned off, reported on the organization stack', () => {
    const stacks = buildStacks(Testing.app(), configWith({ guardrails: { enabled: false } }));
    expect(stacks.map((s) => s.node.id)).not.toContain('guardrails');
    expect(warningsOf(stacks[1])).toEqual([
      expect.stringContaining('guardrails.enabled: is false, so no organization policy protects the evidence'),
    ]);
    expect(warningsOf(buildStacks(Testing.app(), configWith({}))[1])).toEqual([]);
  });

  test('a console sign-in variant for a control that is not selected, reported on the organization stack', () => {
    const alarms = {
      emails: ['sec@example.com'],
      controls: ['root-account-usage'],
      consoleSigninWithoutMfa: 'iam-users',
    };
    expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([
      'alarms.consoleSigninWithoutMfa: is "iam-users", but alarms.controls does not include "console-signin-without-mfa", so it changes nothing; add that control, or remove the setting',
    ]);
    for (const selected of [
      { controls: 'cis', consoleSigninWithoutMfa: 'iam-users' },
      { controls: ['console-signin-without-mfa'], consoleSigninWithoutMfa: 'iam-users' },
      { controls: ['root-account-usage'], consoleSigninWithoutMfa: 'all' },
    ]) {
      const alarms = { emails: ['sec@example.com'], ...selected };
      expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([]);
    }
  });

  test('accounts of the organization where AWS Config records nothing, and members opted out', () => {
    const stacks = stacksOf([
      { name: 'management', accountId: '111111111111' },
      { name: 'tooling', accountId: TOOLING, awsConfig: false },
      { name: 'sandbox', accountId: SANDBOX, inOrganization: false, awsConfig: false, standaloneTrail: true },
    ]);
    expect(allWarningsOf(stacks[1])).toEqual([
      'members: AWS Config records nothing in 222222222222 (the log archive account): add { "name": "…", "accountId": "222222222222" } to members (awsConfig is on by default); CIS v7.0.0 4.3 (v3.0.0 3.3) and Security Hub Config.1 expect AWS Config in every account and Region',
      expect.stringContaining('members: AWS Config records nothing in 333333333333 (a reader account)'),
    ]);
    // A member opted out is reported on its own stack, or the log archive's when it has none; one
    // outside the organization is not (no organization-wide recorder is expected there).
    expect(allWarningsOf(stacks[0])).toEqual([
      expect.stringContaining('members[1].awsConfig: is false, so AWS Config records nothing in member "tooling"'),
    ]);
  });

  test('the shipped configs raise only the AWS Config gaps they show on purpose; the policy test config none else', () => {
    const shipped = (file: string) => buildStacks(Testing.app(), shippedConfig(file)).flatMap(allWarningsOf);
    expect(shipped('examples/starter.config.json')).toEqual([]);
    // The minimal example is a real starting point: nothing to warn about.
    expect(shipped('examples/minimal.config.json')).toEqual([]);
    // The bare minimum the schema accepts says what it leaves out.
    expect(shipped('__tests__/fixtures/bare.config.json')).toEqual([
      expect.stringContaining('alarms.emails: is empty, so the security alarms notify a topic nobody is subscribed to'),
      expect.stringContaining("audit: is not set, so nothing shows the organization's compliance state"),
      expect.stringContaining('AWS Config records nothing in 100000000001 (the management account)'),
      expect.stringContaining('AWS Config records nothing in 100000000002 (the log archive account)'),
    ]);
    expect(shipped('examples/full.config.json')).toEqual([
      expect.stringContaining('members[6].awsConfig: is false, so AWS Config records nothing in member "data-lake"'),
    ]);
    for (const stack of buildStacks(Testing.app(), config)) expect(warningsOf(stack)).toEqual([]);
  });
});
