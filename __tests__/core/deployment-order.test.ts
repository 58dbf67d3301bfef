import * as path from 'path';
import { loadConfig } from '../../modules/org-config/load';
import {
  deploymentOrderOf,
  deploymentRank,
  deploymentWaves,
  isMemberStack,
  ORGANIZATION_LEVEL_STACKS,
  STACKS_AFTER_MEMBERS,
  STACKS_BEFORE_MEMBERS,
} from '../../modules/core/deployment-order';
import { memberStackName } from '../../modules/core/naming';
import { stackNames } from '../../stacks';
import { ROOT } from '../support/root';

/*
 * The deployment order has one definition (modules/core/deployment-order.ts): the synth builds
 * its stacks in it and the toolkit orders a synth folder's stacks by it. They differ only in the
 * members' order, which the synth takes from the config and the toolkit, seeing only folders, from
 * their names.
 */

const EXAMPLES = ['e2e', 'full', 'minimal', 'starter'];

describe('the deployment order', () => {
  test('ranks state, log-archive, the organization-level stacks, the members, then audit', () => {
    const names = [
      'audit',
      'member-b',
      'guardrails',
      'member-a',
      'audit-delegation',
      'organization',
      'log-archive',
      'state',
    ];
    expect([...names].sort((a, b) => deploymentRank(a) - deploymentRank(b) || a.localeCompare(b))).toEqual([
      'state',
      'log-archive',
      'organization',
      'guardrails',
      'audit-delegation',
      'member-a',
      'member-b',
      'audit',
    ]);
    expect(names.filter(isMemberStack)).toEqual(['member-b', 'member-a']);
    expect(ORGANIZATION_LEVEL_STACKS.every((stack) => STACKS_BEFORE_MEMBERS.includes(stack))).toBe(true);
    expect(STACKS_AFTER_MEMBERS.some((stack) => STACKS_BEFORE_MEMBERS.includes(stack))).toBe(false);
  });

  test.each(EXAMPLES)(
    'examples/%s.config.json: the synth and the toolkit order its stacks alike but for the members, which the synth keeps in config order',
    (example) => {
      const config = loadConfig(path.join(ROOT, 'examples', `${example}.config.json`));
      const built = stackNames(config);
      const ranks = built.map(deploymentRank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

      const toolkit = deploymentOrderOf([...built].reverse().map((stack) => ({ stack }))).map(({ stack }) => stack);
      const others = (names: string[]) => names.filter((name) => !isMemberStack(name));
      expect(others(toolkit)).toEqual(others(built));
      expect(toolkit.filter(isMemberStack)).toEqual([...built.filter(isMemberStack)].sort());
      const memberNames = config.members.map(memberStackName);
      expect(built.filter(isMemberStack)).toEqual(memberNames.filter((name) => built.includes(name)));
      expect(deploymentWaves(built).flat()).toEqual(toolkit);
    },
  );
});
