import type { TerraformStack } from 'cdktf';
// Testing.synth's first step, which cdktf exports from this module only.
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';

/** A synthesized stack: Terraform JSON, parsed. */
export type StackJson = Record<string, any>;

/** Every resource of `type` in a synthesized stack, by address name. */
export function resourcesOf(synth: StackJson, type: string): Record<string, any> {
  return (synth.resource?.[type] ?? {}) as Record<string, any>;
}

/** The one resource of `type` whose address name contains `part`; fails unless there is exactly one. */
export function resourceOf(synth: StackJson, type: string, part = ''): any {
  const found = Object.entries(resourcesOf(synth, type)).filter(([name]) => name.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${part}", got ${found.length}`);
  return found[0][1];
}

/**
 * The Terraform JSON of `stack` as `JSON.parse(Testing.synth(stack))` reads it (aspects applied, keys
 * in order, cdktf's `//` metadata left out), made in time linear in its size: Testing.synth copies an
 * object once for each of its keys as it sorts them, which took most of a 1,000-account synth
 * (policy-sizes.test.ts). `stack-json.test.ts` compares the two.
 */
export function synthJson(stack: TerraformStack): StackJson {
  invokeAspects(stack);
  return JSON.parse(JSON.stringify(withoutMetadata(stack.toTerraform()))) as StackJson;
}

/** `item` with each object's keys sorted (by UTF-16 code units, as Testing.synth writes them) and no `//`. */
function withoutMetadata(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(withoutMetadata);
  if (item === null || typeof item !== 'object') return item;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(item).sort()) {
    if (key !== '//') sorted[key] = withoutMetadata((item as Record<string, unknown>)[key]);
  }
  return sorted;
}
