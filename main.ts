/**
 * The app cdktf.json runs (`cdktf synth`, and the synth `cdktf diff` and `cdktf deploy` run first):
 * the organization config (AUDIT_CONFIG, else audit.config.json) in, one Terraform stack per account
 * out (CDKTF_OUTDIR, else cdktf.out), with the provenance plan and deploy read. `npm run synth` runs
 * the same action, so both write the same files.
 */
import { exitCodeOf } from './cli/commands/exit-codes';
import { configFileOption, outDirOption } from './toolkit/common/default-paths';
import { synthesize } from './toolkit/actions/synth-action';

synthesize({ config: configFileOption(undefined), out: outDirOption(undefined) }).catch((error: unknown) => {
  process.stderr.write(`synth: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exitCodeOf(error);
});
