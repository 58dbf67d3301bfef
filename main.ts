import * as path from 'path';
import { App } from 'cdktf';
import { loadConfig } from './modules/config/load';
import { AuditLoggingError } from './modules/core/errors';
import { buildStacks } from './stacks';

/**
 * The app: loads the organization config named by AUDIT_CONFIG (default: audit.config.json beside
 * this file), builds one stack per account and synthesizes them into cdktf.out.
 *
 * A bad config stops here, before the App exists, so that cdktf.out is not touched; the message
 * lists every problem with its path, line and column.
 */
function main(): void {
  plainStackTraces();
  // `||`, not `??`: an empty AUDIT_CONFIG (as CI systems often export) means unset.
  const file = process.env.AUDIT_CONFIG || path.join(__dirname, 'audit.config.json');
  try {
    const config = loadConfig(file);
    const app = new App();
    buildStacks(app, config);
    app.synth();
  } catch (error) {
    if (!(error instanceof AuditLoggingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}

/**
 * cdktf records a full stack trace for every token it creates (to name the construct in its own
 * errors). Under ts-node each trace goes through source maps frame by frame, which was half the
 * synth time of a 100-member organization (9.2 s, 4.8 s of it there: BENCHMARKS.md). Synth uses
 * V8's plain traces instead; AUDIT_SOURCE_MAPPED_TRACES=1 keeps the mapped ones for debugging.
 */
function plainStackTraces(): void {
  if (process.env.AUDIT_SOURCE_MAPPED_TRACES !== '1') Reflect.deleteProperty(Error, 'prepareStackTrace');
}

main();
