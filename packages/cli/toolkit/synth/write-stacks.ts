import { App, StackManifest } from 'cdktf';
import { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { buildStacks, stackNames } from '@audit-logging/cdktf/stacks';

/** Stacks a thread claims at a time: about a tenth of a second of work each. */
export const STACKS_PER_CLAIM = 16;

/**
 * One thread's part of a parallel synth of `config`: claims the next STACKS_PER_CLAIM stacks of the
 * deployment order from `claims` (a counter every thread shares) until none is left, and builds
 * and writes each claim into `app` (its outdir), as App.synth() writes stacks but without cdktf's
 * preparing pass; then runs the app's validations. Returns the manifest entries of the stacks it
 * wrote; the caller writes the one manifest.
 *
 * cdktf's preparing pass resolves every element once before anything is written, for one side
 * effect: a reference to another stack's resource registers an output there and a remote-state
 * data source here (cdktf's Reference is the only token that reads the preparing flag). The
 * organization's stacks are built from the config alone (buildStacks gives no stack another), so
 * none has such a reference, the pass has nothing to do, and each stack can be built and written
 * on its own, in less CPU time (BENCHMARKS.md, "Synth profile"). The files are the same as
 * App.synth()'s (tested on every shipped config).
 */
export function writeClaimedStacks(app: App, config: OrgConfig, claims: Int32Array): Record<string, StackManifest> {
  const total = stackNames(config).length;
  const session = { outdir: app.outdir, skipValidation: app.skipValidation, manifest: app.manifest };
  try {
    for (;;) {
      const first = Atomics.add(claims, 0, STACKS_PER_CLAIM);
      if (first >= total) break;
      const stacks = buildStacks(app, config, (_name, i) => i >= first && i < first + STACKS_PER_CLAIM);
      for (const stack of stacks) stack.ensureBackendExists();
      for (const stack of stacks) stack.synthesizer.synthesize(session);
    }
  } catch (error) {
    // The synth has failed: the other threads claim nothing more.
    Atomics.store(claims, 0, total);
    throw error;
  }
  if (!app.skipValidation) {
    const problems = app.node.validate();
    if (problems.length > 0) {
      throw new Error(`App-level validation failed with the following errors:\n  ${problems.join('\n  ')}`);
    }
  }
  return app.manifest.stacks;
}
