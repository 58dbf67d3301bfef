import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { POLICY_TEST_CONFIG } from '../policy/log-archive-cases';
import { configOf } from '../policy/simulate';

/** POLICY_TEST_CONFIG with its members replaced or extended. */
export const configWith = (overrides: Record<string, unknown> = {}) =>
  configOf({ ...POLICY_TEST_CONFIG, ...overrides });

type Annotated = { node: { metadata: { type: string; data: unknown }[] } };

/** Every warning synth reports on `stack`. */
export const allWarningsOf = (stack: Annotated): string[] =>
  stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

/** The policy test config leaves its management, archive and reader accounts out of members: those warnings have a test of their own. */
const CONFIG_COVERAGE = /^members: AWS Config records nothing in/;

/** The warnings of `stack` but the AWS Config coverage ones. */
export const warningsOf = (stack: Annotated): string[] => allWarningsOf(stack).filter((w) => !CONFIG_COVERAGE.test(w));

/** The stacks of the policy test config with `members`. */
export const stacksOf = (members: unknown[]) => buildStacks(Testing.app(), configWith({ members }));
