import * as path from 'path';

/**
 * A path a command wrote or read (`actual`), printed as its option was given (`given`): absolute
 * when the user gave an absolute path, else relative to the working folder (`.` for the folder
 * itself), so the line can be pasted where it was typed.
 */
export function pathAsGiven(given: string, actual: string = given): string {
  const resolved = path.resolve(actual);
  return path.isAbsolute(given) ? resolved : path.relative(process.cwd(), resolved) || '.';
}
