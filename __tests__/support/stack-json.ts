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
