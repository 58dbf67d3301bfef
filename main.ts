import * as path from 'path';
import { loadConfig } from './modules/org-config/load';
import { AuditLoggingError } from './modules/core/errors';
import { lightweightSynthTraces } from './modules/deployment/synth-traces';
import { writeDeploymentSettings } from './toolkit/terraform/stack-files';
import { EXIT } from './cli/commands/exit-codes';
import { synthesizeStacks } from './stacks';

/**
 * The app as the cdktf CLI runs it (cdktf.json): loads the organization config named by
 * AUDIT_CONFIG (default: audit.config.json beside this file), builds one stack per account and
 * synthesizes them into CDKTF_OUTDIR (default cdktf.out). `npm run synth`
 * (`cdktf-audit-logging synth`) does the same in its own process, without the cdktf CLI.
 *
 * A bad config stops here, before the App exists, so that cdktf.out is not touched; the message
 * lists every problem with its path, line and column.
 */
function main(): void {
  // Synth twice as fast and in a third of the memory at 1,000 accounts (BENCHMARKS.md); the files
  // are the same. AUDIT_SOURCE_MAPPED_TRACES=1 keeps every trace, for debugging a cdktf error.
  lightweightSynthTraces(process.env.AUDIT_SOURCE_MAPPED_TRACES === '1');
  // `||`, not `??`: an empty AUDIT_CONFIG (as CI systems often export) means unset.
  const file = process.env.AUDIT_CONFIG || path.join(__dirname, 'audit.config.json');
  try {
    const config = loadConfig(file);
    const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
    synthesizeStacks(config, outdir);
    writeDeploymentSettings(outdir, { planRoleName: config.deployment.planRoleName });
  } catch (error) {
    if (!(error instanceof AuditLoggingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT.usage;
  }
}

main();
