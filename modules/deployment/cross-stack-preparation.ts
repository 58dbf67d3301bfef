import { TerraformStack } from 'cdktf';
import { prepareTokens, terraformElementsOf } from './token-resolution';

/*
 * Before writing any stack, cdktf's TerraformStack.prepareStack() resolves each element's whole
 * Terraform JSON once in "preparing" mode and throws the result away. The pass exists for one side
 * effect: a reference to another stack's resource, met while preparing, registers an output in that
 * stack and a remote-state data source here. Only a token can carry such a reference, so resolving
 * the token-free parts of the JSON does nothing but cost time, most of the pass's (BENCHMARKS.md,
 * "Synth profile").
 *
 * prepareCrossStackReferences() does the same pass through prepareTokens(), which hands cdktf's
 * resolver only the values that may hold a token. The registrations and so the files are the same;
 * a test compares both passes on every shipped config and on stacks that reference each other
 * through string, number, list and map tokens and token keys.
 */

/**
 * cdktf's preparing pass over `stack` (registering its references to other stacks), resolving only
 * what may hold a token. For a stack's `prepareStack()`, after `ensureBackendExists()`.
 */
export function prepareCrossStackReferences(stack: TerraformStack): void {
  for (const element of terraformElementsOf(stack)) prepareTokens(stack, element.toTerraform());
}
