/** `1 stack`, `2 stacks`: a count with its noun in the number it takes. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
