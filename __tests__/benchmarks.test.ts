import { execFileSync } from 'child_process';
import { readRepoFile } from './support/docs';
import { ROOT } from './support/synth';

/**
 * BENCHMARKS.md holds the current figure of each benchmark with its command, at most 400 lines
 * (history lives in git), and the code points to its sections by name rather than quoting figures
 * that go stale: every mention of it in the code names a section that exists, and every section a
 * document names or links exists.
 */
const MOST_LINES = 400;
const BENCHMARKS = readRepoFile('BENCHMARKS.md');
const HEADINGS = BENCHMARKS.split('\n')
  .filter((line) => /^#{2,3} /.test(line))
  .map((line) => line.replace(/^#+ /, ''));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');

/** The files git tracks, but the generated API pages. */
const TRACKED = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && file !== 'BENCHMARKS.md' && !file.startsWith('docs/api/'));
const CODE = TRACKED.filter(
  (file) => (/\.(ts|js|mjs|sh)$/.test(file) || file === '.ci/run') && file !== '__tests__/benchmarks.test.ts',
);
const DOCUMENTS = TRACKED.filter((file) => file.endsWith('.md'));

interface Mention {
  readonly file: string;
  /** The text after "BENCHMARKS.md", comment markers and line breaks folded into spaces. */
  readonly after: string;
}

function mentions(files: readonly string[]): Mention[] {
  return files.flatMap((file) => {
    const text = readRepoFile(file).replace(/\n\s*(?:\*|\/\/|#)?\s*/g, ' ');
    return [...text.matchAll(/BENCHMARKS\.md/g)].map((match) => ({
      file,
      after: text.slice(match.index + 'BENCHMARKS.md'.length, match.index + 'BENCHMARKS.md'.length + 240),
    }));
  });
}

/** The section names a mention quotes right after the file's name: `, "A"` or ` ("A", "B")`. */
function namedSections(after: string): string[] {
  const group = /^(?:,\s*|\s*\()((?:"[^"]+"(?:,\s*)?)+)/.exec(after)?.[1];
  return group === undefined ? [] : [...group.matchAll(/"([^"]+)"/g)].map((quoted) => quoted[1]);
}

const isSection = (name: string): boolean => HEADINGS.some((heading) => heading.startsWith(name));

describe('BENCHMARKS.md', () => {
  test(`has at most ${MOST_LINES} lines`, () => {
    expect(BENCHMARKS.trimEnd().split('\n').length).toBeLessThanOrEqual(MOST_LINES);
  });

  test('every mention in the code names a section of it', () => {
    const found = mentions(CODE);
    expect(found.length).toBeGreaterThan(10);
    const unnamed = found.filter((mention) => namedSections(mention.after).length === 0);
    expect(unnamed.map((mention) => `${mention.file}: BENCHMARKS.md${mention.after.slice(0, 60)}`)).toEqual([]);
  });

  test('every section the code and the documents name, or link to, exists', () => {
    const found = mentions([...CODE, ...DOCUMENTS]);
    const missing = found.flatMap((mention) =>
      namedSections(mention.after)
        .filter((name) => !isSection(name))
        .map((name) => `${mention.file}: "${name}"`),
    );
    const anchors = new Set(HEADINGS.map(anchorOf));
    const brokenLinks = found.flatMap((mention) => {
      const anchor = /^#([a-z0-9_-]+)/.exec(mention.after)?.[1];
      return anchor === undefined || anchors.has(anchor) ? [] : [`${mention.file}: #${anchor}`];
    });
    expect([...missing, ...brokenLinks]).toEqual([]);
  });

  test('the checks see a section that is not there', () => {
    expect(namedSections(', "Synth profile"). The files')).toEqual(['Synth profile']);
    expect(namedSections(' ("Changed stacks", "Plan memory") have')).toEqual(['Changed stacks', 'Plan memory']);
    expect(namedSections(') has the times.')).toEqual([]);
    expect(isSection('Synth profile')).toBe(true);
    expect(isSection('A section nobody wrote')).toBe(false);
    expect(anchorOf('Evidence delivery: `npm run verify-delivery`')).toBe('evidence-delivery-npm-run-verify-delivery');
  });
});
