/*
 * npm run verify-logs -- <folder> [--public-keys <file>] [--start <time>] [--end <time>] [--strict] [--json <file>]
 *
 * Verifies a local copy of CloudTrail logs (the bucket layout under AWSLogs/) against its digest
 * files, offline: digest signatures and chain, log file hashes, gaps and unlisted files. Public
 * keys come from `aws cloudtrail list-public-keys > keys.json` (default: public-keys.json in the
 * folder). Prints a summary; --json also writes the full report. Exit 0: intact; 1: a problem was
 * found; 2: bad arguments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DigestFormatError, parsePublicKeys } from '../modules/integrity/digest-file';
import { formatReport } from '../modules/integrity/report-text';
import { verifyTree } from '../modules/integrity/verify-tree';

class UsageError extends Error {}

interface Args {
  folder: string;
  publicKeys: string;
  start?: Date;
  end?: Date;
  strict: boolean;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  let strict = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--strict') strict = true;
    else if (['--public-keys', '--start', '--end', '--json'].includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      named[arg] = value;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    throw new UsageError('give exactly one folder: the local copy of the bucket (with AWSLogs/ in it)');
  const folder = positional[0];
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder`);
  const time = (option: string): Date | undefined => {
    if (named[option] === undefined) return undefined;
    const date = new Date(named[option]);
    if (Number.isNaN(date.getTime()))
      throw new UsageError(`${option} ${named[option]} is not a time; use ISO 8601 such as 2026-11-21T00:00:00Z`);
    return date;
  };
  const publicKeys = named['--public-keys'] ?? path.join(folder, 'public-keys.json');
  if (!fs.existsSync(publicKeys)) {
    throw new UsageError(
      `no public keys at ${publicKeys}; save them with: aws cloudtrail list-public-keys --start-time <first day> > ${publicKeys}`,
    );
  }
  return { folder, publicKeys, start: time('--start'), end: time('--end'), strict, json: named['--json'] };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const publicKeys = parsePublicKeys(fs.readFileSync(args.publicKeys, 'utf8'));
  let lastShown = 0;
  const started = Date.now();
  const report = await verifyTree(args.folder, {
    publicKeys,
    start: args.start,
    end: args.end,
    strict: args.strict,
    onProgress: (done, total) => {
      if (total >= 1000 && (done - lastShown >= 1000 || done === total)) {
        lastShown = done;
        process.stderr.write(`  hashed ${done}/${total} log files (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    },
  });
  console.log(formatReport(report));
  if (args.json !== undefined) fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof DigestFormatError) {
      console.error(`verify-logs: ${error.message}`);
      process.exitCode = 2;
    } else throw error;
  },
);
