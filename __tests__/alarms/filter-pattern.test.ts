import * as fs from 'fs';
import * as path from 'path';
import { FilterPattern, FilterPatternError } from '../../modules/core/filter-pattern';
import {
  CIS_CONTROL_IDS,
  CIS_CONTROL_LIST,
  CIS_CONTROLS,
  type CisControl,
  type CisControlRecords,
  CONSOLE_SIGNIN_IAM_USERS_PATTERN,
} from '../../modules/catalogs/cis-controls';
import { cisNumber } from '../../modules/catalogs/cis-benchmark';
import { corpusLabel, loadCorpus } from './corpus';

const matches = (pattern: string, event: unknown): boolean => FilterPattern.parse(pattern).matches(event);

describe('FilterPattern semantics', () => {
  const event = {
    eventName: 'ConsoleLogin',
    errorCode: 'AccessDeniedException',
    count: 5,
    flag: true,
    nothing: null,
    nested: { list: [{ name: 'a' }, { name: 'b' }] },
  };

  test.each([
    ['{ $.eventName = "ConsoleLogin" }', true],
    ['{ $.eventName = ConsoleLogin }', true],
    ['{ $.eventName = "consolelogin" }', false], // case-sensitive
    ['{ $.eventName = "Console*" }', true],
    ['{ $.eventName = "Console" }', false], // whole value
    ['{ $.errorCode = "AccessDenied*" }', true],
    ['{ $.errorCode = "*Denied" }', false], // wildcard anchored at both ends
    ['{ $.eventName != "Other" }', true],
    ['{ $.missing != "Other" }', false], // a comparison on a missing property is false
    ['{ $.missing = "*" }', false],
    ['{ $.missing NOT EXISTS }', true],
    ['{ $.eventName NOT EXISTS }', false],
    ['{ $.nothing IS NULL }', true],
    ['{ $.eventName IS NULL }', false],
    ['{ $.flag IS TRUE }', true],
    ['{ $.flag IS FALSE }', false],
    ['{ $.count = 5 }', true],
    ['{ $.count > 4 && $.count >= 5 && $.count < 6 && $.count <= 5 }', true],
    ['{ $.count > 5 }', false],
    ['{ $.eventName > 5 }', false], // numeric comparison on a string
    ['{ $.nested = "*" }', false], // an object never equals a value
    ['{ $.nested != "x" }', false],
    ['{ $.nested.list[1].name = "b" }', true],
    ['{ $.nested.list[2].name NOT EXISTS }', true],
    ['{ $.count = 1 || $.count = 5 && $.flag IS FALSE }', false], // && binds tighter than ||
    ['{ ($.count = 1 || $.count = 5) && $.flag IS TRUE }', true],
    ['{ $.count = 5 || $.count = 1 && $.flag IS FALSE }', true],
  ])('%s is %s', (pattern, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  test.each([
    ['', 'the pattern is empty', 1],
    ['ERROR', 'a JSON filter pattern starts with "{"', 1],
    ['{ $.a = "x" ', 'expected "&&", "||" or the closing "}"', 13],
    ['{ ($.a = "x" }', 'expected "&&", "||" or the closing ")"', 14],
    ['{ $.a = "x }', 'this string is not closed', 9],
    ['{ a = "x" }', 'expected a property selector such as $.eventName', 3],
    ['{ $.a ~ "x" }', 'expected a comparison', 7],
    ['{ $.a > "x" }', '">" compares numbers; give a number', 12],
    ['{ $.a = }', 'expected a value', 9],
    ['{ $.a = 1 } x', 'unexpected text after the closing "}"', 13],
    ['{ $. = 1 }', 'expected a property name after "."', 5],
    ['{ $.a[x] = 1 }', 'expected an array index such as [0]', 7],
  ])('rejects %j: %s at column %d', (pattern, reason, column) => {
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

describe('the CIS catalog', () => {
  test('has exactly one entry per control id, in the same order', () => {
    expect(CIS_CONTROL_LIST.map((control) => control.id)).toEqual([...CIS_CONTROL_IDS]);
  });

  test.each(CIS_CONTROL_LIST.map((c) => [c.id, c] as const))('%s: the pattern parses', (_id, control) => {
    expect(() => FilterPattern.parse(control.pattern)).not.toThrow();
  });

  test('maps CloudWatch.1 to .14 in order, and Organizations to CIS 4.15 only', () => {
    expect(CIS_CONTROL_LIST.map((c) => c.securityHubControl)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`),
      undefined,
    ]);
    expect(CIS_CONTROL_LIST[14].cisRecommendations).toEqual(['v3.0.0/4.15']);
  });

  test('each record is filed under its own id', () => {
    for (const id of CIS_CONTROL_IDS) expect(CIS_CONTROLS[id].id).toBe(id);
  });

  test('numbers every control in CIS v7.0.0 section 5, 5.1 to 5.15, once each, and in v3.0.0 section 4', () => {
    const sorted = (numbers: string[]) =>
      [...numbers].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(sorted(CIS_CONTROL_LIST.map((c) => c.requirement))).toEqual(
      Array.from({ length: 15 }, (_, i) => `5.${i + 1}`),
    );
    expect(sorted(CIS_CONTROL_LIST.map((c) => cisNumber(c.requirement, 'v3.0.0') ?? ''))).toEqual(
      Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
    );
  });

  test('is typed so that an id without its record, or a control without a field, does not compile (tsc)', () => {
    // @ts-expect-error: every id needs its record
    const oneRecord: CisControlRecords = { 'root-account-usage': CIS_CONTROLS['root-account-usage'] };
    // @ts-expect-error: every control needs its number in each reported benchmark version
    const noNumber: CisControl = { ...CIS_CONTROLS['vpc-changes'], benchmark: {} };
    // @ts-expect-error: a record is filed under its own id
    const misfiled: CisControl<'vpc-changes'> = CIS_CONTROLS['nacl-changes'];
    expect([oneRecord, noNumber, misfiled]).toHaveLength(3);
  });

  test('metric names are unique', () => {
    expect(new Set(CIS_CONTROL_LIST.map((c) => c.metricName)).size).toBe(CIS_CONTROL_LIST.length);
  });
});

describe('the CIS patterns on real CloudTrail events', () => {
  const corpus = loadCorpus();
  // A control matches when any of its filters does: they all count into its one metric.
  const compiled = CIS_CONTROL_LIST.map((control) => {
    const filters = [control.pattern, ...control.scannerFilters.map((f) => f.pattern)].map((text) =>
      FilterPattern.parse(text),
    );
    return {
      label: corpusLabel(control.id),
      pattern: { matches: (event: unknown) => filters.some((filter) => filter.matches(event as never)) },
    };
  });
  const variant = FilterPattern.parse(CONSOLE_SIGNIN_IAM_USERS_PATTERN);
  const MFA_LABEL = corpusLabel('console-signin-without-mfa');
  const VARIANT_KEY = `${MFA_LABEL}@sso-reduced`;

  test('the corpus has its 198 events', () => {
    expect(corpus).toHaveLength(198);
  });

  test.each(corpus.map((e, i) => [`${i + 1} ${e.source.split('/').pop()} ${e.locator}`, e] as const))(
    '%s gets exactly its labels',
    (_name, labeled) => {
      const got = compiled.filter((c) => c.pattern.matches(labeled.event)).map((c) => c.label);
      expect(got.sort()).toEqual([...labeled.expect].sort());
    },
  );

  test.each(corpus.map((e, i) => [`${i + 1} ${e.source.split('/').pop()} ${e.locator}`, e] as const))(
    '%s gets its label under the IAM-users sign-in variant',
    (_name, labeled) => {
      const variantMatches = labeled.variant_expect?.[VARIANT_KEY] ?? labeled.expect.includes(MFA_LABEL);
      const expected = labeled.expect.filter((label) => label !== MFA_LABEL).concat(variantMatches ? [MFA_LABEL] : []);
      const got = compiled
        .filter((c) => c.label !== MFA_LABEL && c.pattern.matches(labeled.event))
        .map((c) => c.label)
        .concat(variant.matches(labeled.event) ? [MFA_LABEL] : []);
      expect(got.sort()).toEqual([...expected].sort());
    },
  );

  test('the variant disagrees with the primary pattern on exactly the 10 events the corpus marks', () => {
    expect(corpus.filter((e) => e.variant_expect?.[VARIANT_KEY] !== undefined)).toHaveLength(10);
  });
});

describe('the catalog against the stored copy of the published texts', () => {
  const stored = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', 'fixtures', 'published-filters', 'security-hub-cloudwatch.json'),
      'utf8',
    ),
  ) as { patterns: Record<string, string> };

  test('the copy holds CloudWatch.1 to CloudWatch.14', () => {
    expect(Object.keys(stored.patterns)).toEqual(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`));
  });

  test.each(
    CIS_CONTROL_LIST.filter((c) => c.securityHubControl !== undefined).map((c) => [c.securityHubControl, c] as const),
  )("%s: the deployed text is Security Hub's, character for character", (control, entry) => {
    // CloudWatch.3's text is the stricter sign-in variant; the catalog's primary text is the benchmark's.
    const deployed = control === 'CloudWatch.3' ? CONSOLE_SIGNIN_IAM_USERS_PATTERN : entry.pattern;
    expect(deployed).toBe(stored.patterns[control ?? '']);
  });
});

describe('the CIS v3.0.0 section 4 texts', () => {
  const stored = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'published-filters', 'cis-v3.0.0.json'), 'utf8'),
  ) as { patterns: Record<string, string> };
  /** The same filter whatever the spacing and quoting (CloudWatch Logs reads them alike). */
  const normalized = (text: string) => text.replace(/[\s"]/g, '');

  test.each(CIS_CONTROL_LIST.filter((c) => c.id !== 'unauthorized-api-calls').map((c) => [c.id, c] as const))(
    '%s: a deployed filter is the benchmark text, but for spacing and quoting',
    (_id, control) => {
      const published = stored.patterns[cisNumber(control.requirement, 'v3.0.0') ?? ''];
      expect(published).toBeDefined();
      const texts = [control.pattern, ...control.scannerFilters.map((f) => f.pattern)].map(normalized);
      expect(texts).toContain(normalized(published));
    },
  );

  test('its remediation text ORs two negations, so it matches almost every event: as an alarm it would always fire', () => {
    const text = stored.patterns['4.1'];
    expect(text).toContain('($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket")');
    const filter = FilterPattern.parse(text);
    const corpus = loadCorpus();
    const matched = corpus.filter((labeled) => filter.matches(labeled.event)).length;
    expect(matched).toBeGreaterThan(corpus.length * 0.95);
    // The deployed text (Security Hub's, which Prowler's check accepts) matches only what the corpus labels.
    const deployed = FilterPattern.parse(
      CIS_CONTROL_LIST.find((c) => c.id === 'unauthorized-api-calls')?.pattern ?? '',
    );
    const label = corpusLabel('unauthorized-api-calls');
    expect(corpus.filter((labeled) => deployed.matches(labeled.event)).length).toBe(
      corpus.filter((labeled) => labeled.expect.includes(label)).length,
    );
  });
});
