/*
 * The synthesized Terraform JSON, as the judges of the control matrix read it: a stack, a resource's
 * arguments, an event selector, and the resources of one type.
 */

/** One synthesized stack, as `cdk.tf.json` holds it. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: { resource?: Record<string, Record<string, ResourceBody>> };
}

/** A resource's arguments, as synthesized. */
export type ResourceBody = Readonly<Record<string, unknown>>;

/** An advanced event selector of a trail, as synthesized. */
export type EventSelector = { field_selector: { field: string; equals?: string[] }[] };

/** The resources of `type` in a stack, by address (`type.name`). */
export function resourcesOf(stack: SynthesizedStack | undefined, type: string): [string, ResourceBody][] {
  return Object.entries(stack?.json.resource?.[type] ?? {}).map(([name, body]): [string, ResourceBody] => [
    `${type}.${name}`,
    body,
  ]);
}
