// Watches one function while the benchmark drives it: every invocation (also those started by
// cloud.callFunction), how many ran at once, their busy time and peak memory, the backend's request
// counts, and how hard this process (which hosts the emulator's backend) and the machine worked.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Emulator } from '../emulator';
import type { InvocationRecord } from '../emulator/host';

export interface Activity {
  invocations: number;
  /** Invocations started by another function (cloud.callFunction): continuations / fan-out. */
  calledByFunctions: number;
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
  /** Highest resident memory of any instance of the function (per invocation and over its life). */
  peakRssBytes: number;
  /** Event-loop utilisation of this process (the backend's) while the function ran: near 1 = emulator-bound. */
  backendElu: number;
  /** Share of the machine's CPU time that was busy while the function ran (all processes). */
  machineCpu: number;
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

  constructor(
    private readonly functionName: string,
    private readonly emu: () => Emulator | undefined,
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
    this.lastActivityMs = Date.now();
    this.lastCounts = JSON.stringify(this.emu()?.backend.instrument.counts() ?? {});
  }

  /** One look at the emulator: busy instances, their memory, and whether any request arrived. */
  private sample(): boolean {
    const emu = this.emu();
    if (!emu) return false;
    const mine = emu.host.instances().filter((i) => i.name === this.functionName);
    for (const i of mine) this.instancePeak = Math.max(this.instancePeak, i.peakRssBytes);
    const counts = JSON.stringify(emu.backend.instrument.counts());
    if (counts !== this.lastCounts) {
      this.lastCounts = counts;
      this.lastActivityMs = Date.now();
    }
    return mine.some((i) => i.busy);
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

  /** The figures of the window since begin(). */
  activity(): Activity {
    this.sample();
    const elu = performance.eventLoopUtilization(this.elu);
    const cpu = cpuTimes();
    const machineCpu = cpu && this.cpu && cpu.total > this.cpu.total ? (cpu.busy - this.cpu.busy) / (cpu.total - this.cpu.total) : NaN;
    const r = this.records;
    return {
      invocations: r.length,
      calledByFunctions: r.filter((x) => x.source.split(',').includes('scf')).length,
      timedOut: r.filter((x) => x.result.timedOut).length,
      failed: r.filter((x) => !x.result.ok).length,
      fanOut: maxOverlap(r),
      instances: new Set(r.map((x) => x.result.instanceId)).size,
      busyMs: r.length ? r.reduce((a, x) => a + (x.endedAtMs - x.startedAtMs), 0) + Math.max(0, this.lastActivityMs - Math.max(...r.map((x) => x.endedAtMs))) : 0,
      peakRssBytes: Math.max(this.instancePeak, ...r.map((x) => x.result.peakRssBytes)),
      backendElu: elu.utilization,
      machineCpu,
    };
  }
}
