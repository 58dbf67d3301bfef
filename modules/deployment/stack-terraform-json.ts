import { TerraformOutput, TerraformStack } from 'cdktf';
import { changedByResolving, resolveTokens, terraformElementsOf } from './token-resolution';

/*
 * cdktf's TerraformStack.toTerraform() (0.21.0), which the synthesizer calls once per stack to
 * write cdk.tf.json, with one change: values are resolved by resolveTokens() (token-resolution.ts),
 * which hands cdktf's resolver only what may hold a token, instead of cdktf's walk over every value.
 * The steps are cdktf's: each element's metadata, the outputs' ids, each element's resolved JSON
 * merged in element order, then the whole document checked for what resolving it once more would
 * change. cdktf resolves every element before merging any, where this resolves and merges each in
 * turn: the same unless a lazy value has side effects. A test holds the files to cdktf's own method
 * on every shipped config (cross-stack-preparation.integration.test.ts).
 *
 * Not covered: a stack-level addOverride(), whose values cdktf keeps in a private field;
 * AccountStack falls back to cdktf's own method for a stack that has one.
 */

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * cdktf's deepMerge for resolved values, which hold no token and no `undefined` (where cdktf's
 * deletes): objects merge key by key, arrays are appended to an array already there, anything
 * else replaces.
 */
function deepMerge(target: Json, source: Json): Json {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (isPlainObject(value)) {
      if (typeof target[key] !== 'object') target[key] = {};
      deepMerge(target[key] as Json, value);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...(existing as unknown[]), ...(value as unknown[])] : value;
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** The Terraform JSON of `stack` (one without stack-level overrides), as cdktf's toTerraform() gives it. */
export function stackTerraformJson(stack: TerraformStack): Json {
  const elements = terraformElementsOf(stack);
  const metadata: Json = {
    version: stack.node.tryGetContext('cdktfVersion') as unknown,
    stackName: stack.node.id,
    backend: 'local', // overwritten by the backend's own metadata
    // cdktf starts with cloud: undefined too, which resolving drops; a cloud backend's metadata sets it.
  };
  for (const element of elements) deepMerge(metadata, resolveTokens(stack, element.toMetadata()) as Json);

  const outputs: Json = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    const nested = element.node.path
      .split('/')
      .reduceRight<Json>(
        (inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }),
        {},
      );
    deepMerge(outputs, nested);
  }

  const tf: Json = { '//': { metadata, outputs } };
  for (const element of elements) deepMerge(tf, resolveTokens(stack, element.toTerraform()) as Json);
  // cdktf resolves the whole document once more; what it would change, if anything, is resolved.
  return changedByResolving(tf) ? (resolveTokens(stack, tf) as Json) : tf;
}
