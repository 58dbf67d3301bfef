/**
 * Writes examples/evidence-package: the evidence package of the sample copy (examples/evidence,
 * with its config examples/evidence.config.json) for 2023-07-10 and 2023-07-11, as
 * `cdktf-audit-logging evidence build` writes it, so that anyone can try `evidence verify` on it:
 *
 *   npm run cli -- evidence verify examples/evidence-package --logs examples/evidence   (or its .tar.gz)
 *
 * verify derives controls/ and configuration/ again from a synth of the packaged config: run this
 * again when what the stacks build changes. Run from the repository's top:
 * node --conditions=audit-logging-source -r ./tools/swc-register.js tools/make-evidence-package.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../modules/org-config/load';
import { synthesizeStacks } from '../stacks';
import { buildEvidencePackage } from '../packages/cli/toolkit/evidence/evidence-package';

const CONFIG = 'examples/evidence.config.json';
const OUTPUT = 'examples/evidence-package';

async function main(): Promise<void> {
  const config = loadConfig(CONFIG);
  const synth = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-package-synth-'));
  try {
    const stacks = synthesizeStacks(config, synth);
    fs.rmSync(OUTPUT, { recursive: true, force: true });
    fs.rmSync(`${OUTPUT}.tar.gz`, { force: true });
    const summary = await buildEvidencePackage({
      from: '2023-07-10',
      to: '2023-07-11',
      config,
      configFile: CONFIG,
      synth,
      stacks,
      logs: 'examples/evidence',
      output: OUTPUT,
      command: [
        'evidence',
        'build',
        '--config',
        CONFIG,
        '--from',
        '2023-07-10',
        '--to',
        '2023-07-11',
        '--logs',
        'examples/evidence',
        '--output',
        OUTPUT,
      ],
    });
    process.stdout.write(
      `${OUTPUT}: ${summary.files} files; ${summary.archive.file}: SHA-256 ${summary.archive.sha256}\n`,
    );
  } finally {
    fs.rmSync(synth, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
