/*
 * A worker thread of synthesizeStacksInParallel() (parallel-synthesis.ts): builds and writes its
 * share of the stacks, and posts their manifest entries (the main thread writes the manifest).
 */
import { parentPort, workerData } from 'worker_threads';
import { lightweightSynthTraces } from '../../modules/deployment/synth-traces';
import { buildStacks, synthApp } from '../../stacks';
import { inShare, SynthShare, SynthShareResult } from './synth-workers';

const share = workerData as SynthShare;
let result: SynthShareResult;
try {
  lightweightSynthTraces(share.debugTraces);
  const app = synthApp(share.outdir);
  buildStacks(app, share.config, (_name, i) => inShare(i, share.share, share.shares));
  app.synth();
  result = { manifests: app.manifest.stacks };
} catch (error) {
  result = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(result);
