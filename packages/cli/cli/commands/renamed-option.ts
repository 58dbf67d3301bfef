import { Option } from 'commander';
import { UsageError } from './exit-codes';

/*
 * An option renamed so that one name means one thing in every command (`--out` the synth folder,
 * `--output` a report file, `--config` the organization config): the old spelling is still
 * accepted, with a warning, for one release, and hidden from `--help`.
 */

/** The old spelling of `newName`, for `.addOption(...)`: accepted, warned, hidden from `--help`. */
export function oldSpelling(flags: string, newName: string): Option {
  return new Option(flags, `the old spelling of ${newName}`).hideHelp();
}

/**
 * The value given under the new name or the old one; the old one warns on stderr. Both at once is
 * a usage error: which one was meant cannot be known.
 */
export function renamedValue(
  command: string,
  names: { readonly old: string; readonly new: string },
  values: { readonly old: string | undefined; readonly new: string | undefined },
): string | undefined {
  if (values.old === undefined) return values.new;
  if (values.new !== undefined) {
    throw new UsageError(`${command}: give ${names.new} only (${names.old} is its old spelling)`);
  }
  process.stderr.write(
    `warning: ${command} ${names.old} is now ${names.new}; the old spelling will be removed in the next release\n`,
  );
  return values.old;
}
