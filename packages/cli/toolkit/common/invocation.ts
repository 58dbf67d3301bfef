/**
 * How the user runs this CLI where they are, so that every "next:" line and every fix a command
 * suggests is a command that exists there: a script of the project they are in (a clone's
 * `npm run plan`, or an app's own), else `npx @audit-logging/cdktf-cli plan`, which runs the copy a
 * cdktf app installs (npx takes a package the project has) and fetches the package from npx alone.
 * Never the unscoped `npx cdktf-audit-logging`: where nothing installs it, npx would fetch whatever
 * the registry holds under that name, which is not ours.
 */
import * as fs from 'fs';
import * as path from 'path';
import { shellWord } from './shell-word';

/** The program's name, as users type it (the CLI package's `bin`). */
export const PROGRAM = 'cdktf-audit-logging';

/** The CLI package we publish, which an auditor runs with npx: never an unscoped name someone else could take. */
export const CLI_PACKAGE = '@audit-logging/cdktf-cli';

/** What the project the user is in offers to run the program with. */
export interface Invocation {
  /** Its scripts that run one command each (`"plan": "node bin/cdktf-audit-logging.js plan"`), by command. */
  readonly scripts: ReadonlyMap<string, string>;
  /** Its script that runs the program and takes the command after `--`, if any. */
  readonly programScript?: string;
}

/**
 * What runs the program from `cwd`: the scripts of the package.json npm run reads there (the
 * nearest at or above it) that end with the program, alone or with one command.
 */
export function invocationAt(cwd: string): Invocation {
  const scripts = new Map<string, string>();
  let programScript: string | undefined;
  for (const [script, text] of Object.entries(nearestScripts(cwd))) {
    const words = String(text).trim().split(/\s+/);
    const at = words.findIndex((word) => path.basename(word).replace(/\.js$/, '') === PROGRAM);
    if (at < 0) continue;
    const rest = words.slice(at + 1);
    if (rest.length === 0) programScript ??= script;
    // Of two scripts that run one command, the one under the command's own name.
    else if (rest.length === 1 && /^[a-z-]+$/.test(rest[0]) && (!scripts.has(rest[0]) || script === rest[0])) {
      scripts.set(rest[0], script);
    }
  }
  return { scripts, programScript };
}

const remembered = new Map<string, Invocation>();

/** {@link invocationAt} the working directory, read once per directory. */
function invocation(): Invocation {
  const cwd = process.cwd();
  const found = remembered.get(cwd) ?? invocationAt(cwd);
  remembered.set(cwd, found);
  return found;
}

/**
 * The command line that runs `command` with `args` where the user is: `npm run plan -- audit` in a
 * clone (or an app's own script of the command), else `npx @audit-logging/cdktf-cli plan audit`. Each argument is one shell word, but for a
 * placeholder the user fills in (`<stack>`).
 */
export function commandLine(command: string, args: readonly string[] = [], at: Invocation = invocation()): string {
  const words = args.map((arg) => (PLACEHOLDER.test(arg) ? arg : shellWord(arg)));
  const script = at.scripts.get(command);
  if (script !== undefined) return ['npm run', script, ...(words.length > 0 ? ['--', ...words] : [])].join(' ');
  if (at.programScript !== undefined) return ['npm run', at.programScript, '--', command, ...words].join(' ');
  return ['npx', CLI_PACKAGE, command, ...words].join(' ');
}

/** An argument the user replaces: `<stack>`, `<the copy of the member-logs bucket>`. */
const PLACEHOLDER = /^<[^<>]+>$/;

/** The first folder from `cwd` up that `test` accepts. */
function aboveOrAt(cwd: string, test: (dir: string) => boolean): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (test(dir)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The scripts of the package.json npm run reads from `cwd`: the nearest at or above it. */
function nearestScripts(cwd: string): Record<string, unknown> {
  const dir = aboveOrAt(cwd, (at) => fs.existsSync(path.join(at, 'package.json')));
  if (dir === undefined) return {};
  try {
    const scripts = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: unknown })
      .scripts;
    return typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
