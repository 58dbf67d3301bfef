import { spawnSync } from 'child_process';
import { ROOT } from '../support/synth';

/*
 * lightweightSynthTraces changes process-wide state, so each case runs in its own node process.
 * It reports how long a token's creation trace is after the call.
 */
function traceAfter(debug: boolean): { settings: unknown; frames: number } {
  const script = `
    const { lightweightSynthTraces } = require('./modules/deployment/synth-traces');
    const settings = lightweightSynthTraces(${debug});
    const { Intrinsic } = require('cdktf/lib/tokens/private/intrinsic');
    process.stdout.write(JSON.stringify({ settings, frames: new Intrinsic('x').creationStack.length }));
  `;
  const result = spawnSync(process.execPath, ['--require', './tools/swc-register.js', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { settings: unknown; frames: number };
}

test('synth captures no token creation traces (the cdktf hook still exists in this cdktf)', () => {
  expect(traceAfter(false)).toEqual({ settings: { sourceMapsOff: true, tokenTracesOff: true }, frames: 0 });
});

test('AUDIT_SOURCE_MAPPED_TRACES=1 (debug) keeps them', () => {
  const debug = traceAfter(true);
  expect(debug.settings).toEqual({ sourceMapsOff: false, tokenTracesOff: false });
  expect(debug.frames).toBeGreaterThan(0);
});
