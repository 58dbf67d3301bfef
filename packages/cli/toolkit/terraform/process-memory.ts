import * as fs from 'fs';

/*
 * Memory of a process group, as Linux reports it. Terraform starts one provider process per
 * provider configuration, and those processes share the provider binary's pages: summing their
 * resident sizes (RSS) counts each shared page once per process and overstates what the machine
 * needs several times over. The proportional set size (PSS) divides each shared page among the
 * processes that map it, so the PSS of every process in the group adds up to what the group holds.
 */

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on every Linux build that matters). */
const USER_HZ = 100;

/** A live process of a group: its id and the CPU seconds it has used so far. */
export interface GroupMember {
  readonly pid: number;
  readonly cpuSeconds: number;
}

/** One live process as /proc/<pid>/stat shows it. */
interface ProcessStat extends GroupMember {
  readonly ppid: number;
  readonly pgrp: number;
}

/** Every live process, from /proc. */
function processStats(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ... utime stime: comm may hold spaces and parentheses, so split
      // after the last ')'; the fields after it start at the state (field 3 of proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        cpuSeconds: (Number(fields[11]) + Number(fields[12])) / USER_HZ,
      });
    } catch {
      // The process exited while we looked.
    }
  }
  return stats;
}

/**
 * Pids of the live processes whose command line contains `text` (from /proc; empty elsewhere).
 * PSS divides a shared page among the processes that map it, so another running
 * terraform-provider-aws makes a provider's PSS read low: a benchmark checks for one first.
 */
export function pidsRunning(text: string): number[] {
  if (!fs.existsSync('/proc')) return [];
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The live processes in process group `pgid`. */
export function processGroupMembers(pgid: number): GroupMember[] {
  return processStats().filter(({ pgrp }) => pgrp === pgid);
}

/**
 * Process `root` and all its live descendants, whatever their process group (Terraform runs in a
 * group of its own, so a command that starts several has them in several groups).
 */
export function processTreeMembers(root: number): GroupMember[] {
  const stats = processStats();
  const inTree = new Set([root]);
  for (let grown = true; grown;) {
    grown = false;
    for (const { pid, ppid } of stats) {
      if (inTree.has(ppid) && !inTree.has(pid)) {
        inTree.add(pid);
        grown = true;
      }
    }
  }
  return stats.filter(({ pid }) => inTree.has(pid));
}

/** The PSS of one process in bytes, from /proc/<pid>/smaps_rollup; 0 once it has exited. */
export function processPssBytes(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** True where /proc reports PSS (Linux 4.14 and later); elsewhere the sampler reports nothing. */
export function pssAvailable(): boolean {
  return fs.existsSync(`/proc/${process.pid}/smaps_rollup`);
}

/**
 * Samples the summed PSS of a process group every `intervalMs` until stopped, and keeps the peak,
 * and the CPU time of its processes. A sample is a snapshot: a spike shorter than the interval can
 * be missed, and so can the CPU a process uses after its last sample, so both are lower bounds,
 * close for Terraform's provider processes, which hold their schema for the whole run.
 */
export class GroupMemorySampler {
  private peak = 0;
  private peakProcesses = 0;
  private readonly cpu = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  /**
   * @param pgid the process group to sample (a process started with `detached: true` leads one)
   * @param intervalMs time between samples
   * @param members which processes belong: the group's by default, {@link processTreeMembers} for a tree
   */
  public constructor(
    private readonly pgid: number,
    intervalMs = 250,
    private readonly members: (id: number) => GroupMember[] = processGroupMembers,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /**
   * Stops sampling; returns the peak summed PSS in bytes, the process count at that peak and the
   * CPU seconds the group used.
   */
  public stop(): { peakBytes: number; processes: number; cpuSeconds: number } {
    clearInterval(this.timer);
    const cpuSeconds = [...this.cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
    return { peakBytes: this.peak, processes: this.peakProcesses, cpuSeconds };
  }

  private sample(): void {
    const members = this.members(this.pgid);
    for (const { pid, cpuSeconds } of members) this.cpu.set(pid, cpuSeconds);
    const total = members.reduce((sum, { pid }) => sum + processPssBytes(pid), 0);
    if (total > this.peak) {
      this.peak = total;
      this.peakProcesses = members.length;
    }
  }
}
