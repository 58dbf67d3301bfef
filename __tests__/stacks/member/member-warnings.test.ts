import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { PAYMENTS } from '../policy/log-archive-cases';
import { configWith, stacksOf, warningsOf } from './member-fixtures';

describe('config warnings, shown by cdktf synth', () => {
  test.each([
    ['SUSPENDED', 'is SUSPENDED in AWS Organizations (closed): its stack can no longer be applied'],
    ['DEPARTED', 'is no longer in the organization (npm run discover): destroy its stack'],
  ])('a member marked %s by discover', (accountStatus, words) => {
    const stacks = stacksOf([{ name: 'gone', accountId: PAYMENTS, accountStatus }]);
    const member = stacks.find((s) => s.node.id === 'member-gone');
    if (member === undefined) throw new Error('no stack member-gone');
    expect(warningsOf(member)).toEqual([
      expect.stringContaining(`members[0].accountStatus: member "gone" (${PAYMENTS}) ${words}`),
    ]);
  });

  test('a standalone trail in an account the organization trail records', () => {
    const stacks = stacksOf([{ name: 'dup', accountId: PAYMENTS, standaloneTrail: true }]);
    const member = stacks.find((s) => s.node.id === 'member-dup');
    if (member === undefined) throw new Error('no stack member-dup');
    expect(warningsOf(member)).toEqual([
      expect.stringContaining(
        'members[0].standaloneTrail: member "dup" is in organization o-abcdefghij, whose trail already records it',
      ),
    ]);
    expect(warningsOf(member)[0]).toContain('set inOrganization to false');
  });

  test('an account outside the organization with no trail, reported on the log-archive stack when it has no stack', () => {
    const stacks = stacksOf([{ name: 'lost', accountId: PAYMENTS, inOrganization: false, awsConfig: false }]);
    expect(stacks.map((s) => s.node.id)).toEqual(['log-archive', 'organization', 'guardrails']);
    expect(warningsOf(stacks[0])).toEqual([
      expect.stringContaining('members[0].inOrganization: member "lost" is outside the organization'),
    ]);
  });

  test('alarm e-mail subscribers with no alarm to notify them, reported on the organization stack', () => {
    const noAlarms = buildStacks(
      Testing.app(),
      configWith({ alarms: { emails: ['sec@example.com'], controls: [], evasion: [] } }),
    );
    expect(noAlarms[1].node.id).toBe('organization');
    expect(warningsOf(noAlarms[1])).toEqual([
      'alarms.controls: is [], and so are alarms.evasion and alarms.custom, so no alarm exists to notify the 1 address(es) in alarms.emails; set controls to "cis" (or a list of control ids), or remove the addresses',
    ]);
    const custom = { id: 'root-login', pattern: '{ $.userIdentity.type = "Root" }', description: 'root' };
    for (const alarms of [
      { emails: ['sec@example.com'], controls: [], evasion: [], custom: [custom] },
      { emails: [], controls: [], evasion: [] },
    ]) {
      expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([]);
    }
  });

  test('alarms with no e-mail subscriber reach nobody: synth says so, on the organization stack', () => {
    for (const alarms of [{ emails: [] }, { emails: [], controls: [], evasion: ['root-access-key-created'] }]) {
      const warnings = warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1]);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^alarms\.emails: is empty, so the security alarms notify a topic nobody is subscribed to/,
        ),
      ]);
      expect(warnings[0]).toContain('subscribe the alarm topic to your pager yourself');
    }
  });
});
