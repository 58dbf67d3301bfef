import * as path from 'path';
import { Command, Option } from 'commander';
import { dayArgument } from '../../packages/cli/cli/commands/day-option';
import { program } from '../../packages/cli/cli/program';
import { runCliInProcess } from '../support/cli';
import { ROOT } from '../support/synth';

/*
 * Every option that takes a day takes yyyy-MM-dd and yyyy/MM/dd alike (the archive's keys use the
 * second, most people type the first), hands on yyyy-MM-dd, and refuses anything else as a usage
 * error naming the option. The day options are found in the command tree, not listed here.
 */

/** Every command and subcommand with its path, as a user types it. */
function commands(root: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  return root.commands.flatMap((command) => {
    const here = [...prefix, command.name()];
    return [{ path: here, command }, ...commands(command, here)];
  });
}

const DAY_OPTIONS = commands(program()).flatMap(({ path: at, command }) =>
  (command.options as Option[])
    .filter((option) => option.parseArg === dayArgument)
    .map((option) => ({ at, command, option })),
);

test('the day options are those of every command that reads days', () => {
  expect(DAY_OPTIONS.map(({ at, option }) => `${at.join(' ')} ${option.long}`).sort()).toEqual([
    'columnar-copy --from',
    'columnar-copy --to',
    'cost --from',
    'cost --to',
    'evidence build --from',
    'evidence build --to',
    'investigate --from',
    'investigate --to',
    'verify-delivery --from',
    'verify-delivery --to',
  ]);
});

test('an option that speaks of a day or its format is a day option', () => {
  const unparsed = commands(program()).flatMap(({ path: at, command }) =>
    (command.options as Option[])
      .filter((option) => /<day>|yyyy/i.test(`${option.flags} ${option.description}`))
      .filter((option) => option.parseArg !== dayArgument)
      .map((option) => `${at.join(' ')} ${option.long}`),
  );
  expect(unparsed).toEqual([]);
});

describe.each(DAY_OPTIONS.map((o) => [`${o.at.join(' ')} ${o.option.long}`, o] as const))('%s', (_name, o) => {
  test.each(['2023-07-10', '2023/07/10'])('takes %s as 2023-07-10', (given) => {
    o.command.parseOptions([o.option.long as string, given]);
    expect(o.command.getOptionValue(o.option.attributeName())).toBe('2023-07-10');
  });
});

describe('from the command line', () => {
  test.each(DAY_OPTIONS.map(({ at, option }) => [at.join(' '), option.long as string]))(
    '%s %s 2023-02-30 is a usage error (exit 2) that names the option',
    async (at, long) => {
      const result = await runCliInProcess([...at.split(' '), long, '2023-02-30']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `option '${long} <day>' argument '2023-02-30' is invalid. 2023-02-30 is not a day; give yyyy-MM-dd (or yyyy/MM/dd)`,
      );
    },
  );

  test('investigate answers the same for either form, and prints the days one way', async () => {
    const logs = path.join(ROOT, 'examples', 'evidence');
    const ask = (from: string, to: string) =>
      runCliInProcess(['investigate', 'root-user-activity', '--logs', logs, '--from', from, '--to', to]);
    const dashed = await ask('2020-01-01', '2030-12-31');
    expect(dashed.status).toBe(0);
    expect(dashed.stdout.length).toBeGreaterThan(0);
    expect((await ask('2020/01/01', '2030/12/31')).stdout).toBe(dashed.stdout);
    const reversed = await ask('2030/12/31', '2020-01-01');
    expect(reversed.status).toBe(2);
    expect(reversed.stderr).toContain('--from 2030-12-31 is after --to 2020-01-01; give the earlier day first');
  });

  test('columnar-copy reads either form and prints the days one way', async () => {
    const reversed = await runCliInProcess(['columnar-copy', '--from', '2026/11/24', '--to', '2026-11-01']);
    expect(reversed.status).toBe(2);
    expect(reversed.stderr).toContain('--from 2026-11-24 is after --to 2026-11-01; give the earlier day first');
  });
});
