/**
 * How much memory Terraform needs for one stack, and so how many stacks may run at once.
 *
 * Terraform starts one provider process per provider configuration, and a member stack has one
 * AWS provider per governed Region. Measured on provider 5.100.0 and Terraform 1.11.4 (BENCHMARKS.md,
 * "Plan memory per member stack", `npm run bench:plan-memory`): the peak proportional set size of
 * a plan grows linearly with the providers. The same plan measures in two ranges from day to day,
 * mostly the provider binary's clean file pages, which the kernel maps or not and can drop. The
 * model follows the higher range, so that it does not undercount: parallelism is then at worst a
 * little lower.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The measured model: MB for terraform with its first provider, and MB per further provider. */
export const STACK_MEMORY_MODEL = { firstProviderMb: 750, perProviderMb: 110 } as const;

/** Share of the available memory that stacks may take; the rest is headroom for the OS and this process. */
const MEMORY_SHARE = 0.8;

/** The provider configurations of a synthesized stack (one process each). */
export function providerCount(stackDir: string): number {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    provider?: Record<string, unknown[]>;
  };
  return Math.max(
    1,
    Object.values(json.provider ?? {}).reduce((sum, configs) => sum + configs.length, 0),
  );
}

/** The expected peak memory of planning or applying a stack with `providers` provider processes, in MB. */
export function expectedPeakMb(providers: number): number {
  return STACK_MEMORY_MODEL.firstProviderMb + STACK_MEMORY_MODEL.perProviderMb * Math.max(0, providers - 1);
}

/** What the machine offers. */
export interface MachineCapacity {
  /** Memory available to new processes, in MB (Linux's MemAvailable). */
  readonly availableMb: number;
  /** CPUs this process may use. */
  readonly cpus: number;
}

/** This machine's capacity now. */
export function machineCapacity(): MachineCapacity {
  return { availableMb: Math.floor(os.freemem() / 2 ** 20), cpus: os.availableParallelism() };
}

/**
 * How many stacks may run at once: as many of the largest stack as fit in 80% of the available
 * memory, and at most two per CPU (a provider spends seconds of CPU loading its schema, so more
 * only queue for the CPU), and at least one.
 */
export function defaultParallelism(largestPeakMb: number, capacity: MachineCapacity = machineCapacity()): number {
  const byMemory = Math.floor((capacity.availableMb * MEMORY_SHARE) / largestPeakMb);
  return Math.max(1, Math.min(byMemory, 2 * capacity.cpus));
}
