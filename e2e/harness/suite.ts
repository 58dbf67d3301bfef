import type { HarnessReport, MotoServer, StopOptions } from './moto';

/**
 * How a suite on moto ends. Its exit code is decided here, once: 1 when a step failed or when the
 * harness's own checks did (a call the derived deploy policy would deny, a request AWS's model
 * refuses), whatever the steps made of them; the process's exit code is only ever raised.
 */

/** What a suite's `main` runs; a test gives a fake moto and steps. */
export interface SuiteParts<Context> {
  readonly startMoto: (logFile: string) => Promise<MotoServer>;
  readonly steps: (moto: MotoServer, context: Context) => Promise<void>;
}

/** How one suite runs on moto. */
export interface SuiteRun<Context> {
  readonly logFile: string;
  readonly context: Context;
  /** What the harness proves when the steps are done (the stacks the run deployed). */
  readonly report: StopOptions;
  /** The failure line of a step's error, as the suite words it. */
  readonly failed: (error: unknown) => string;
  /** Where the failure and the harness's lines go. */
  readonly write?: (text: string) => void;
}

/** The heading of the harness's own lines, apart from what the suite printed. */
export const HARNESS_HEADING = "-- the harness's own checks (deploy-role proof, model check, lost answers) --";

/** The harness's lines under their heading, and its failures named. */
export function harnessLines(report: HarnessReport): string[] {
  return [HARNESS_HEADING, ...report.lines, ...report.failures.map((failure) => `FAILED (harness) ${failure}`)];
}

/**
 * Starts moto, runs the steps, reports the harness's checks, stops moto; returns the exit code: 0
 * only when the steps passed and the harness found nothing.
 */
export async function runOnMoto<Context>(parts: SuiteParts<Context>, run: SuiteRun<Context>): Promise<number> {
  const write = run.write ?? ((text: string) => process.stderr.write(text));
  const moto = await parts.startMoto(run.logFile);
  const interrupted = () => {
    void moto.stop({ quiet: true }).finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  let code = 0;
  try {
    await parts.steps(moto, run.context);
  } catch (error) {
    write(`${run.failed(error)}\n`);
    code = 1;
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeListener(signal, interrupted);
    const report = await moto.report(run.report);
    write(
      harnessLines(report)
        .map((line) => `${line}\n`)
        .join(''),
    );
    if (report.failures.length > 0) code = 1;
    await moto.stop({ quiet: true });
  }
  return code;
}

/** Runs a suite's `main` as the program: its exit code is kept, never lowered to 0. */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
