import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../modules/org-config/load';
import type { EvidenceInputs } from '../../packages/cli/toolkit/evidence/evidence-package';
import { runCliInProcess } from './cli';
import { ROOT, synthConfig, tempDir } from './synth';

/*
 * The repository's sample evidence, for the evidence package's tests: the copy examples/evidence
 * (one account's organization trail in us-east-1 on 2023-07-10) with its config
 * examples/evidence.config.json, synthesized once per test file, and the inputs of a package of it.
 */

export const SAMPLE_CONFIG_FILE = path.join(ROOT, 'examples', 'evidence.config.json');
export const SAMPLE_LOGS = path.join(ROOT, 'examples', 'evidence');
export const SAMPLE_PERIOD = { from: '2023-07-10', to: '2023-07-11' } as const;

/** The sample's config, and its stacks synthesized into a temporary folder. */
export function sampleSynth() {
  const config = loadConfig(SAMPLE_CONFIG_FILE);
  const synth = tempDir('evidence-synth');
  const stacks = synthConfig(config, synth).map((dir) => path.basename(dir));
  return { config, synth, stacks };
}

/** The inputs of a package of the sample for its period, into a new folder, with `overrides`. */
export function sampleInputs(
  sample: ReturnType<typeof sampleSynth>,
  overrides: Partial<EvidenceInputs> = {},
): EvidenceInputs {
  return {
    ...SAMPLE_PERIOD,
    ...sample,
    configFile: SAMPLE_CONFIG_FILE,
    logs: SAMPLE_LOGS,
    output: path.join(tempDir('evidence'), 'package'),
    command: ['evidence', 'build'],
    ...overrides,
  };
}

/**
 * Synthesizes `configFile` into `<dir>/<name>` with the command (once per test file), and returns
 * the arguments of `evidence build` for that synth and the sample's copy (add the period, the output
 * and options).
 */
export async function sampleBuildCommand(
  dir: string,
  configFile = SAMPLE_CONFIG_FILE,
  name = 'synth',
): Promise<string[]> {
  // One synth per config and test file: the commands only read it.
  let out = synthesized.get(configFile);
  if (out === undefined) {
    out = path.join(dir, name);
    const synth = await runCliInProcess(['synth', '--config', configFile, '--out', out]);
    if (synth.status !== 0) throw new Error(`synth of ${configFile} failed: ${synth.stderr}`);
    synthesized.set(configFile, out);
  }
  return ['evidence', 'build', '--config', configFile, '--out', out, '--logs', SAMPLE_LOGS];
}

/** The synth folder of each config synthesized by {@link sampleBuildCommand} in this test file. */
const synthesized = new Map<string, string>();

/** The sample's period as the command takes it. */
export const SAMPLE_PERIOD_ARGS = ['--from', SAMPLE_PERIOD.from, '--to', SAMPLE_PERIOD.to] as const;

/** A copy of a package folder (and its archive, when there is one) in a new folder, to tamper with. */
export function copyPackage(pkg: string): string {
  const copy = path.join(tempDir('evidence-copy'), path.basename(pkg));
  fs.cpSync(pkg, copy, { recursive: true });
  if (fs.existsSync(`${pkg}.tar.gz`)) fs.copyFileSync(`${pkg}.tar.gz`, `${copy}.tar.gz`);
  return copy;
}
