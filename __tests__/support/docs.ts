import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './synth';

/** The user's documents: the README and every Markdown file of docs/ (not the generated API pages). */
export const DOCS = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name)),
];

/** A file of the repository, as text. */
export const readRepoFile = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
