import { UsageError } from '../../packages/cli/cli/commands/exit-codes';
import { wholeNumberOption } from '../../packages/cli/cli/commands/whole-number-option';
import { MAX_TIMEOUT_SECONDS, timeoutOption } from '../../packages/cli/cli/commands/stack-options';

describe('a whole-number option', () => {
  test.each(['1', '7', '16', '007'])('takes %j', (value) => {
    expect(wholeNumberOption('--threads', value, 'threads', 1, 16)).toBe(Number(value));
  });

  // The commands' own checks (Number() and Number.isInteger) took the first four.
  test.each(['1e1', '0x10', '+3', ' 5 ', '', '1.5', '-2', 'many'])(
    'refuses %j, naming the option and the range',
    (value) => {
      expect(() => wholeNumberOption('--threads', value, 'threads', 1, 16)).toThrow(
        new UsageError(`--threads ${value} is not a number of threads; give a whole number from 1 to 16`),
      );
    },
  );

  test('refuses a number outside the range, and says "at least" when there is no ceiling', () => {
    expect(() => wholeNumberOption('--threads', '17', 'threads', 1, 16)).toThrow('from 1 to 16');
    expect(() => wholeNumberOption('--threads', '0', 'threads', 1, 16)).toThrow('from 1 to 16');
    expect(wholeNumberOption('--parallel', '100000', 'stacks', 1)).toBe(100000);
    // 400 digits read as Infinity, and 2^53 + 1 not exactly: neither is a number of stacks.
    expect(() => wholeNumberOption('--parallel', '9'.repeat(400), 'stacks', 1)).toThrow('of at least 1');
    expect(() => wholeNumberOption('--parallel', '9007199254740993', 'stacks', 1)).toThrow('of at least 1');
    expect(() => wholeNumberOption('--parallel', '0', 'stacks', 1)).toThrow(
      '--parallel 0 is not a number of stacks; give a whole number of at least 1',
    );
  });

  test("--timeout stops where Node's timers do, and PLAN_TIMEOUT_SECONDS is named when it is the one wrong", () => {
    expect(timeoutOption('2147483')).toBe(MAX_TIMEOUT_SECONDS);
    expect(() => timeoutOption('2147484')).toThrow(
      '--timeout 2147484 is not a number of seconds; give a whole number from 1 to 2147483',
    );
    const saved = process.env.PLAN_TIMEOUT_SECONDS;
    try {
      process.env.PLAN_TIMEOUT_SECONDS = '';
      expect(timeoutOption(undefined)).toBe(1800);
      process.env.PLAN_TIMEOUT_SECONDS = '600';
      expect(timeoutOption(undefined)).toBe(600);
      expect(timeoutOption('60')).toBe(60);
      process.env.PLAN_TIMEOUT_SECONDS = '10m';
      expect(() => timeoutOption(undefined)).toThrow('PLAN_TIMEOUT_SECONDS 10m is not a number of seconds');
    } finally {
      if (saved === undefined) delete process.env.PLAN_TIMEOUT_SECONDS;
      else process.env.PLAN_TIMEOUT_SECONDS = saved;
    }
  });
});
