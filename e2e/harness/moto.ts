import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** A moto server this process started, on loopback. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /**
   * Stops this server (by its pid) and waits for it to exit. Safe to call twice. Says on stderr how
   * many lost answers moto gave again ({@link answeredAgain}), unless `quiet` (a test that loses
   * answers on purpose).
   */
  stop(options?: { readonly quiet?: boolean }): Promise<void>;
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
    async stop(options) {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
      const replays = fs.existsSync(logFile) ? answeredAgain(fs.readFileSync(logFile, 'utf8')) : 0;
      if (replays > 0 && options?.quiet !== true) {
        process.stderr.write(
          `moto gave ${replays} lost ${replays === 1 ? 'answer' : 'answers'} again to the SDK's retry of the same call ` +
            `(e2e/harness/moto_retry_replay.py; the lines "moto: answered again" in ${logFile})\n`,
        );
      }
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
  await server.stop();
  throw new Error(
    `moto did not start on ${endpoint} within 30 s (${python} e2e/harness/moto_server.py; moto 5.2.1 with boto3 must be ` +
      `installed for that python, pip install "moto[server]==5.2.1"). Its output: ${logFile}\n` +
      fs.readFileSync(logFile, 'utf8').slice(-2000),
  );
}
