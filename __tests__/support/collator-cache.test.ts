import * as vm from 'vm';
import { installCollatorCache, type LocaleCompare } from './collator-cache';

/** The engine's own localeCompare, from a realm nothing has changed. */
const builtin = vm.runInNewContext('String.prototype.localeCompare') as LocaleCompare;

function cached(): LocaleCompare {
  const prototype = { localeCompare: builtin };
  installCollatorCache(prototype);
  return prototype.localeCompare;
}

/** Strings that case, accents, punctuation, numbers and ARN characters tell apart. */
const WORDS = [
  's3:PutObject',
  's3:putobject',
  'S3:PUTOBJECT',
  'kms:DisableKeyRotation',
  'résumé',
  'resume',
  'Resume',
  'a-b',
  'ab',
  'a b',
  'item2',
  'item10',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/key',
  '',
  'ß',
  'ss',
];

const CALLS: [locales?: string | string[], options?: Intl.CollatorOptions][] = [
  [],
  [undefined, { sensitivity: 'accent' }],
  [undefined, { sensitivity: 'base' }],
  [undefined, { sensitivity: 'case' }],
  ['en', { numeric: true }],
  ['de', { ignorePunctuation: true }],
  [['sv', 'en'], { caseFirst: 'upper' }],
  ['en'],
  // Values that one text could stand for: a boolean option given as a string (true, for ECMA-402).
  ['en', { numeric: false }],
  ['en', { numeric: 'false' as unknown as boolean }],
  [['en'], { sensitivity: 'base' }],
];

describe('localeCompare with one collator per locales and options (the tests realm)', () => {
  // One for every call below: a collator made for one call's options must not answer another's.
  const shared = cached();

  test.each(CALLS.map((call) => [JSON.stringify(call), call] as const))(
    'compares as the engine does: %s',
    (_title, call) => {
      const compare = shared;
      for (const a of WORDS) {
        for (const b of WORDS) expect([a, b, compare.call(a, b, ...call)]).toEqual([a, b, builtin.call(a, b, ...call)]);
      }
    },
  );

  test('an options object changed between calls is read again', () => {
    const compare = cached();
    const options: Intl.CollatorOptions = { sensitivity: 'accent' };
    expect(compare.call('a', 'A', undefined, options)).toBe(0);
    options.sensitivity = 'variant';
    expect(compare.call('a', 'A', undefined, options)).not.toBe(0);
    expect(compare.call('a', 'A', undefined, options)).toBe(builtin.call('a', 'A', undefined, options));
  });

  test('refuses what the engine refuses', () => {
    const compare = cached();
    const refusal = (call: () => number) => {
      try {
        call();
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return 'accepted';
    };
    const engine = refusal(() => builtin.call('a', 'b', 'not a locale!'));
    expect(engine).toMatch(/^RangeError: /);
    expect(refusal(() => compare.call('a', 'b', 'not a locale!'))).toBe(engine);
  });

  test('is what every test file of the fast tier runs with', () => {
    expect(Function.prototype.toString.call(String.prototype.localeCompare)).not.toContain('[native code]');
    expect('s3:PutObject'.localeCompare('S3:PUTOBJECT', undefined, { sensitivity: 'accent' })).toBe(0);
  });
});
