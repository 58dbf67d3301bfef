import { parseConfig } from '../../../modules/org-config/load';
import type { OrgConfig } from '../../../modules/org-config/schema';
import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import type { ComplianceRule, StackVerdict } from '../../../packages/cli/toolkit/compliance/rule';
import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { BASE } from '../../org-config/bad-configs';

/* The compliance rules' tests judge each rule on hand-written stacks: a config, stacks, a verdict. */

/** BASE (two members of the organization, no audit account) with `extra` over it. */
export const configOf = (extra: Record<string, unknown> = {}): OrgConfig =>
  parseConfig(JSON.stringify({ ...BASE, ...extra }));

/** A synthesized stack named `name` holding `resource` (type -> name -> arguments). */
export const stackOf = (
  name: string,
  resource: Record<string, Record<string, Record<string, unknown>>>,
): SynthesizedStack => ({
  name,
  json: { resource },
});

/** The verdicts of `rule` on `stacks`, with what `config` claims. */
export const judge = (rule: ComplianceRule, config: OrgConfig, stacks: SynthesizedStack[]): StackVerdict[] =>
  rule.judge(complianceEvidence(config, stacks));

/** `count` resources named `<prefix>_<i>`, each with `body(i)` (no arguments by default). */
export const several = (
  prefix: string,
  count: number,
  body: (i: number) => Record<string, unknown> = () => ({}),
): Record<string, Record<string, unknown>> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}_${i}`, body(i)]));
