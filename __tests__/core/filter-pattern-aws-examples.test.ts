import { FilterPattern, FilterPatternError } from '../../modules/core/filter-pattern';

/*
 * An oracle that is not ours: every JSON example of CloudWatch Logs' filter pattern documentation,
 * with the event the page gives and whether the page says the pattern matches it.
 *
 * Sources (the page's text is not copied; its patterns and events are data):
 * - CURRENT: "Using filter patterns to match terms in JSON log events",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
 *   (part of "Filter pattern syntax for metric filters, subscription filters, filter log events, and
 *   Live Tail", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 * - ARCHIVED: the same guide's earlier "Filter and Pattern Syntax" page, from AWS's own source of the
 *   guide, github.com/awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md
 *   at commit 5ae5c9aeccbdc909d7549b9260291ce7ed2a92f3. It has examples the current page dropped
 *   (`$.objectList[1].id`, `IS TRUE`, arrays as values, the wildcard's place, OR on two events).
 *
 * Left out, on purpose: the pages' unstructured-term patterns (`ERROR`, `?ERROR ?WARN`, `"..."`),
 * space-delimited patterns (`[ip, user, ...]`) and standalone regex patterns (`%AUTHORIZED%`). Every
 * pattern this project deploys or accepts in a config is a JSON pattern (CloudTrail events are
 * JSON), and the parser refuses anything that does not start with `{`.
 *
 * A row with `gap` is one where our evaluator disagrees with the page: the test pins that it still
 * does (so fixing the evaluator fails here until the mark is removed), and the reason says why.
 */

type Row = {
  readonly pattern: string;
  readonly event: unknown;
  /** What the page says: true when the pattern matches the event. */
  readonly aws: boolean;
  /** Set when our evaluator disagrees with the page: why. */
  readonly gap?: string;
};

/** Our answer: whether the pattern matches, or `refused` when the parser rejects it. */
function ours(pattern: string, event: unknown): boolean | 'refused' {
  let parsed: FilterPattern;
  try {
    parsed = FilterPattern.parse(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) return 'refused';
    throw error;
  }
  return parsed.matches(event);
}

const NO_WILDCARD_SELECTOR = 'wildcard selectors ($.*, [*]) are not supported: the parser refuses them';

// CURRENT page, "Sample JSON log event for testing" of the single-condition examples.
const SAMPLE_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  'cluster.name': 'c',
};

// ARCHIVED page, "JSON Metric Filter Examples": the same event with ThisFlag instead of cluster.name.
const ARCHIVED_SAMPLE_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

// CURRENT and ARCHIVED pages, the compound expressions' sample event.
const COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

const ROWS: readonly Row[] = [
  // CURRENT page: the single-condition examples, each said to match the sample event.
  { pattern: '{ $.eventType = "UpdateTrail" }', event: SAMPLE_EVENT, aws: true },
  { pattern: '{ $.sourceIPAddress != 123.123.* }', event: SAMPLE_EVENT, aws: true },
  { pattern: '{ $.arrayKey[0] = "value" }', event: SAMPLE_EVENT, aws: true },
  { pattern: '{ $.eventType = %Trail% }', event: SAMPLE_EVENT, aws: true },
  { pattern: '{ $.arrayKey[*] = %val.{2}% }', event: SAMPLE_EVENT, aws: true, gap: NO_WILDCARD_SELECTOR },
  {
    pattern: '{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }',
    event: SAMPLE_EVENT,
    aws: true,
    gap: NO_WILDCARD_SELECTOR,
  },
  {
    pattern: '{ $.[\'cluster.name\'] = "c" }',
    event: SAMPLE_EVENT,
    aws: true,
  },
  { pattern: '{ $.SomeObject IS NULL }', event: SAMPLE_EVENT, aws: true },
  { pattern: '{ $.SomeOtherObject NOT EXISTS }', event: SAMPLE_EVENT, aws: true },

  // ARCHIVED page, "JSON Metric Filter Examples": "The following filters would match".
  { pattern: '{ $.eventType = "UpdateTrail" }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.sourceIPAddress != 123.123.* }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.arrayKey[0] = "value" }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.objectList[1].id = 2 }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.SomeObject IS NULL }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.SomeOtherObject NOT EXISTS }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  { pattern: '{ $.ThisFlag IS TRUE }', event: ARCHIVED_SAMPLE_EVENT, aws: true },
  // ARCHIVED page, same section: "If arrayKey is not an array this will be false", and likewise
  // for objectList and its items' id: the events are the sample with that property changed.
  { pattern: '{ $.arrayKey[0] = "value" }', event: { ...ARCHIVED_SAMPLE_EVENT, arrayKey: 'value' }, aws: false },
  { pattern: '{ $.objectList[1].id = 2 }', event: { ...ARCHIVED_SAMPLE_EVENT, objectList: 2 }, aws: false },
  {
    pattern: '{ $.objectList[1].id = 2 }',
    event: { ...ARCHIVED_SAMPLE_EVENT, objectList: [{ name: 'a' }, { name: 'b' }] },
    aws: false,
  },

  // CURRENT page, compound expressions: "() > && > ||".
  { pattern: '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', event: COMPOUND_EVENT, aws: true },
  {
    pattern:
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }',
    event: COMPOUND_EVENT,
    aws: true,
  },
  {
    pattern:
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }',
    event: COMPOUND_EVENT,
    aws: false,
  },
  {
    pattern: '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }',
    event: COMPOUND_EVENT,
    aws: false,
  },
  // ARCHIVED page, "JSON Compound Conditions": the same with unquoted values.
  {
    pattern: '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
    event: COMPOUND_EVENT,
    aws: true,
  },
  {
    pattern:
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
    event: COMPOUND_EVENT,
    aws: false,
  },

  // ARCHIVED page, "OR Pattern Matching" in JSON filters, on its two events.
  { pattern: '{$.foo = bar}', event: { foo: 'bar' }, aws: true },
  { pattern: '{$.foo = bar}', event: { foo: 'baz' }, aws: false },
  { pattern: '{$.foo = baz }', event: { foo: 'bar' }, aws: false },
  { pattern: '{$.foo = baz }', event: { foo: 'baz' }, aws: true },
  { pattern: '{$.foo = bar || $.foo = baz }', event: { foo: 'bar' }, aws: true },
  { pattern: '{$.foo = bar || $.foo = baz }', event: { foo: 'baz' }, aws: true },

  // ARCHIVED page, "JSON Special Considerations": a selector that reaches an array matches with
  // neither = nor !=.
  { pattern: '{$.users = 1}', event: { users: [1, 2, 3] }, aws: false },
  { pattern: '{$.users != 1}', event: { users: [1, 2, 3] }, aws: false },

  // CURRENT syntax page, "Supported regular expressions (regex) syntax": its examples of each
  // operator, which it says apply in JSON patterns too; the page gives values, each put in `x`.
  { pattern: '{ $.x = %^[hc]at% }', event: { x: 'hat' }, aws: true },
  { pattern: '{ $.x = %^[hc]at% }', event: { x: 'cat' }, aws: true },
  { pattern: '{ $.x = %^[hc]at% }', event: { x: 'a cat' }, aws: false },
  { pattern: '{ $.x = %[hc]at$% }', event: { x: 'a hat' }, aws: true },
  { pattern: '{ $.x = %colou?r% }', event: { x: 'color' }, aws: true },
  { pattern: '{ $.x = %colou?r% }', event: { x: 'colour' }, aws: true },
  { pattern: '{ $.x = %gra|ey% }', event: { x: 'gray' }, aws: true },
  { pattern: '{ $.x = %gra|ey% }', event: { x: 'grey' }, aws: true },
  { pattern: '{ $.x = %ab+c% }', event: { x: 'abbc' }, aws: true },
  { pattern: '{ $.x = %ab+c% }', event: { x: 'ac' }, aws: false },
  { pattern: '{ $.x = %ab*c% }', event: { x: 'ac' }, aws: true },
  { pattern: '{ $.x = %\\[.\\]% }', event: { x: '[7]' }, aws: true },
  { pattern: '{ $.x = %10\\.10\\.0\\.1% }', event: { x: '10.10.0.1' }, aws: true },
  { pattern: '{ $.x = %10\\.10\\.0\\.1% }', event: { x: '10010,051' }, aws: false },
  { pattern: '{ $.x = %10.10.0.1% }', event: { x: '10010,051' }, aws: true },
  { pattern: '{ $.x = %\\x3A% }', event: { x: ':' }, aws: true },

  // ARCHIVED page, the STRING of "Matching JSON Terms Using Metric Filters": the page gives values,
  // not events; each is put in a property `x`. "*Event will match PutEvent and GetEvent. Event* will
  // match EventId and EventName. Ev*ent will only match the actual string Ev*ent."
  { pattern: '{ $.x = *Event }', event: { x: 'PutEvent' }, aws: true },
  { pattern: '{ $.x = *Event }', event: { x: 'GetEvent' }, aws: true },
  { pattern: '{ $.x = Event* }', event: { x: 'EventId' }, aws: true },
  { pattern: '{ $.x = Event* }', event: { x: 'EventName' }, aws: true },
  { pattern: '{ $.x = Ev*ent }', event: { x: 'Ev*ent' }, aws: true },
  {
    pattern: '{ $.x = Ev*ent }',
    event: { x: 'Event' },
    aws: false,
    gap:
      'the archived page makes a * inside a value literal; ours is a wildcard anywhere. The current page ' +
      'says only that * is a wildcard, and every pattern we deploy puts it first or last',
  },
];

describe("CloudWatch Logs' documented JSON filter pattern examples", () => {
  const agreed = ROWS.filter((row) => row.gap === undefined);
  const gaps = ROWS.filter((row) => row.gap !== undefined);

  test.each(agreed.map((row) => [row.pattern, JSON.stringify(row.event), row.aws, row] as const))(
    '%s on %s: AWS says %s',
    (_pattern, _event, aws, row) => {
      expect(ours(row.pattern, row.event)).toBe(aws);
    },
  );

  test.each(gaps.map((row) => [row.pattern, JSON.stringify(row.event), row.gap, row] as const))(
    'known gap: %s on %s (%s)',
    (_pattern, _event, _gap, row) => {
      expect(ours(row.pattern, row.event)).not.toBe(row.aws);
    },
  );

  test('the table holds every documented example, and most agree', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(39);
    expect(agreed.length).toBeGreaterThan(gaps.length * 4);
  });
});

/*
 * Patterns the pages give without an event: AWS accepts them, so our parser must too, and read each
 * NUMBER the way the syntax defines it ("an integer with an optional + or - sign, a decimal with an
 * optional + or - sign, or a number in scientific notation").
 */
describe("CloudWatch Logs' documented numeric filter patterns", () => {
  test.each([
    // ARCHIVED page, "Numeric Comparisons".
    ['{ $.latency >= 500 }', 500],
    ['{ $.numbers[0] < 10e3 }', 10e3],
    ['{ $.numbers[0] < 10e-3 }', 10e-3],
    ['{ $.processes[4].averageRuntime <= 55.5 }', 55.5],
    ['{ $.errorCode = 400 }', 400],
    ['{ $.errorCode != 500 }', 500],
    ['{ $.latency > +1000 }', 1000],
    // CURRENT syntax page, "Writing filter patterns that match numeric values".
    ['{ $.bandwidth > 75 }', 75],
    ['{ $.latency < 50 }', 50],
    ['{ $.refreshRate >= 60 }', 60],
    ['{ $.responseTime <= 5 }', 5],
    ['{ $.errorCode = 400}', 400],
    ['{ $.number[0] = 1e+3 }', 1e3],
    ['{ $.number[0] != 1e-3 }', 1e-3],
  ])('%s compares with the number %d', (pattern, value) => {
    const root = FilterPattern.parse(pattern).root;
    expect(root).toMatchObject({ kind: 'compare', value: { kind: 'number', value } });
  });

  test('{ $.latency = * } (ARCHIVED page, publishing numerical values) matches any number', () => {
    expect(ours('{ $.latency = * }', { latency: 1234 })).toBe(true);
  });
});

describe('what the CloudWatch Logs pages say AWS does not support', () => {
  test.each([
    // CURRENT page: "The variables IS NOT and EXISTS currently aren't supported."
    '{ $.SomeObject IS NOT NULL }',
    '{ $.SomeObject EXISTS }',
    // CURRENT syntax page: "The ( and ) operators are not supported", and at most 2 regex a pattern.
    '{ $.eventType = %(Update)Trail% }',
    '{ $.eventType = %U% && $.eventType = %T% && $.eventType = %l% }',
  ])('%s is refused', (pattern) => {
    expect(ours(pattern, SAMPLE_EVENT)).toBe('refused');
  });

  test.each([
    ['{ $.eventType = %Trail }', 'this regex is not closed', 17],
    ['{ $.eventType = %(Update)Trail% }', 'has no ( or )', 18],
    ['{ $.a = %a% || $.b = %b% || $.c = %c% }', 'at most 2 regex in a pattern', 35],
    ['{ $.a = %a{2,1}% }', 'not a regex', 9],
    ["{ $.['cluster.name = 1 }", "expected the closing '] of a bracketed property name", 7],
    ["{ $.[''] = 1 }", "expected a property name inside ['...']", 7],
  ])('%s is refused with %j at column %d', (pattern, reason, column) => {
    let error: unknown;
    try {
      FilterPattern.parse(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterPatternError);
    expect((error as FilterPatternError).reason).toContain(reason);
    expect((error as FilterPatternError).column).toBe(column);
  });
});
