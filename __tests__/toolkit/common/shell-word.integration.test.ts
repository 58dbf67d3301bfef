import { execFileSync } from 'child_process';
import { shellWord } from '../../../packages/cli/toolkit/common/shell-word';

/* shellWord's quoting, read back by a real shell. */

describe('shellWord', () => {
  test('quotes what a shell would split or expand, and the shell reads it back as one word', () => {
    for (const text of ['my stacks/log-archive', "o'brien", 'a$HOME', 'x;rm -rf y', 'star*', '']) {
      const word = shellWord(text);
      expect(word).not.toBe(text);
      expect(execFileSync('sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' })).toBe(text);
    }
  });
});
