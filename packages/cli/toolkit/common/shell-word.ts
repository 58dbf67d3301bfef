/**
 * A path or argument as one shell word, for the commands the toolkit prints for the user to run:
 * as it is when it needs no quoting, else in single quotes (a quote inside written as `'\''`).
 */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A regular expression source that matches one {@link shellWord}: a single-quoted word, or a plain one. */
export const SHELL_WORD = String.raw`'(?:[^']|'\\'')*'|\S+`;

/** The text a {@link shellWord} stands for: a single-quoted word unquoted, a plain one as it is. */
export function fromShellWord(word: string): string {
  const quoted = /^'((?:[^']|'\\'')*)'$/.exec(word);
  return quoted === null ? word : quoted[1].replace(/'\\''/g, "'");
}
