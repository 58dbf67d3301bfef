import * as path from 'path';
import type { Command } from 'commander';
import { program } from '../packages/cli/cli/program';
import { loadConfig } from '../modules/org-config/load';
import { buildStacks } from '../stacks';
import { Testing } from 'cdktf';
import { DOCS, readRepoFile } from './support/docs';
import { ROOT } from './support/synth';

/*
 * The command examples and lists of the README and docs are checked against the code that runs
 * them: every `npm run` script they name exists, every option an example gives is one its command
 * takes, and the README's tables of commands and stacks are the program's commands and the stacks
 * the starter config builds. A renamed option or command fails here, not in a reader's terminal.
 */

const read = readRepoFile;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const root = program();

/** The text of every inline code span and fenced code block of a Markdown file, one entry per line. */
function codeOf(markdown: string): string[] {
  const code: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) code.push(line);
    else for (const span of line.matchAll(/`([^`]+)`/g)) code.push(span[1]);
  }
  return code;
}

/** One command line an example gives: where, the words after the program's name. */
interface Example {
  readonly file: string;
  readonly line: string;
  readonly words: string[];
}

/**
 * The examples of the CLI in a document: `npm run <alias> -- ...`, `npm run cli -- <command> ...`
 * and `cdktf-audit-logging <command> ...`, each cut at the first shell operator or comment.
 */
function examplesIn(file: string): Example[] {
  const examples: Example[] = [];
  for (const code of codeOf(read(file))) {
    for (const part of code.split(/&&|\|\||;|\||#/)) {
      const words = part.trim().split(/\s+/);
      const run = words.indexOf('run');
      if (words[run - 1] === 'npm' && run >= 0) {
        const script = words[run + 1];
        const alias = /^node bin\/cdktf-audit-logging\.js ?(.*)$/.exec(scripts[script] ?? '');
        if (alias === null) continue;
        const rest = words.slice(run + 2);
        const args = rest[0] === '--' ? rest.slice(1) : [];
        examples.push({ file, line: part.trim(), words: [...alias[1].split(' ').filter(Boolean), ...args] });
        continue;
      }
      const at = words.indexOf('cdktf-audit-logging');
      if (at >= 0 && at === words.findIndex((w) => w === 'cdktf-audit-logging') && words[at + 1] !== undefined) {
        if (/^[a-z][a-z-]+$/.test(words[at + 1]))
          examples.push({ file, line: part.trim(), words: words.slice(at + 1) });
      }
    }
  }
  return examples;
}

/** The command an example runs (a subcommand when the next word names one), and the options it gives. */
function resolve(example: Example): { command?: Command; options: string[] } {
  const [name, ...rest] = example.words;
  let command = root.commands.find((c) => c.name() === name);
  const sub = command?.commands.find((c) => c.name() === rest[0]);
  if (sub !== undefined) command = sub;
  const options = rest
    .filter((word) => /^--[a-z]/.test(word))
    .map((word) => word.replace(/[=,.)].*$/, '').replace(/[`'"]+$/, ''));
  return { command, options };
}

/** Examples that show a mistake on purpose (the error it gets), by file: the option they misspell. */
const MISTAKES_SHOWN: Readonly<Record<string, readonly string[]>> = {
  // "A typo in an option": the message the CLI prints for it.
  'docs/troubleshooting.md': ['--confg'],
};

/** Every example but those whose command is a placeholder (`npm run cli -- <command> --help`). */
const EXAMPLES = DOCS.flatMap(examplesIn).filter((example) => !example.words[0]?.startsWith('<'));

describe('the command examples of README and docs', () => {
  test('there are examples to check in the README and docs/cli.md', () => {
    expect(EXAMPLES.filter((e) => e.file === 'README.md').length).toBeGreaterThan(5);
    expect(EXAMPLES.filter((e) => e.file === 'docs/cli.md').length).toBeGreaterThan(5);
  });

  test.each(DOCS)('%s: every npm run names a script of package.json', (file) => {
    const named = codeOf(read(file)).flatMap((code) =>
      [...code.matchAll(/\bnpm run ([a-z][a-z0-9:-]*)/g)].map((match) => match[1]),
    );
    expect(named.filter((script) => !(script in scripts))).toEqual([]);
  });

  test.each(DOCS)('%s: every example runs a command of the program with options that command takes', (file) => {
    const wrong = EXAMPLES.filter((e) => e.file === file).flatMap((example) => {
      const { command, options } = resolve(example);
      if (command === undefined) return [`${example.line}: no command ${example.words[0]}`];
      const known = new Set(['--help', ...command.options.map((o) => o.long)]);
      return options
        .filter((o) => !known.has(o) && !(MISTAKES_SHOWN[file] ?? []).includes(o))
        .map((o) => `${example.line}: ${command.name()} takes no ${o}`);
    });
    expect(wrong).toEqual([]);
  });

  test('a renamed option would be caught: the check refuses an option the command does not take', () => {
    const { command, options } = resolve({ file: 'x', line: 'x', words: ['deploy', '--plan-dri', 'plans'] });
    expect(command?.name()).toBe('deploy');
    expect(command?.options.map((o) => o.long)).not.toContain(options[0]);
    // The README's own example is read, with the option it gives.
    const readme = examplesIn('README.md').find((e) => e.words[0] === 'deploy' && e.words.includes('--plan-dir'));
    expect(resolve(readme ?? { file: '', line: '', words: [] }).options).toEqual(['--plan-dir']);
  });
});

describe("the README's tables", () => {
  /** The first column of the table under a heading, without its backticks. */
  function firstColumn(heading: string): string[] {
    const readme = read('README.md');
    const start = readme.indexOf(`\n## ${heading}\n`);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    return section
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) => line.split('|')[1].trim().replace(/`/g, ''));
  }

  test('the commands table lists every command of the program, and docs/cli.md names each', () => {
    const commands = root.commands.map((c) => c.name());
    expect(firstColumn('Commands').sort()).toEqual([...commands].sort());
    const cli = read('docs/cli.md');
    expect(commands.filter((name) => !cli.includes(`\`${name}`) && !cli.includes(`## ${name}`))).toEqual([]);
  });

  test('the stacks table names every stack the starter config builds, members by their pattern', () => {
    const app = Testing.app();
    const starter = loadConfig(path.join(ROOT, 'examples', 'starter.config.json'));
    buildStacks(app, starter);
    const memberNames = new Set(starter.members.map((m) => `member-${m.name}`));
    const built = new Set(
      app.node.children.map((stack) => (memberNames.has(stack.node.id) ? 'member-<name>' : stack.node.id)),
    );
    expect(firstColumn('Stacks').sort()).toEqual([...built].sort());
  });
});
