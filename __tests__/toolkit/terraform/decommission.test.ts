import { removalOrder, removalWaves } from '../../../packages/cli/toolkit/terraform/decommission';

/*
 * The order in which decommission removes the stacks. What it removes, keeps and leaves for later
 * is read from the starter config's stacks synthesized whole, in decommission.integration.test.ts.
 */

describe('the order and what stays', () => {
  test('the reverse of the deploy waves: audit, the members, the organization-level stacks, the archive, state', () => {
    expect(
      removalOrder([
        'log-archive',
        'member-b',
        'audit',
        'state',
        'organization',
        'guardrails',
        'member-a',
        'audit-delegation',
      ]),
    ).toEqual([
      'audit',
      'member-a',
      'member-b',
      'organization',
      'audit-delegation',
      'guardrails',
      'log-archive',
      'state',
    ]);
    // Only the members' plans share a wave: guardrails waits for the trails and recorders to go.
    expect(removalWaves(['log-archive', 'member-b', 'audit', 'organization', 'guardrails', 'member-a'])).toEqual([
      ['audit'],
      ['member-a', 'member-b'],
      ['organization'],
      ['guardrails'],
      ['log-archive'],
    ]);
  });
});
