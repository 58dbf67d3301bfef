/**
 * Runs one task per stack in waves, a bounded number at a time: every stack of a wave finishes
 * before the next wave starts, because later waves depend on earlier ones (members deliver to the
 * log archive's buckets). A failure stops new starts (the running ones finish), unless `keepGoing`,
 * which goes on within the wave but still stops before the next one.
 */

/** How one stack ended. */
export type StackOutcome = 'done' | 'failed' | 'skipped' | 'not started';

/** One stack's result. */
export interface StackResult<T> {
  readonly stack: string;
  readonly outcome: StackOutcome;
  /** Wall seconds of the task; 0 when it did not run. */
  readonly seconds: number;
  /** What the task returned. */
  readonly value?: T;
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

/** What a task that finished says about its stack (a task that fails throws). */
export interface TaskResult<T> {
  readonly outcome: 'done';
  readonly value?: T;
}

/** Options of {@link runInWaves}. */
export interface WaveOptions<T> {
  /** Stacks at a time, at least 1. */
  readonly parallel: number;
  /**
   * Go on after a failure within the wave (never into the next wave).
   * @default false
   */
  readonly keepGoing?: boolean;
  /**
   * Asked before each stack starts: a reason to skip it (done before), reported without starting it.
   * @default - nothing is skipped
   */
  readonly skip?: (stack: string) => string | undefined;
  /**
   * Asked before each stack starts: true stops the run there, as a failure does (an interrupt).
   * @default - never
   */
  readonly shouldStop?: () => boolean;
  /** Called when a stack starts and when it ends. */
  readonly onEvent?: (event: { stack: string; result?: StackResult<T> }) => void;
}

/**
 * Runs `task` for every stack, wave by wave, at most `parallel` at once. Returns every stack's
 * result in the order given; a task that throws marks its stack failed with the error's message.
 */
export async function runInWaves<T>(
  waves: readonly (readonly string[])[],
  task: (stack: string) => Promise<TaskResult<T>>,
  options: WaveOptions<T>,
): Promise<StackResult<T>[]> {
  if (!Number.isInteger(options.parallel) || options.parallel < 1) {
    throw new Error(`parallel must be a whole number of at least 1, not ${options.parallel}`);
  }
  const results = new Map<string, StackResult<T>>();
  let failed = false;
  const stopped = () => options.shouldStop?.() === true;
  for (const wave of waves) {
    if (failed || stopped()) break;
    const queue = [...wave];
    const worker = async () => {
      for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
        if ((failed && !options.keepGoing) || stopped()) break;
        const skipped = options.skip?.(stack);
        if (skipped !== undefined) {
          const result: StackResult<T> = { stack, outcome: 'skipped', seconds: 0, reason: skipped };
          results.set(stack, result);
          options.onEvent?.({ stack, result });
          continue;
        }
        options.onEvent?.({ stack });
        const started = Date.now();
        let result: StackResult<T>;
        try {
          const { value } = await task(stack);
          result = { stack, outcome: 'done', seconds: (Date.now() - started) / 1000, value };
        } catch (error) {
          failed = true;
          result = {
            stack,
            outcome: 'failed',
            seconds: (Date.now() - started) / 1000,
            reason: (error as Error).message,
          };
        }
        results.set(stack, result);
        options.onEvent?.({ stack, result });
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, wave.length) }, worker));
  }
  return waves.flat().map((stack) => results.get(stack) ?? { stack, outcome: 'not started', seconds: 0 });
}
