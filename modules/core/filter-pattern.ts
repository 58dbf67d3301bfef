import { AuditLoggingError } from './errors';

/*
 * CloudWatch Logs JSON filter patterns: a parser (which also validates users' patterns) and an
 * evaluator over parsed JSON events, for the subset metric filters on CloudTrail use:
 *
 *   { $.a.b = "x*" && ($.c != 5 || $.d[0].e NOT EXISTS) }
 *
 * Semantics, from the CloudWatch Logs filter pattern syntax: comparisons are case-sensitive; `*`
 * in a string value is a wildcard and the value matches the whole property (so "AccessDenied*" is
 * a prefix match); `&&` binds tighter than `||`; parentheses group; `NOT EXISTS` is true when the
 * property is absent, `IS NULL` when it is JSON null, `IS TRUE`/`IS FALSE` when it is that boolean;
 * `<`, `<=`, `>`, `>=` compare numbers (`+1000`, `55.5` and `10e-3` are numbers). A comparison on
 * a missing property is false, `!=` included, and a selector that reaches an object or an array
 * never equals a value. `= %regex%` is true when the regex is found anywhere in the value's text,
 * `!=` when it is not; `$.['a.b']` selects a property whose name has a period. Not supported
 * (refused): wildcard selectors (`$.*`, `[*]`). __tests__/core/filter-pattern-aws-examples.test.ts
 * holds all of it against AWS's documented examples.
 */

/** A problem in a filter pattern, with the 1-based column where it was found. */
export class FilterPatternError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;

  public constructor(
    public readonly reason: string,
    public readonly column: number,
  ) {
    super(`${reason} (column ${column})`);
  }
}

/** One step of a JSON path: a property name or an array index. */
export type Step = string | number;
/** A comparison operator of the filter pattern language. */
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** The literal a comparison tests against: a string (with `*` wildcards), a number or a `%regex%`. */
export type Value =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** A parsed pattern's syntax tree. */
export type PatternNode =
  | { readonly kind: 'or' | 'and'; readonly operands: readonly PatternNode[] }
  | { readonly kind: 'compare'; readonly path: readonly Step[]; readonly op: Comparator; readonly value: Value }
  | {
      readonly kind: 'test';
      readonly path: readonly Step[];
      readonly test: 'NOT EXISTS' | 'IS NULL' | 'IS TRUE' | 'IS FALSE';
    };

/** A parsed CloudWatch Logs JSON filter pattern. */
export class FilterPattern {
  /** Parses `text`; throws {@link FilterPatternError} with a column when it is not a valid pattern. */
  public static parse(text: string): FilterPattern {
    return new FilterPattern(text, new Parser(text).parsePattern());
  }

  private constructor(
    /** The pattern as written. */
    public readonly text: string,
    /** Its syntax tree. */
    public readonly root: PatternNode,
  ) {}

  /** Whether a CloudWatch Logs metric filter with this pattern counts `event` (a parsed JSON object). */
  public matches(event: unknown): boolean {
    return evaluate(this.root, event);
  }
}

function evaluate(node: PatternNode, event: unknown): boolean {
  switch (node.kind) {
    case 'or':
      return node.operands.some((operand) => evaluate(operand, event));
    case 'and':
      return node.operands.every((operand) => evaluate(operand, event));
    case 'test': {
      const found = select(event, node.path);
      if (node.test === 'NOT EXISTS') return !found.exists;
      if (!found.exists) return false;
      if (node.test === 'IS NULL') return found.value === null;
      return found.value === (node.test === 'IS TRUE');
    }
    case 'compare': {
      const found = select(event, node.path);
      if (!found.exists) return false;
      return compare(found.value, node.op, node.value);
    }
  }
}

function select(event: unknown, path: readonly Step[]): { exists: boolean; value?: unknown } {
  let current: unknown = event;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { exists: false };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { exists: false };
      if (!Object.prototype.hasOwnProperty.call(current, step)) return { exists: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { exists: true, value: current };
}

function compare(actual: unknown, op: Comparator, expected: Value): boolean {
  if (actual !== null && typeof actual === 'object') return false;
  if (op === '=' || op === '!=') {
    const equal =
      expected.kind === 'regex'
        ? expected.regex.test(String(actual))
        : expected.kind === 'number' && typeof actual === 'number'
          ? actual === expected.value
          : wildcardMatch(expected.kind === 'number' ? String(expected.value) : expected.text, String(actual));
    return op === '=' ? equal : !equal;
  }
  if (expected.kind !== 'number' || typeof actual !== 'number') return false;
  switch (op) {
    case '<':
      return actual < expected.value;
    case '<=':
      return actual <= expected.value;
    case '>':
      return actual > expected.value;
    case '>=':
      return actual >= expected.value;
  }
}

/** Whole-value match where `*` stands for any run of characters. */
function wildcardMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TESTS = ['NOT EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE'] as const;
const COMPARATORS: readonly Comparator[] = ['!=', '<=', '>=', '=', '<', '>'];
const NAME_CHAR = /[A-Za-z0-9_\-@:]/;
const UNQUOTED_VALUE_CHAR = /[^\s(){}|&"=!<>]/;
/** CloudWatch Logs allows at most this many `%regex%` in one pattern. */
const MAX_REGEXES = 2;
/** CloudWatch Logs' NUMBER: an integer or a decimal with an optional sign, optionally in scientific notation. */
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

class Parser {
  private pos = 0;
  private regexes = 0;

  public constructor(private readonly text: string) {}

  public parsePattern(): PatternNode {
    this.skipSpace();
    if (this.text[this.pos] !== '{') {
      this.fail(
        this.pos >= this.text.length
          ? 'the pattern is empty; write a JSON filter pattern such as { $.eventName = "ConsoleLogin" }'
          : 'a JSON filter pattern starts with "{"; CloudTrail events are JSON, so write { $.field = value }',
      );
    }
    this.pos++;
    const node = this.parseOr();
    this.skipSpace();
    this.expect('}', 'expected "&&", "||" or the closing "}"');
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the closing "}"');
    return node;
  }

  private parseOr(): PatternNode {
    const operands = [this.parseAnd()];
    while (this.accept('||')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): PatternNode {
    const operands = [this.parseTerm()];
    while (this.accept('&&')) operands.push(this.parseTerm());
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseTerm(): PatternNode {
    this.skipSpace();
    if (this.accept('(')) {
      const node = this.parseOr();
      this.skipSpace();
      this.expect(')', 'expected "&&", "||" or the closing ")"');
      return node;
    }
    const path = this.parseSelector();
    this.skipSpace();
    for (const test of TESTS) {
      if (this.acceptWords(test)) return { kind: 'test', path, test };
    }
    const op = COMPARATORS.find((candidate) => this.text.startsWith(candidate, this.pos));
    if (op === undefined)
      this.fail('expected a comparison (=, !=, <, <=, >, >=) or NOT EXISTS, IS NULL, IS TRUE, IS FALSE');
    this.pos += op.length;
    this.skipSpace();
    const value = this.parseValue();
    if (op !== '=' && op !== '!=' && value.kind !== 'number') this.fail(`"${op}" compares numbers; give a number`);
    return { kind: 'compare', path, op, value };
  }

  private parseSelector(): Step[] {
    if (!this.accept('$')) this.fail('expected a property selector such as $.eventName');
    const path: Step[] = [];
    for (;;) {
      if (this.accept('.')) {
        if (this.text.startsWith("['", this.pos)) {
          path.push(this.parseBracketedName());
          continue;
        }
        const start = this.pos;
        while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos])) this.pos++;
        if (this.pos === start) this.fail('expected a property name after "."');
        path.push(this.text.slice(start, this.pos));
      } else if (this.accept('[')) {
        const start = this.pos;
        while (/\d/.test(this.text[this.pos] ?? '')) this.pos++;
        if (this.pos === start) this.fail('expected an array index such as [0]');
        path.push(Number(this.text.slice(start, this.pos)));
        this.expect(']', 'expected "]"');
      } else break;
    }
    if (path.length === 0) this.fail('expected a property after "$", such as $.eventName');
    return path;
  }

  /** `['a.b']` after a `.`: a property whose name a plain selector cannot hold, such as one with a period. */
  private parseBracketedName(): string {
    const start = this.pos + 2;
    const end = this.text.indexOf("']", start);
    this.pos = start;
    if (end < 0) this.fail("expected the closing '] of a bracketed property name");
    if (end === start) this.fail("expected a property name inside ['...']");
    this.pos = end + 2;
    return this.text.slice(start, end);
  }

  private parseValue(): Value {
    if (this.text[this.pos] === '%') return this.parseRegex();
    if (this.text[this.pos] === '"') {
      const start = this.pos;
      this.pos++;
      let text = '';
      while (this.pos < this.text.length && this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
        text += this.text[this.pos];
        this.pos++;
      }
      if (this.pos >= this.text.length) {
        this.pos = start;
        this.fail('this string is not closed; add the closing "');
      }
      this.pos++;
      return { kind: 'string', text };
    }
    const start = this.pos;
    while (this.pos < this.text.length && UNQUOTED_VALUE_CHAR.test(this.text[this.pos])) this.pos++;
    if (this.pos === start) this.fail('expected a value: a "quoted string", a word or a number');
    const raw = this.text.slice(start, this.pos);
    return NUMBER.test(raw) ? { kind: 'number', value: Number(raw) } : { kind: 'string', text: raw };
  }

  /** `%regex%`: a search anywhere in the value; CloudWatch Logs supports no `(` or `)` in it. */
  private parseRegex(): Value {
    const start = this.pos;
    const end = this.text.indexOf('%', start + 1);
    if (end < 0) this.fail('this regex is not closed; add the closing %');
    const source = this.text.slice(start + 1, end);
    const paren = source.search(/[()]/);
    if (paren >= 0) {
      this.pos = start + 1 + paren;
      this.fail('CloudWatch Logs regex has no ( or ); use \\x28 and \\x29 for the characters');
    }
    if (++this.regexes > MAX_REGEXES) this.fail(`CloudWatch Logs allows at most ${MAX_REGEXES} regex in a pattern`);
    let regex: RegExp;
    try {
      regex = new RegExp(source);
    } catch (error) {
      this.fail(`not a regex: ${(error as Error).message}`);
    }
    this.pos = end + 1;
    return { kind: 'regex', regex };
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  /** Accepts space-separated keywords such as `NOT EXISTS`, as whole words. */
  private acceptWords(phrase: string): boolean {
    const match = new RegExp(`^${phrase.split(' ').join('\\s+')}(?![A-Za-z0-9_])`).exec(this.text.slice(this.pos));
    if (match === null) return false;
    this.pos += match[0].length;
    return true;
  }

  private expect(token: string, reason: string): void {
    if (!this.accept(token)) this.fail(reason);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private fail(reason: string): never {
    throw new FilterPatternError(reason, this.pos + 1);
  }
}
