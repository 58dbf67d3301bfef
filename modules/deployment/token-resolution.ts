import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/*
 * cdktf resolves a stack's Terraform JSON by walking every value of it: each string is tested
 * against three patterns and each value gets a fresh resolution context, tokens or not. A member
 * account's stack is almost all plain values (ARNs, names, policy text), so resolving only what may
 * hold a token does most of a large synth's work in less time (BENCHMARKS.md, "Synth profile").
 *
 * resolveTokens() gives the same JSON as cdktf's resolve: it walks the value itself and hands
 * cdktf's own resolver (Tokenization.resolve, public API) each part that may hold a token, whole,
 * as cdktf's walk would have reached it. cdktf's own errors stay cdktf's, with the path they name
 * counted from that part; a value that contains itself overflows the stack here, where cdktf
 * stops at 200 levels. A part that holds no token comes back as cdktf returns
 * it: the same value, objects and arrays copied without their undefined members. Tests compare the
 * files with cdktf's own passes on every shipped config and on stacks whose values hold every
 * shape of token (__tests__/deployment/cross-stack-preparation.integration.test.ts).
 */

/** The resolver cdktf's own passes use (cdktf's `_tokens.resolve`). */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** How cdktf marks a string, list or map token inside a string (`${TfToken[..]}`, `#{..}`, `&{..}`). */
const TOKEN_MARKER = 'TfToken[';

/**
 * What cdktf looks for as a number token inside a string (a double written with an exponent); a
 * superset of its own pattern, so that an ordinary value at worst takes the slow path.
 */
const NUMBER_TOKEN_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;

/**
 * The values that stand for a map token in a string or number context, which cdktf's resolver
 * refuses with its own error (Token.asMap's placeholders misused as plain values).
 */
const MAP_TOKEN_PLACEHOLDERS: readonly unknown[] = [
  Token.STRING_MAP_TOKEN_VALUE,
  Token.ANY_MAP_TOKEN_VALUE,
  Token.NUMBER_MAP_TOKEN_VALUE,
];

function stringMayHoldToken(value: string): boolean {
  return value.includes(TOKEN_MARKER) || NUMBER_TOKEN_IN_STRING.test(value) || MAP_TOKEN_PLACEHOLDERS.includes(value);
}

/** True when `value` itself (not what it contains) is, or may be, a token that cdktf resolves. */
function mayBeToken(value: unknown): boolean {
  if (typeof value === 'string') return stringMayHoldToken(value);
  return Token.isUnresolved(value) || MAP_TOKEN_PLACEHOLDERS.includes(value);
}

/** True for a number that stands for a list of numbers (cdktf resolves the array holding it whole). */
function isNumberListToken(value: unknown): boolean {
  return typeof value === 'number' && Token.isUnresolved([value]);
}

/**
 * True when `value` goes to cdktf's resolver whole: it may be a token itself; it is an array with a
 * token element or an object with a token key, which cdktf resolves as one encoded list or map (so
 * that a list token misused among other elements fails with cdktf's own message); or it is what
 * cdktf refuses (a function, a construct), so that the error is cdktf's own.
 */
function resolvedWhole(value: unknown): boolean {
  if (typeof value === 'string') return stringMayHoldToken(value);
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return mayBeToken(value);
  // Token.isUnresolved() of an array or object also looks at its elements or keys, as below.
  if (Tokenization.isResolvable(value)) return true;
  if (Array.isArray(value)) return value.some((element) => mayBeToken(element) || isNumberListToken(element));
  return Construct.isConstruct(value) || Object.keys(value).some(stringMayHoldToken);
}

/**
 * `value` with every token in it resolved in the scope of `stack`, as cdktf's resolve gives it,
 * handing cdktf's resolver only the parts that may hold a token.
 */
export function resolveTokens(stack: TerraformStack, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (resolvedWhole(value)) return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
  if (typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    const resolved: unknown[] = [];
    for (const element of value) {
      const part = resolveTokens(stack, element);
      if (part !== undefined) resolved.push(part);
    }
    return resolved;
  }
  const resolved: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const part = resolveTokens(stack, (value as Record<string, unknown>)[key]);
    if (part !== undefined) resolved[key] = part;
  }
  return resolved;
}

/**
 * cdktf's preparing resolution of `value` in the scope of `stack` (where a reference to another
 * stack registers an output there and a remote-state data source here), handing cdktf's resolver
 * only the parts that may hold a token, and keeping no result (cdktf's pass throws it away).
 */
export function prepareTokens(stack: TerraformStack, value: unknown): void {
  if (value === undefined || value === null) return;
  if (resolvedWhole(value)) {
    Tokenization.resolve(value, { scope: stack, preparing: true, resolver: RESOLVER });
    return;
  }
  if (typeof value !== 'object' || value instanceof Date) return;
  for (const member of Object.values(value)) prepareTokens(stack, member);
}

/**
 * Whether resolving `value` would change it: it holds a part cdktf's resolver would get, or an
 * undefined member or element, which resolving drops. When not, resolving gives an equal copy.
 */
export function changedByResolving(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (resolvedWhole(value)) return true;
  if (typeof value !== 'object' || value instanceof Date) return false;
  for (const member of Object.values(value)) {
    if (member === undefined || changedByResolving(member)) return true;
  }
  return false;
}

/** The Terraform elements of `stack`, not of stacks nested in it, in cdktf's order. */
export function terraformElementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElementsOf(child, into);
  }
  return into;
}
