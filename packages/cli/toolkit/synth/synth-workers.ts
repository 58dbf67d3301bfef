import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StackManifest } from 'cdktf';
import { Worker } from 'worker_threads';
import { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';

/*
 * The worker threads of a parallel synth (parallel-synthesis.ts), started apart from it so that
 * the synth command can start them before it loads cdktf and the stacks itself: each thread loads
 * them in the same time, side by side.
 */

/** Below this many members synth stays in one thread: a worker's start-up costs more than it saves. */
export const PARALLEL_FROM_MEMBERS = 100;

/** Most threads a synth uses by default. */
export const MAX_SYNTH_THREADS = 4;

/** Most threads a synth may be asked for: each loads cdktf and builds its stacks' constructs. */
export const MAX_REQUESTED_SYNTH_THREADS = 16;

/** What a worker thread is given (synth-worker.ts). */
export interface SynthShare {
  readonly config: OrgConfig;
  readonly outdir: string;
  /** The stacks' claim counter, shared by every thread (see writeClaimedStacks). */
  readonly claims: Int32Array;
  /** AUDIT_SOURCE_MAPPED_TRACES=1: keep cdktf's traces (lightweightSynthTraces). */
  readonly debugTraces: boolean;
}

/** What a worker thread posts back: its stacks' manifest entries, or why it failed (its message and trace). */
export type SynthShareResult =
  | { readonly manifests: Record<string, StackManifest> }
  | { readonly error: string; readonly stack?: string };

/** Options of {@link synthesizeStacksInParallel}. */
export interface ParallelSynthesisOptions {
  /**
   * Threads to synthesize with, the main thread included.
   * @default - the cores (at most MAX_SYNTH_THREADS) from PARALLEL_FROM_MEMBERS members on, else 1
   */
  readonly threads?: number;
  /**
   * Keep cdktf's per-token traces in the worker threads (AUDIT_SOURCE_MAPPED_TRACES=1).
   * @default false
   */
  readonly debugTraces?: boolean;
}

/** The threads a synth of `config` uses. */
export function synthThreads(config: OrgConfig, requested: number | undefined): number {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1 || requested > MAX_REQUESTED_SYNTH_THREADS) {
      throw new RangeError(
        `threads ${requested}: give a whole number of threads from 1 to ${MAX_REQUESTED_SYNTH_THREADS}`,
      );
    }
    return requested;
  }
  return config.members.length >= PARALLEL_FROM_MEMBERS ? Math.min(os.availableParallelism(), MAX_SYNTH_THREADS) : 1;
}

/**
 * What a worker started from the TypeScript sources (under jest, or a script run from the sources)
 * runs them with: the export condition that resolves the constructs package's entries to their
 * sources (package.json "exports"), and the hook that loads TypeScript (swc with jest's options).
 */
const TYPESCRIPT_REGISTER = path.join(__dirname, '..', '..', '..', '..', 'tools', 'swc-register.js');

/** A worker thread for `share`: compiled JavaScript, or the TypeScript source through swc. */
function startWorker(share: SynthShare): Worker {
  const extension = path.extname(__filename);
  return new Worker(path.join(__dirname, `synth-worker${extension}`), {
    workerData: share,
    execArgv: extension === '.ts' ? ['--conditions=audit-logging-source', '--require', TYPESCRIPT_REGISTER] : undefined,
  });
}

/** Resolves with what `worker` posts; rejects when it stops without posting. */
function resultOf(worker: Worker): Promise<SynthShareResult> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`a synth worker thread stopped (exit code ${code}) before it finished`)),
    );
  });
}

/** Worker threads started for a synth, and what each will post. */
export interface SynthWorkers {
  /** The threads sharing the synth, the main thread included (1: no worker). */
  readonly threads: number;
  /** The claim counter the threads share (writeClaimedStacks). */
  readonly claims: Int32Array;
  readonly results: readonly Promise<SynthShareResult>[];
  /** Stops every worker (after their results, or on a failure). */
  stop(): Promise<void>;
}

/**
 * Starts the worker threads of a synth of `config` into `outdir`, none below PARALLEL_FROM_MEMBERS
 * members unless `options.threads` asks. Each claims stacks from a counter it shares with the
 * others and the main thread (writeClaimedStacks), so that a thread that starts later or meets
 * larger stacks simply writes fewer.
 */
export function startSynthWorkers(
  config: OrgConfig,
  outdir: string,
  options: ParallelSynthesisOptions = {},
): SynthWorkers {
  const threads = synthThreads(config, options.threads);
  const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  // Made before any thread's app, so that none finds it half made.
  if (threads > 1) fs.mkdirSync(path.join(outdir, 'stacks'), { recursive: true });
  const debugTraces = options.debugTraces ?? false;
  const workers: Worker[] = [];
  try {
    for (let i = 1; i < threads; i += 1) workers.push(startWorker({ config, outdir, claims, debugTraces }));
  } catch (error) {
    // Those already started would go on writing into a staging folder nobody publishes.
    for (const worker of workers) void worker.terminate();
    throw error;
  }
  const results = workers.map(resultOf);
  // Awaited once the main thread has written its stacks; a worker failing before then is not unhandled.
  for (const result of results) result.catch(() => undefined);
  return {
    threads,
    claims,
    results,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
