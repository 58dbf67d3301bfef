/**
 * A path or argument as one shell word, for the commands the toolkit prints for the user to run:
 * as it is when it needs no quoting, else in single quotes (a quote inside written as `'\''`).
 */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
