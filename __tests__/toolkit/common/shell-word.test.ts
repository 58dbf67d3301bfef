import { execFileSync } from 'child_process';
import { shellWord } from '../../../toolkit/common/shell-word';

describe('shellWord', () => {
  test('leaves a plain path as it is', () => {
    expect(shellWord('cdktf.out/stacks/log-archive')).toBe('cdktf.out/stacks/log-archive');
    expect(shellWord('/tmp/a-b_c.d/e=f,g@h%i+j:k')).toBe('/tmp/a-b_c.d/e=f,g@h%i+j:k');
  });

  test('quotes what a shell would split or expand, and the shell reads it back as one word', () => {
    for (const text of ['my stacks/log-archive', "o'brien", 'a$HOME', 'x;rm -rf y', 'star*', '']) {
      const word = shellWord(text);
      expect(word).not.toBe(text);
      expect(execFileSync('sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' })).toBe(text);
    }
  });
});
