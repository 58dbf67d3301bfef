import { succeeded } from './plan';
import type { StackOutput } from './stack-files';
import { Terraform } from './terraform';

/** What `terraform output -json` prints for each output: `terraform output -json` shows sensitive values too. */
interface RawOutput {
  readonly sensitive?: boolean;
  readonly value?: unknown;
}

/**
 * The outputs of the applied stack in `stackDir` (`terraform output -json`, which reads the state and
 * calls no provider), sensitive values dropped. Its stdout goes to no log file: it would hold the
 * sensitive values.
 */
export async function readStackOutputs(
  terraform: Terraform,
  stackDir: string,
  timeoutSeconds: number,
): Promise<Record<string, StackOutput>> {
  const result = succeeded('output', await terraform.exec(stackDir, ['output', '-json'], { timeoutSeconds }));
  return stackOutputsOf(result.stdout);
}

/** The outputs in `terraform output -json`'s text, sensitive values dropped. */
export function stackOutputsOf(json: string): Record<string, StackOutput> {
  const raw = (json.trim() === '' ? {} : JSON.parse(json)) as Record<string, RawOutput>;
  return Object.fromEntries(
    Object.entries(raw)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, { sensitive, value }]) => [
        name,
        sensitive === true ? { sensitive: true } : { sensitive: false, value },
      ]),
  );
}

/**
 * The lines deploy prints under a stack's name when it has applied: `name = value`, a map or a list
 * as one JSON line, a sensitive output as "(sensitive)".
 */
export function outputLines(outputs: Readonly<Record<string, StackOutput>>): string[] {
  return Object.entries(outputs).map(
    ([name, output]) =>
      `${name} = ${output.sensitive ? '(sensitive)' : typeof output.value === 'string' ? output.value : JSON.stringify(output.value)}`,
  );
}
