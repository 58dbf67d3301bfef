import * as fs from 'fs';
import * as path from 'path';
import {
  findNodeAtLocation,
  getNodePath,
  getNodeValue,
  Node,
  parseTree,
  ParseError,
  ParseErrorCode,
  printParseErrorCode,
} from 'jsonc-parser';
import { z } from 'zod';
import { ConfigError, ConfigProblem } from '../core/errors';
import { crossFieldProblems } from './checks';
import { formatPath, JsonPath } from './json-path';
import { OrgConfig, orgConfigSchema } from './schema';
import { closestMatch } from './suggest';

/**
 * Reads, parses and validates an organization config file.
 *
 * @param file path of the JSON file, as the user gave it (relative paths resolve from the
 *   working directory)
 * @returns the config with every default filled in
 * @throws ConfigError listing every problem found, each with its path, line and column
 */
export function loadConfig(file: string): OrgConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `no such file. Create it: copy ${starterConfigPath()}, this package's starter, and describe your organization in it (the package's audit-config.schema.json has every field)`
        : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(file, [{ path: '', message: `${path.resolve(file)}: ${reason}` }]);
  }
  return parseConfig(text, file);
}

/**
 * Where this package's starter config is (`examples/starter.config.json` of the package: a clone,
 * or the installed package in an app's node_modules), from the working directory: what a missing
 * config's message tells its reader to copy.
 */
function starterConfigPath(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.relative(process.cwd(), path.join(dir, 'examples', 'starter.config.json'));
}

/**
 * Parses and validates the text of an organization config.
 *
 * @param text the JSON text
 * @param file the name to use in messages
 * @throws ConfigError listing every problem found
 */
export function parseConfig(text: string, file = 'config'): OrgConfig {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = lineStarts(source);
  const place = (offset: number): Pick<ConfigProblem, 'line' | 'column'> => position(lines, offset);

  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(source, syntaxErrors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if ((syntaxErrors.length > 0 || tree === undefined) && looksLikeYaml(source)) {
    throw new ConfigError(file, [
      {
        path: '',
        message:
          'the config must be JSON, and this file looks like YAML; convert it to JSON (keys and strings in double quotes, no comments), as in examples/minimal.config.json',
        line: 1,
        column: 1,
      },
    ]);
  }
  if (syntaxErrors.length > 0 || tree === undefined) {
    // The parser recovers and may report several errors at one place; the first says most.
    const firstAtEachOffset = syntaxErrors.filter(
      (e, i) => syntaxErrors.findIndex((other) => other.offset === e.offset) === i,
    );
    const problems = firstAtEachOffset.map((e) => ({
      path: '',
      message: syntaxMessage(e, source),
      ...place(e.offset),
    }));
    throw new ConfigError(
      file,
      problems.length > 0 ? problems : [{ path: '', message: 'the file is empty; it must hold a JSON object' }],
    );
  }

  const problems: ConfigProblem[] = duplicateKeys(tree).map((node) => ({
    path: formatPath(getNodePath(node.children?.[1] ?? node)),
    message: `${JSON.stringify(node.children?.[0]?.value)} appears more than once in this object; JSON keeps only the last, so remove the duplicate`,
    ...place(node.offset),
  }));

  const raw: unknown = getNodeValue(tree);
  const result = orgConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    for (const issue of specificIssues(result.error.issues)) {
      problems.push(...issueProblems(issue, tree, place));
    }
  }
  for (const problem of crossFieldProblems(raw)) {
    problems.push({
      path: formatPath(problem.at),
      message: problem.message,
      ...place(nodeNear(tree, problem.at).offset),
    });
  }

  if (problems.length > 0 || !result.success) {
    throw new ConfigError(file, sortProblems(dedupe(problems)));
  }
  return result.data;
}

/**
 * A union that fails reports one issue for the whole value; when one branch matched the value's
 * shape and failed deeper inside (a bad id in a list), that branch's issues say more.
 */
function specificIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const deeper = issue.errors.filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
    if (deeper.length !== 1) return [issue];
    return specificIssues(deeper[0].map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

function issueProblems(
  issue: z.core.$ZodIssue,
  tree: Node,
  place: (offset: number) => Pick<ConfigProblem, 'line' | 'column'>,
): ConfigProblem[] {
  const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issuePath);
    return issue.keys.map((key) => {
      const guess = closestMatch(key, allowed);
      const hint = guess !== undefined ? `did you mean "${guess}"?` : `allowed here: ${allowed.join(', ')}`;
      const property = findNodeAtLocation(tree, [...issuePath, key])?.parent;
      return {
        path: formatPath([...issuePath, key]),
        message: `unknown key; ${hint}`,
        ...place((property ?? nodeNear(tree, issuePath)).offset),
      };
    });
  }
  return [{ path: formatPath(issuePath), message: issue.message, ...place(nodeNear(tree, issuePath).offset) }];
}

/** The keys the schema allows in the object at `jsonPath` (for "did you mean"). */
function allowedKeys(jsonPath: JsonPath): string[] {
  let schema: z.core.$ZodType | undefined = orgConfigSchema;
  for (const part of jsonPath) {
    schema = schema === undefined ? undefined : childSchema(unwrap(schema), part);
  }
  const shape = schema === undefined ? undefined : objectShape(unwrap(schema));
  return shape === undefined ? [] : Object.keys(shape);
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  if (def.innerType !== undefined) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in !== undefined) return unwrap(def.in);
  return schema;
}

function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | undefined {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  return def.type === 'object' ? def.shape : undefined;
}

function childSchema(schema: z.core.$ZodType, part: string | number): z.core.$ZodType | undefined {
  const def = schema._zod.def as { type: string; element?: z.core.$ZodType };
  if (typeof part === 'number') return def.type === 'array' ? def.element : undefined;
  return objectShape(schema)?.[part];
}

/** The node at `jsonPath`, or its nearest ancestor that exists (for a missing key). */
function nodeNear(tree: Node, jsonPath: JsonPath): Node {
  for (let length = jsonPath.length; length > 0; length--) {
    const node = findNodeAtLocation(tree, jsonPath.slice(0, length) as (string | number)[]);
    if (node !== undefined) return node;
  }
  return tree;
}

/** Property nodes whose key repeats an earlier key of the same object. */
function duplicateKeys(node: Node): Node[] {
  const found: Node[] = [];
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const key = String(property.children?.[0]?.value);
      if (seen.has(key)) found.push(property);
      seen.add(key);
    }
  }
  for (const child of node.children ?? []) found.push(...duplicateKeys(child));
  return found;
}

const SYNTAX_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]:
    'unexpected character; JSON allows only objects, lists, strings in double quotes, numbers, true, false and null',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'a property name in double quotes is expected here',
  [ParseErrorCode.ValueExpected]: 'a value is expected here',
  [ParseErrorCode.ColonExpected]: 'a colon is expected here, between the property name and its value',
  [ParseErrorCode.CommaExpected]: 'a comma is expected here, between two items',
  [ParseErrorCode.CloseBraceExpected]: 'a closing } is expected here',
  [ParseErrorCode.CloseBracketExpected]: 'a closing ] is expected here',
  [ParseErrorCode.EndOfFileExpected]: 'the file should end here, after the top-level object',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON; remove them',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not allowed in JSON; remove them',
  [ParseErrorCode.UnexpectedEndOfString]: 'this string is not closed with a double quote',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'this number is incomplete',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape in a string',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape in a string; a backslash must be written \\\\',
  [ParseErrorCode.InvalidCharacter]: 'a control character (such as a tab or line break) inside a string; escape it',
};

function syntaxMessage(error: ParseError, text: string): string {
  const next = text.slice(error.offset).trimStart()[0];
  const trailingComma =
    (error.error === ParseErrorCode.PropertyNameExpected || error.error === ParseErrorCode.ValueExpected) &&
    (next === '}' || next === ']');
  if (trailingComma) return 'trailing comma before the closing bracket; JSON does not allow it, remove the comma';
  if (error.error === ParseErrorCode.ValueExpected && next === undefined)
    return 'the file ends too early; a value or closing bracket is missing';
  return `invalid JSON: ${SYNTAX_MESSAGES[error.error] ?? printParseErrorCode(error.error)}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.path.localeCompare(b.path),
  );
}

/**
 * Whether a file that is not JSON is YAML: its first line that is neither blank nor a `#` comment
 * is a document marker (`---`) or a `key:` mapping entry.
 */
function looksLikeYaml(source: string): boolean {
  const first = source.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return first !== undefined && /^(---|[A-Za-z_][\w.-]*\s*:(\s|$))/.test(first.trimStart());
}
