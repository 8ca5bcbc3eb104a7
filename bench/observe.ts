// Watches one function while the benchmark drives it: every invocation (also those started by
// cloud.callFunction), how many ran at once, their busy time and peak memory, the backend's request
// counts, and how hard this process (which hosts the emulator's backend) and the machine worked.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Emulator } from 'wx-cloud-emulator';
import type { InvocationRecord } from 'wx-cloud-emulator/host';

export interface Activity {
  invocations: number;
  /** Invocations started by another function (cloud.callFunction): workers and continuations. */
  calledByFunctions: number;
  /** Invocations that only handed work to others (ours: a run that fanned out to workers). */
  coordinators: number;
  timedOut: number;
  failed: number;
  /** Most invocations of the function running at the same moment. */
  fanOut: number;
  /** Distinct instances (processes) that ran it. */
  instances: number;
  /**
   * Instance time spent on the run: each invocation's time in main, plus any work that went on
   * after the last invocation answered (the article's unawaited sends).
   */
  busyMs: number;
  /** busyMs without the coordinators' time (they wait for their workers): the time spent reminding. */
  senderBusyMs: number;
  /** From the first invocation's start to the first sender's (a coordinator's counting and the workers' cold start). */
  dispatchMs: number;
  /** Highest resident memory of any instance of the function (per invocation and over its life). */
  peakRssBytes: number;
  /** Event-loop utilisation of this process (the backend's) while the function ran: near 1 = emulator-bound. */
  backendElu: number;
  /** Share of the machine's CPU time that was busy while the function ran (all processes). */
  machineCpu: number;
  /** CPU time this process (the emulator's backend) used while the function ran. */
  backendCpuMs: number;
  /** CPU time of the function's instances (Linux; start-up included; a killed instance's up to its last sample). */
  functionCpuMs: number;
}

const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s (USER_HZ)

/** User + system CPU ms of a process (Linux), 0 when unknown. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of all CPUs (Linux); null elsewhere. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Largest number of [start, end) intervals covering one instant. */
export function maxOverlap(intervals: ReadonlyArray<{ startedAtMs: number; endedAtMs: number }>): number {
  const edges = intervals.flatMap((i) => [[i.startedAtMs, 1] as const, [i.endedAtMs, -1] as const]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // an end before a start at the same instant
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

export class Observer {
  readonly records: InvocationRecord[] = [];
  private instancePeak = 0;
  private lastCounts = '';
  /** Wall-clock ms of the latest sign of work: a changed request count or an invocation ending. */
  lastActivityMs = Date.now();
  private elu = performance.eventLoopUtilization();
  private cpu = cpuTimes();
  private ownCpu = process.cpuUsage();
  /** CPU already used by each instance when the window began, and at its latest look. */
  private cpuAtBegin = new Map<number, number>();
  private cpuLatest = new Map<number, number>();
  private samples = 0;
  private idleCpu = 0;
  /** Looks at the emulator all through the window, also while the harness awaits the timer's own run. */
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly functionName: string,
    private readonly emu: () => Emulator | undefined,
    /** Tells an invocation that only handed its work to others (its time is not sending time). */
    private readonly isCoordinator: (record: InvocationRecord, all: readonly InvocationRecord[]) => boolean = () => false,
  ) {}

  /** Pass to startEmulator({ onInvocation }). */
  readonly onInvocation = (record: InvocationRecord): void => {
    if (record.functionName !== this.functionName) return;
    this.records.push(record);
    this.lastActivityMs = Math.max(this.lastActivityMs, record.endedAtMs);
  };

  /** Starts the measured window: resets the utilisation baselines and the records. */
  begin(): void {
    this.records.length = 0;
    this.instancePeak = 0;
    this.elu = performance.eventLoopUtilization();
    this.cpu = cpuTimes();
    this.ownCpu = process.cpuUsage();
    this.cpuAtBegin = new Map(this.emu()?.host.instances().map((i) => [i.pid, processCpuMs(i.pid)]) ?? []);
    this.cpuLatest = new Map();
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.sample(), 100);
    this.ticker.unref();
    this.lastActivityMs = Date.now();
    this.lastCounts = JSON.stringify(this.emu()?.backend.instrument.counts() ?? {});
  }

  /** One look at the emulator: busy instances, their memory, and whether any request arrived. */
  private sample(): boolean {
    const emu = this.emu();
    if (!emu) return false;
    const mine = emu.host.instances().filter((i) => i.name === this.functionName);
    for (const i of mine) this.instancePeak = Math.max(this.instancePeak, i.peakRssBytes);
    if (this.samples++ % 5 === 0) this.readCpu(mine.map((i) => i.pid));
    const counts = JSON.stringify(emu.backend.instrument.counts());
    if (counts !== this.lastCounts) {
      this.lastCounts = counts;
      this.lastActivityMs = Date.now();
    }
    const busy = mine.some((i) => i.busy);
    if (!busy) {
      // Work left running after main answered shows as CPU time (an idle instance uses none), also
      // when a starved instance goes a while without a request.
      this.readCpu(mine.map((i) => i.pid));
      const cpu = [...this.cpuLatest.values()].reduce((a, b) => a + b, 0);
      if (cpu !== this.idleCpu) {
        this.idleCpu = cpu;
        this.lastActivityMs = Date.now();
      }
    }
    return busy;
  }

  /** Keeps each instance's latest CPU reading (an instance killed later keeps what it had used). */
  private readCpu(pids: number[]): void {
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms > 0) this.cpuLatest.set(pid, ms);
    }
  }

  /**
   * Resolves when the function has no busy instance and no request has reached the backend for
   * `quietMs` — also covering work a function left running after it answered.
   */
  async settle(quietMs: number, pollMs = 50): Promise<void> {
    for (;;) {
      const busy = this.sample();
      if (!busy && Date.now() - this.lastActivityMs >= quietMs) return;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** The figures of the window since begin(); ends the window. */
  activity(): Activity {
    clearInterval(this.ticker);
    this.sample();
    const elu = performance.eventLoopUtilization(this.elu);
    const cpu = cpuTimes();
    const machineCpu = cpu && this.cpu && cpu.total > this.cpu.total ? (cpu.busy - this.cpu.busy) / (cpu.total - this.cpu.total) : NaN;
    const own = process.cpuUsage(this.ownCpu);
    this.readCpu(this.emu()?.host.instances().filter((i) => i.name === this.functionName).map((i) => i.pid) ?? []);
    const functionCpuMs = [...this.cpuLatest].reduce((a, [pid, ms]) => a + ms - (this.cpuAtBegin.get(pid) ?? 0), 0);
    const r = this.records;
    const calledByFunction = r.filter((x) => x.source.split(',').includes('scf'));
    const coordinators = r.filter((x) => this.isCoordinator(x, r));
    const senders = r.filter((x) => !coordinators.includes(x));
    const spent = (list: InvocationRecord[]) => list.reduce((a, x) => a + (x.endedAtMs - x.startedAtMs), 0);
    // Work that went on after the last invocation answered (the article's unawaited sends).
    const tail = r.length ? Math.max(0, this.lastActivityMs - Math.max(...r.map((x) => x.endedAtMs))) : 0;
    const firstStart = (list: InvocationRecord[]) => Math.min(...list.map((x) => x.startedAtMs));
    return {
      invocations: r.length,
      calledByFunctions: calledByFunction.length,
      coordinators: coordinators.length,
      timedOut: r.filter((x) => x.result.timedOut).length,
      failed: r.filter((x) => !x.result.ok).length,
      fanOut: maxOverlap(r),
      instances: new Set(r.map((x) => x.result.instanceId)).size,
      busyMs: spent(r) + tail,
      senderBusyMs: spent(senders) + tail,
      dispatchMs: senders.length && r.length ? firstStart(senders) - firstStart(r) : 0,
      peakRssBytes: Math.max(this.instancePeak, ...r.map((x) => x.result.peakRssBytes)),
      backendElu: elu.utilization,
      machineCpu,
      backendCpuMs: (own.user + own.system) / 1000,
      functionCpuMs,
    };
  }
}
