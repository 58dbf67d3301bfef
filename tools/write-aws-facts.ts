/**
 * Writes docs/aws-facts.md from the table of facts about AWS (modules/core/aws-facts.ts).
 * __tests__/core/aws-facts.test.ts fails when the page is stale.
 *
 * npm run docs:aws-facts
 */
import * as fs from 'fs';
import * as path from 'path';
import { awsFactsMarkdown } from '../modules/core/aws-facts';

const file = path.resolve(__dirname, '..', 'docs', 'aws-facts.md');
fs.writeFileSync(file, awsFactsMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
