import { OrgConfig } from '../../modules/config/schema';
import { buildStacks, stackNames, synthApp, synthesizeStacks } from '../../stacks';
import { inShare, ParallelSynthesisOptions, startSynthWorkers, SynthWorkers } from './synth-workers';

export {
  inShare,
  MAX_SYNTH_THREADS,
  PARALLEL_FROM_MEMBERS,
  type ParallelSynthesisOptions,
  startSynthWorkers,
  type SynthShare,
  type SynthShareResult,
  type SynthWorkers,
  synthThreads,
} from './synth-workers';

/*
 * Synth of a large organization on every core. The stacks are dealt out in turn among the threads;
 * each builds and writes its own (buildStacks builds each stack from the config alone, so none
 * references a stack of another thread) and the main thread writes one manifest for all. The files
 * are the same as one thread's (tested). BENCHMARKS.md, "Synth profile", has the times.
 */

/**
 * What {@link synthesizeStacks} writes into `outdir`, the same files, on several threads. Returns
 * the stack names in deployment order. `workers`: threads startSynthWorkers() started for the same
 * config and outdir (the synth command starts them before it loads the stacks); by default, started
 * here with `options`.
 */
export async function synthesizeStacksInParallel(
  config: OrgConfig,
  outdir: string,
  options: ParallelSynthesisOptions = {},
  workers: SynthWorkers = startSynthWorkers(config, outdir, options),
): Promise<string[]> {
  const { shares, results } = workers;
  if (shares === 1) return synthesizeStacks(config, outdir);
  try {
    const app = synthApp(outdir);
    buildStacks(app, config, (_name, i) => inShare(i, 0, shares));
    app.synth();
    for (const result of await Promise.all(results)) {
      if ('error' in result) throw new Error(result.error);
      Object.assign(app.manifest.stacks, result.manifests);
    }
    app.manifest.writeToFile();
    return stackNames(config);
  } finally {
    await workers.stop();
  }
}
