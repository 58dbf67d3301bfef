import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { configFileOption, outDirOption, synthesizedStacks } from './synth-output';
import { EXIT } from './exit-codes';

interface ComplianceOptions {
  readonly config?: string;
  readonly out?: string;
  readonly format: 'md' | 'json';
  readonly output?: string;
}

/** `cdktf-audit-logging compliance`: the control matrix of the synthesized stacks. */
export function complianceCommand(): Command {
  return new Command('compliance')
    .description(
      'The control matrix of the synthesized stacks: CIS v7.0.0 Logging, Monitoring and 2.1.2 (with the v6.0.0 to v3.0.0 numbers), and Security Hub.',
    )
    .option('--config <file>', 'the config whose claims are checked (default: AUDIT_CONFIG, or audit.config.json)')
    .option('--out <dir>', 'where synth wrote the stacks (default: CDKTF_OUTDIR, or cdktf.out)')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .option('--output <file>', 'write the matrix here instead of printing it')
    .addHelpText(
      'after',
      `
Reads the config (what it claims) and the synthesized stacks (what is built); calls nothing in AWS.
Each control is met, a deliberate gap (with the reason, such as S3 data events left off),
missing (claimed by the config and not in the stacks), or not covered: a CIS requirement this
product does not build (web front-end access logs, Security Hub), listed with the reason rather
than left out. Rows are numbered as in CIS v7.0.0, with each earlier version's number beside.
Exit 0 when nothing is missing, 1 when a control is missing, 2 for a bad option, config or a
folder with no synthesized stacks.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging compliance
  $ cdktf-audit-logging compliance --format json --output compliance.json`,
    )
    .action(async (options: ComplianceOptions) => {
      process.exitCode = await compliance(options);
    });
}

async function compliance(options: ComplianceOptions): Promise<number> {
  const { loadConfig } = await import('../../modules/config/load');
  const { complianceMatrix } = await import('../../toolkit/compliance/compliance-matrix');
  const { complianceMarkdown } = await import('../../toolkit/compliance/compliance-report');
  const config = loadConfig(configFileOption(options.config));
  const out = outDirOption(options.out);
  const stacksDir = path.join(out, 'stacks');
  const stacks = synthesizedStacks(out).map((name) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as never,
  }));
  const rows = complianceMatrix(config, stacks);
  const text = options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : complianceMarkdown(rows);
  if (options.output === undefined) process.stdout.write(text);
  else {
    fs.writeFileSync(options.output, text);
    process.stdout.write(`${options.output}: ${rows.length} controls\n`);
  }
  const missing = rows.filter((r) => r.status === 'missing');
  for (const r of missing) {
    process.stderr.write(
      `missing: ${r.id}: ${r.verdicts
        .filter((v) => v.status === 'missing')
        .map((v) => `${v.where}: ${v.detail}`)
        .join('; ')}\n`,
    );
  }
  return missing.length > 0 ? EXIT.finding : EXIT.ok;
}
