import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { counted } from '../../modules/core/counted';
import type { RecordedCall } from './recorded-call';

export type { RecordedCall } from './recorded-call';

/** A moto server this process started, on loopback. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /** What the model check (e2e/harness/aws_model_check.py) has seen so far. */
  modelCheck(): Promise<ModelCheckReport>;
  /** Every distinct call signed so far, with the role session that signed it (GET /_harness/calls). */
  calls(): Promise<RecordedCall[]>;
  /**
   * The harness's own checks so far ({@link harnessReport}), without stopping: the deploy-role proof
   * (kept as deploy-role-proof.json beside moto's log, with calls.json), the model check and the lost
   * answers given again. A suite prints its lines and fails when it has failures.
   */
  report(options?: StopOptions): Promise<HarnessReport>;
  /**
   * Stops this server (by its pid) and waits for it to exit. Safe to call twice. Unless `quiet`,
   * first writes {@link report}'s lines to stderr, returns it, and sets the process's exit code to 1
   * when it has failures, for a caller that does not read it (a jest test that starts moto); a suite
   * reads the report and decides its exit code from it (e2e/harness/suite.ts).
   */
  stop(options?: StopOptions): Promise<HarnessReport | undefined>;
}

/** What the harness's own checks found: lines to print, and what fails the run. */
export interface HarnessReport {
  readonly lines: readonly string[];
  /** One line per check that failed (empty: the run may pass). */
  readonly failures: readonly string[];
}

/** How {@link MotoServer.stop} reports. */
export interface StopOptions {
  /** Leave out the reports and their failures (a test that refuses or loses on purpose). */
  readonly quiet?: boolean;
  /**
   * The `<out>/stacks` folders of the synths this run deployed: every call their deploy roles made is
   * evaluated against the policy toolkit/deploy-role derives for each (e2e/harness/deploy-role-proof.ts),
   * and a call it would deny fails the run. The proof is kept as deploy-role-proof.json beside moto's log.
   */
  readonly deployRoleStacks?: string | readonly string[];
  /** The management account of the run's organization: what the organization owns is resolved to it. */
  readonly managementAccountId?: string;
}

/** One request the model check refused: AWS's model of its operation forbids what it sent. */
export interface ModelCheckRefusal {
  readonly service: string;
  readonly operation: string;
  readonly violations: readonly {
    readonly member: string;
    readonly value: string | null;
    readonly constraint: string;
  }[];
}

/** The model check's counts (GET /_harness/model-check on the harness's moto). */
export interface ModelCheckReport {
  /** botocore's version, whose service models the requests were checked against. */
  readonly botocore: string;
  /** `regex` (Java's \p{..} classes read) or `re`. */
  readonly patternEngine: string;
  /** Signed requests whose operation was found and checked. */
  readonly requests: number;
  /** Distinct operations among them. */
  readonly operations: number;
  /** Requests checked, by `<service> <Operation>`. */
  readonly byOperation: Readonly<Record<string, number>>;
  readonly refusedRequests: number;
  /** The first 200 refused requests. */
  readonly refused: readonly ModelCheckRefusal[];
  /** Signed requests whose operation was not found in the model, by what they looked like. */
  readonly unresolved: Readonly<Record<string, number>>;
  /** Patterns this machine's engine could not compile, with how often they were skipped. */
  readonly uncheckedPatterns: Readonly<Record<string, number>>;
}

/** The report in a few lines: what was checked, what was refused, what could not be checked. */
export function describeModelCheck(report: ModelCheckReport): string {
  const lines = [
    `model check: ${report.requests} requests of ${report.operations} operations checked against botocore ${report.botocore}'s ` +
      `service models; ${report.refusedRequests} refused`,
  ];
  for (const refusal of report.refused) {
    for (const v of refusal.violations) {
      lines.push(
        `  refused ${refusal.service} ${refusal.operation}: ${v.member} = ${v.value === null ? 'null' : JSON.stringify(v.value)}: ${v.constraint}`,
      );
    }
  }
  const unresolved = Object.entries(report.unresolved);
  if (unresolved.length > 0) {
    lines.push(`  ${unresolved.reduce((n, [, c]) => n + c, 0)} signed requests matched no operation of the models:`);
    for (const [request, count] of unresolved.slice(0, 20)) lines.push(`    ${count} x ${request}`);
  }
  const unchecked = Object.entries(report.uncheckedPatterns);
  if (unchecked.length > 0) {
    lines.push(`  patterns the ${report.patternEngine} engine cannot read, skipped:`);
    for (const [pattern, count] of unchecked.slice(0, 20)) lines.push(`    ${count} x ${pattern}`);
  }
  return lines.join('\n');
}

/**
 * How many answers moto's log says it gave again to a retried call whose first answer was lost
 * (e2e/harness/moto_retry_replay.py).
 */
export function answeredAgain(log: string): number {
  return (log.match(/^moto: answered again /gm) ?? []).length;
}

/** A TCP port that was free a moment ago, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** Where {@link harnessReport} reads: a moto server's call record and model check, and its log. */
export interface HarnessSource {
  calls(): Promise<RecordedCall[]>;
  modelCheck(): Promise<ModelCheckReport>;
  /** moto's log; calls.json and deploy-role-proof.json are written beside it. */
  readonly logFile: string;
}

/**
 * The harness's own checks of a run: the deploy-role proof of `options.deployRoleStacks`, the model
 * check (a refused request, or one no operation of the models matches, fails: AWS would refuse it or
 * the check cannot vouch for it), and how many lost answers moto gave again (a line, not a failure).
 */
export async function harnessReport(source: HarnessSource, options: StopOptions = {}): Promise<HarnessReport> {
  const lines: string[] = [];
  const failures: string[] = [];
  const folder = path.dirname(source.logFile);
  try {
    // The calls this run made, beside moto's log, for the deploy-role proof and for reading.
    const calls = await source.calls();
    fs.writeFileSync(path.join(folder, 'calls.json'), `${JSON.stringify(calls, null, 1)}\n`);
    if (options.deployRoleStacks !== undefined) {
      const { describeProof, proveDeployRoles } = await import('./deploy-role-proof');
      if (options.managementAccountId === undefined)
        throw new Error('the deploy-role proof needs the management account (managementAccountId)');
      const proof = await proveDeployRoles(calls, options.deployRoleStacks, {
        managementAccountId: options.managementAccountId,
      });
      fs.writeFileSync(path.join(folder, 'deploy-role-proof.json'), `${JSON.stringify(proof, null, 1)}\n`);
      const { text, failed } = describeProof(proof);
      lines.push(text);
      if (failed) {
        lines.push(
          'the derived deploy policies would deny calls above: add the actions to toolkit/deploy-role/resource-actions.ts with their source',
        );
        failures.push('deploy-role proof: calls its derived policies would deny or cannot map');
      }
    }
  } catch (error) {
    lines.push(`call record: not kept (${String(error)})`);
    if (options.deployRoleStacks !== undefined) failures.push('deploy-role proof: not made');
  }
  try {
    const report = await source.modelCheck();
    lines.push(describeModelCheck(report));
    if (report.refusedRequests > 0) {
      lines.push(
        `${report.refusedRequests} requests broke AWS's model of their operation (above): AWS refuses them; fix what sent them`,
      );
      failures.push(`model check: ${counted(report.refusedRequests, 'request')} refused`);
    }
    if (Object.keys(report.unresolved).length > 0) {
      // Every request is checked, or the run says which were not: a request no operation of
      // the models matches is one the check cannot vouch for (e2e/harness/aws_model_check.py).
      lines.push('signed requests matched no operation of the models (above): teach aws_model_check.py their form');
      failures.push('model check: requests matched no operation');
    }
  } catch (error) {
    lines.push(`model check: no report (${String(error)})`);
    failures.push('model check: no report');
  }
  const replays = fs.existsSync(source.logFile) ? answeredAgain(fs.readFileSync(source.logFile, 'utf8')) : 0;
  if (replays > 0) {
    lines.push(
      `moto gave ${replays} lost ${replays === 1 ? 'answer' : 'answers'} again to the SDK's retry of the same call ` +
        `(e2e/harness/moto_retry_replay.py; the lines "moto: answered again" in ${source.logFile})`,
    );
  }
  return { lines, failures };
}

/**
 * Starts e2e/harness/moto_server.py (moto_server with its gaps fixed, and an answer lost on loopback
 * given again; see that file) on a free loopback port and waits until it answers. Its output goes
 * to `logFile`.
 */
export async function startMoto(logFile: string, python = process.env.E2E_PYTHON || 'python3'): Promise<MotoServer> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const child = spawn(python, [path.join(__dirname, 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', log, log],
    // AWS managed policies (AWS_ConfigRole, say) exist in every account; moto loads them on request.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
  fs.closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const server: MotoServer = {
    endpoint,
    pid: child.pid ?? -1,
    async modelCheck() {
      const response = await fetch(`${endpoint}/_harness/model-check`);
      if (!response.ok) throw new Error(`moto's model check did not answer: HTTP ${response.status}`);
      return (await response.json()) as ModelCheckReport;
    },
    async calls() {
      const response = await fetch(`${endpoint}/_harness/calls`);
      if (!response.ok) throw new Error(`moto's call record did not answer: HTTP ${response.status}`);
      return ((await response.json()) as { calls: RecordedCall[] }).calls;
    },
    report(options) {
      return harnessReport({ calls: () => server.calls(), modelCheck: () => server.modelCheck(), logFile }, options);
    },
    async stop(options) {
      if (exited) return undefined;
      const report = options?.quiet === true ? undefined : await server.report(options);
      if (report !== undefined) {
        process.stderr.write(report.lines.map((line) => `${line}\n`).join(''));
        if (report.failures.length > 0) process.exitCode = 1;
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
      return report;
    },
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop({ quiet: true });
  throw new Error(
    `moto did not start on ${endpoint} within 30 s (${python} e2e/harness/moto_server.py; moto 5.2.1 with boto3 must be ` +
      `installed for that python, pip install "moto[server]==5.2.1"). Its output: ${logFile}\n` +
      fs.readFileSync(logFile, 'utf8').slice(-2000),
  );
}
