/**
 * Stack traces during synth. cdktf captures a full stack trace (Error.stackTraceLimit lifted to
 * its maximum) for every token it creates, and keeps it only to name the token's origin in its own
 * errors. At 1,000 member accounts those traces were most of the synth's time and memory
 * (BENCHMARKS.md, "Synth profile"). Neither changes the synthesized files.
 */

/** cdktf's private module that captures them; it has kept this path and signature since 0.x. */
const CDKTF_STACK_TRACE_MODULE = 'cdktf/lib/tokens/private/stack-trace';

/** CDK Terrain's switch for the same traces (cdktn 0.24, lib/tokens/private/stack-trace). */
const CDKTN_NO_CREATION_STACK = 'CDKTN_DISABLE_CREATION_STACK';

/** What {@link lightweightSynthTraces} turned off. */
export interface TraceSettings {
  /** V8's source-mapped traces (tools/swc-register.js turns them on) replaced by plain ones. */
  readonly sourceMapsOff: boolean;
  /** cdktf's per-token creation traces no longer captured. */
  readonly tokenTracesOff: boolean;
}

/**
 * Turns both off unless `debug` is true (synth passes AUDIT_SOURCE_MAPPED_TRACES=1): then cdktf's
 * errors name where each token was made, in TypeScript positions. When a cdktf release moves its
 * private module, synth stays correct and only slower; a test notices.
 */
export function lightweightSynthTraces(debug: boolean): TraceSettings {
  if (debug) return { sourceMapsOff: false, tokenTracesOff: false };
  Reflect.deleteProperty(Error, 'prepareStackTrace');
  return { sourceMapsOff: true, tokenTracesOff: withoutTokenCreationTraces() };
}

/**
 * Turns off cdktf's per-token creation traces alone, keeping source-mapped traces: what the tests
 * do, so that they build stacks as synth does and a failure still points at TypeScript lines.
 * Returns whether cdktf's module was reached.
 */
export function withoutTokenCreationTraces(): boolean {
  let tokenTracesOff = false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const traces = require(CDKTF_STACK_TRACE_MODULE) as { captureStackTrace?: unknown };
    if (typeof traces.captureStackTrace === 'function') {
      traces.captureStackTrace = (): string[] => [];
      tokenTracesOff = true;
    }
  } catch {
    // Another framework version: keep its traces.
  }
  // CDK Terrain (cdktn, cdktf's fork) captures them through a function of its own that the
  // replacement above does not reach, and skips them when this variable is set: read on every
  // token, so setting it here takes effect at once. cdktf ignores it.
  process.env[CDKTN_NO_CREATION_STACK] = '1';
  return tokenTracesOff;
}
