import { TerraformElement, TerraformStack, Token, Tokenization, DefaultTokenResolver, StringConcat } from 'cdktf';
import { IConstruct } from 'constructs';

/*
 * Before writing any stack, cdktf's TerraformStack.prepareStack() resolves each element's whole
 * Terraform JSON once in "preparing" mode and throws the result away. The pass exists for one side
 * effect: a reference to another stack's resource, met while preparing, registers an output in that
 * stack and a remote-state data source here. Only a token can carry such a reference, so resolving
 * the token-free parts of the JSON does nothing but cost time: at 1,000 member accounts cdktf's pass
 * took about 8 s, this one about 3 s, and the whole synth went from 21 s to 16.5 s (BENCHMARKS.md).
 *
 * prepareCrossStackReferences() does the same pass, but hands cdktf's resolver only the values
 * that may hold a token, whole, exactly as cdktf would have reached them. The registrations and so
 * the files are the same; a test compares both passes on every shipped config and on stacks that
 * reference each other through string, number, list and map tokens and token keys.
 */

/** The resolver cdktf's own preparing pass uses. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** How cdktf marks a string, list or map token inside a string (`${TfToken[..]}`, `#{..}`, `&{..}`). */
const TOKEN_MARKER = 'TfToken[';

/**
 * What cdktf looks for as a number token inside a string (a double written with an exponent); a
 * superset of its own pattern, so that an ordinary value at worst takes the slow path.
 */
const NUMBER_TOKEN_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;

function stringMayHoldToken(value: string): boolean {
  return value.includes(TOKEN_MARKER) || NUMBER_TOKEN_IN_STRING.test(value);
}

/** True when `value` itself (not what it contains) is, or may be, a token that cdktf resolves. */
function mayBeToken(value: unknown): boolean {
  if (typeof value === 'string') return stringMayHoldToken(value);
  return Token.isUnresolved(value);
}

/** The Terraform elements of `stack`, not of stacks nested in it: what cdktf's pass visits. */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/**
 * True when `value` goes to the resolver whole: it may be a token itself, or it is an array with a
 * token element or an object with a token key, which cdktf resolves as one encoded list or map (so
 * that a list token misused among other elements fails with cdktf's own message).
 */
function resolvedWhole(value: unknown): boolean {
  if (mayBeToken(value)) return true;
  if (Array.isArray(value)) return value.some(mayBeToken);
  return typeof value === 'object' && value !== null && Object.keys(value).some(stringMayHoldToken);
}

/** Resolves, in preparing mode and in the scope of `stack`, every part of `value` that may hold a token. */
function prepareValue(stack: TerraformStack, value: unknown): void {
  if (value === null || value === undefined) return;
  if (resolvedWhole(value)) {
    Tokenization.resolve(value, { scope: stack, preparing: true, resolver: RESOLVER });
    return;
  }
  if (typeof value !== 'object' || value instanceof Date) return;
  for (const child of Object.values(value)) prepareValue(stack, child);
}

/**
 * cdktf's preparing pass over `stack` (registering its references to other stacks), resolving only
 * what may hold a token. For a stack's `prepareStack()`, after `ensureBackendExists()`.
 */
export function prepareCrossStackReferences(stack: TerraformStack): void {
  for (const element of elementsOf(stack)) prepareValue(stack, element.toTerraform());
}
