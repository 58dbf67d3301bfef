import { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { stackNames, synthApp, synthesizeStacks } from '@audit-logging/cdktf/stacks';
import { ParallelSynthesisOptions, startSynthWorkers, SynthWorkers } from './synth-workers';
import { writeClaimedStacks } from './write-stacks';

export {
  MAX_SYNTH_THREADS,
  PARALLEL_FROM_MEMBERS,
  type ParallelSynthesisOptions,
  startSynthWorkers,
  type SynthShareResult,
  type SynthWorkers,
  synthThreads,
} from './synth-workers';

/*
 * Synth of a large organization on every core. Each thread claims stacks from a shared counter and
 * builds and writes them (buildStacks builds each stack from the config alone, so none references
 * a stack of another thread); the main thread writes one manifest for all. The files
 * are the same as one thread's (tested). BENCHMARKS.md, "Synth profile", has the times.
 */

/** The error a worker thread reported, with its own trace. */
function workerError(result: { readonly error: string; readonly stack?: string }): Error {
  const error = new Error(result.error);
  if (result.stack !== undefined) error.stack = result.stack;
  return error;
}

/**
 * What {@link synthesizeStacks} writes into `outdir`, the same files, on several threads. Returns
 * the stack names in deployment order. `workers`: threads startSynthWorkers() started for the same
 * config and outdir (the synth command starts them before it loads the stacks), each used once;
 * by default, started here with `options` (which `workers` makes unused).
 */
export async function synthesizeStacksInParallel(
  config: OrgConfig,
  outdir: string,
  options: ParallelSynthesisOptions = {},
  workers: SynthWorkers = startSynthWorkers(config, outdir, options),
): Promise<string[]> {
  const { threads, results } = workers;
  if (threads === 1) return synthesizeStacks(config, outdir);
  try {
    const app = synthApp(outdir);
    writeClaimedStacks(app, config, workers.claims);
    for (const result of await Promise.all(results)) {
      if ('error' in result) throw workerError(result);
      Object.assign(app.manifest.stacks, result.manifests);
    }
    const names = stackNames(config);
    const unwritten = names.filter((name) => app.manifest.stacks[name] === undefined);
    if (unwritten.length > 0) {
      throw new Error(
        `synth wrote no stack ${unwritten.join(', ')}: were the worker threads started for another synth?`,
      );
    }
    app.manifest.writeToFile();
    return names;
  } finally {
    await workers.stop();
  }
}
