/**
 * Resources left "tainted" by an interrupted apply. When Terraform is stopped (SIGINT, a cancelled
 * job) while a resource is being created, the provider's create returns early, and Terraform keeps
 * the resource in its state marked tainted: created, but not known to be complete. The next plan
 * replaces it, and for the resources this project protects with `prevent_destroy` (buckets, keys,
 * trails, log groups) that plan stops with "Instance cannot be destroyed".
 *
 * The fix is for a person to decide: check that the resource exists, then `terraform untaint` it, so
 * that the next apply completes it in place. This module finds those resources in the state and
 * gives the commands; it never untaints anything itself.
 */
import { Terraform } from './terraform';

/** A resource instance marked tainted in a state, by its address. */
export interface TaintedInstance {
  readonly address: string;
}

interface StateJson {
  readonly resources?: readonly {
    readonly module?: string;
    readonly mode?: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly { readonly status?: string; readonly index_key?: string | number }[];
  }[];
}

/** The tainted instances of a state (`terraform state pull` JSON). */
export function taintedInstances(state: StateJson): TaintedInstance[] {
  return (state.resources ?? []).flatMap((resource) =>
    resource.instances
      .filter((instance) => instance.status === 'tainted')
      .map((instance) => {
        const base = [resource.module, resource.mode === 'data' ? 'data' : undefined, resource.type, resource.name]
          .filter((part) => part !== undefined)
          .join('.');
        const index =
          instance.index_key === undefined
            ? ''
            : typeof instance.index_key === 'number'
              ? `[${instance.index_key}]`
              : `[${JSON.stringify(instance.index_key)}]`;
        return { address: `${base}${index}` };
      }),
  );
}

/** What to tell the user about `tainted` resources of the stack in `stackDir`. */
export function taintedMessage(stackDir: string, tainted: readonly TaintedInstance[]): string {
  return [
    `${tainted.length} resources are tainted: an earlier apply was stopped while it created them, and`,
    'prevent_destroy keeps Terraform from replacing them. Check that each exists in AWS, then mark it',
    'as created, so that the next apply completes it in place:',
    ...tainted.map(({ address }) => `  terraform -chdir=${stackDir} untaint '${address}'`),
    'then run the same command again (deploy: with --resume).',
  ].join('\n');
}

/**
 * When a plan or apply failed on prevent_destroy, the tainted resources of the stack's state and
 * the commands that mark them created; undefined when that is not why it failed.
 */
export async function taintedAdvice(
  terraform: Terraform,
  stackDir: string,
  output: string,
  timeoutSeconds: number,
): Promise<string | undefined> {
  if (!/Instance cannot be destroyed/.test(output)) return undefined;
  const pulled = await terraform.exec(stackDir, ['state', 'pull'], { timeoutSeconds });
  if (pulled.code !== 0 || pulled.stdout.trim() === '') return undefined;
  const tainted = taintedInstances(JSON.parse(pulled.stdout) as StateJson);
  return tainted.length === 0 ? undefined : taintedMessage(stackDir, tainted);
}
