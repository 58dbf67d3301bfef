import * as fs from 'fs';
import * as path from 'path';
import { AWS_FACTS, awsFact, awsFactsMarkdown } from '../../modules/core/aws-facts';
import { ROOT } from '../support/root';

/*
 * The catalog of facts about AWS (modules/core/aws-facts.ts): every fact cited by an AWS page and
 * its sentence, relied on by files that exist, and pinned by tests that name it; the docs page is
 * the table as generated.
 */

describe('the catalog of facts about AWS', () => {
  test('ids are unique and kebab-case', () => {
    const ids = AWS_FACTS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test.each(AWS_FACTS.map((f) => [f.id, f] as const))('%s is cited by an AWS page and one sentence of it', (_id, f) => {
    expect(f.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+\.html$/);
    expect(f.source.sentence.length).toBeGreaterThan(20);
    expect(f.source.sentence).not.toMatch(/\n/);
    expect(f.fact.length).toBeGreaterThan(20);
    expect(f.consequence.length).toBeGreaterThan(20);
  });

  test.each(AWS_FACTS.map((f) => [f.id, f] as const))(
    '%s is relied on by files that exist and pinned by tests that name it',
    (id, f) => {
      expect(f.reliedOnBy.length).toBeGreaterThan(0);
      for (const file of f.reliedOnBy) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
      expect(f.testedBy.length).toBeGreaterThan(0);
      for (const file of f.testedBy) {
        expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toContain(`[${id}]`);
      }
    },
  );

  test('a fact is found by its id, and an unknown id is an error naming the table', () => {
    expect(awsFact('scheduler-source-arn-is-schedule-group').kind).toBe('condition-keys');
    expect(() => awsFact('scheduler-sends-schedule-arn')).toThrow(
      'no AWS fact "scheduler-sends-schedule-arn" in modules/core/aws-facts.ts',
    );
  });

  test('docs/aws-facts.md is what the table generates (npm run docs:aws-facts)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'aws-facts.md'), 'utf8')).toBe(awsFactsMarkdown());
  });
});
