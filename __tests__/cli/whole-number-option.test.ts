import { UsageError } from '../../cli/commands/exit-codes';
import { wholeNumberOption } from '../../cli/commands/whole-number-option';

describe('a whole-number option', () => {
  test.each(['1', '7', '16', '007'])('takes %j', (value) => {
    expect(wholeNumberOption('--threads', value, 'threads', 1, 16)).toBe(Number(value));
  });

  // Number() takes every one of these but the last four.
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
    expect(() => wholeNumberOption('--parallel', '0', 'stacks', 1)).toThrow(
      '--parallel 0 is not a number of stacks; give a whole number of at least 1',
    );
  });
});
