/*
 * A worker thread of synthesizeStacksInParallel() (parallel-synthesis.ts): builds and writes the
 * stacks it claims, and posts their manifest entries (the main thread writes the manifest).
 */
import { parentPort, workerData } from 'worker_threads';
import { lightweightSynthTraces } from '@audit-logging/cdktf/toolkit-api/core';
import { synthApp } from '@audit-logging/cdktf/stacks';
import { SynthShare, SynthShareResult } from './synth-workers';
import { writeClaimedStacks } from './write-stacks';

const share = workerData as SynthShare;
let result: SynthShareResult;
try {
  lightweightSynthTraces(share.debugTraces);
  result = { manifests: writeClaimedStacks(synthApp(share.outdir), share.config, share.claims) };
} catch (error) {
  result = error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}
parentPort?.postMessage(result);
