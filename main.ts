/**
 * The app cdktf.json runs (`cdktf synth`, and the synth `cdktf diff` and `cdktf deploy` run first):
 * the organization config (AUDIT_CONFIG, else audit.config.json) in, one Terraform stack per account
 * out (CDKTF_OUTDIR, else cdktf.out), with the provenance plan and deploy read. `npm run synth` runs
 * the same action, so both write the same files.
 */
import { exitCodeOf } from './packages/cli/cli/commands/exit-codes';
import { configFileOption, outDirOption } from './packages/cli/toolkit/common/default-paths';
import { synthesize } from './packages/cli/toolkit/actions/synth-action';

synthesize({ config: configFileOption(undefined), out: outDirOption(undefined) }).catch((error: unknown) => {
  process.stderr.write(`synth: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exitCodeOf(error);
});
