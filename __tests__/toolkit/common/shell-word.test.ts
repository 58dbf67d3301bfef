import { fromShellWord, SHELL_WORD, shellWord } from '../../../packages/cli/toolkit/common/shell-word';

describe('shellWord', () => {
  test('leaves a plain path as it is', () => {
    expect(shellWord('cdktf.out/stacks/log-archive')).toBe('cdktf.out/stacks/log-archive');
    expect(shellWord('/tmp/a-b_c.d/e=f,g@h%i+j:k')).toBe('/tmp/a-b_c.d/e=f,g@h%i+j:k');
  });
});

describe('fromShellWord and SHELL_WORD', () => {
  test('read back what shellWord printed, inside a printed command', () => {
    for (const text of ['cdktf.out/stacks/log-archive', 'my stacks/log-archive', "o'brien's stacks", '']) {
      const line = `  terraform -chdir=${shellWord(text)} force-unlock -force 1234`;
      const match = new RegExp(`-chdir=(${SHELL_WORD}) force-unlock`).exec(line);
      expect(match?.[1]).toBe(shellWord(text));
      expect(fromShellWord(match?.[1] ?? '')).toBe(text);
    }
  });
});
