import { spawn } from 'child_process';
import {
  GroupMemorySampler,
  pidsRunning,
  processGroupMembers,
  processTreeMembers,
  pssAvailable,
} from '../../../packages/cli/toolkit/terraform/process-memory';
import { waitUntil } from '../../support/wait';

/* The memory and processes of a process group or tree, measured on processes started here. */

describe('process group sampler', () => {
  test('finds every process of the group and measures their PSS and CPU', async () => {
    expect(pssAvailable()).toBe(true);
    // A group of two: a shell that starts a node process, which fills 64 MB, spins for half a
    // CPU-second, says so and holds both until its input closes. The sampler starts then, so its
    // first sample sees them: a timed window could pass unsampled on a busy machine.
    const script =
      'const b = Buffer.alloc(64 * 2 ** 20, 1); const start = process.cpuUsage(); ' +
      'do for (let i = 0; i < 1e6; i += 1) b[i]++; while (process.cpuUsage(start).user < 500000); ' +
      'process.stdout.write("held\\n"); ' +
      'process.stdin.on("end", () => process.exit(b[0] & 0)).resume()';
    const child = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}; true`], {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const pid = child.pid as number;
    let said = '';
    child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
    await waitUntil(() => said.includes('held'), 'the node process holding its memory', 30_000);
    const sampler = new GroupMemorySampler(pid, 50);
    expect(processGroupMembers(pid).map((m) => m.pid)).toContain(pid);
    child.stdin?.end();
    await new Promise((resolve) => child.once('exit', resolve));
    const { peakBytes, processes, cpuSeconds } = sampler.stop();
    expect(peakBytes).toBeGreaterThan(64 * 2 ** 20);
    expect(processes).toBe(2);
    expect(cpuSeconds).toBeGreaterThan(0.2);
    expect(processGroupMembers(pid)).toEqual([]);
  });
});

test('pidsRunning finds a process by its command line, and nothing when none runs', async () => {
  const marker = `audit-pids-${process.pid}-${Date.now()}`;
  expect(pidsRunning(marker)).toEqual([]);
  // In a group of its own, so that the sleep the shell starts is stopped with it.
  const child = spawn('sh', ['-c', 'sleep 2', marker], { stdio: 'ignore', detached: true });
  await waitUntil(() => pidsRunning(marker).includes(child.pid as number), 'the marked shell');
  process.kill(-(child.pid as number));
  await new Promise((resolve) => child.once('exit', resolve));
  expect(pidsRunning(marker)).toEqual([]);
});

test('a process tree: the root and every descendant, whatever their group', async () => {
  const child = spawn('sh', ['-c', 'sleep 2 & setsid sleep 2 & wait'], { stdio: 'ignore' });
  await waitUntil(() => processTreeMembers(child.pid as number).length === 3, 'the shell and its two sleeps');
  const members = processTreeMembers(child.pid as number);
  expect(members.map((m) => m.pid)).toContain(child.pid);
  expect(members).toHaveLength(3);
  expect(processGroupMembers(child.pid as number)).toEqual([]);
  // The whole tree: killing the shell alone would leave its two sleeps running.
  for (const member of members) {
    try {
      process.kill(member.pid);
    } catch {
      // Already gone.
    }
  }
});
