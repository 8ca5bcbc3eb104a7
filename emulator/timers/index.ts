// Timer triggers: each function's config.json cron (7 fields, read on the UTC+8 wall clock) fires
// the function with { Type: 'Timer', TriggerName, Time } and SOURCE wx_trigger.
// - On a virtual clock, runUntil(date) steps the clock to each fire time in order and awaits each
//   run, so days of schedule pass in seconds.
// - start() fires on the clock as it moves by itself (the wall clock, or a flowing virtual clock).
import type { Clock } from '../clock';
import { nextFireTime } from './cron';
import type { DeployedFunction, TimerTrigger } from '../host/functions';

export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** The scheduled fire time, UTC, whole seconds: "2019-02-21T11:49:00Z" (Tencent SCF's format). */
  Time: string;
}

/** What a timer needs from a run (the host's InvokeResult has all of it). */
export interface TimerRunResult {
  ok: boolean;
  result: unknown;
  error?: string;
  timedOut: boolean;
  durationMs: number;
  instanceId: string;
}

export interface TimerFiring {
  functionName: string;
  triggerName: string;
  /** The schedule's fire time (the event's Time). */
  scheduledAt: Date;
  /** The clock when the run began: later than scheduledAt when the run before it overran. */
  startedAt: Date;
  ok: boolean;
  timedOut: boolean;
  durationMs: number;
  /** The function's answer (the timer functions answer with a run summary). */
  result: unknown;
  error?: string;
  instanceId: string;
}

export interface TimerInfo {
  functionName: string;
  triggerName: string;
  cron: string;
  /** Next fire time after the clock's present reading. */
  nextAt: Date | null;
}

export interface Timers {
  list(): TimerInfo[];
  /** Fires a function's timer now (Time = the clock's present second). */
  fire(functionName: string): Promise<TimerFiring>;
  /** Virtual clock only: every fire time in (now, until], in order, each run awaited; the clock ends at `until`. */
  runUntil(until: Date): Promise<TimerFiring[]>;
  runFor(ms: number): Promise<TimerFiring[]>;
  /** Every firing so far (the latest MAX_RECORDED), oldest first. */
  firings(): TimerFiring[];
  /** Fires on the clock as it moves by itself; runs may overlap, as on the cloud. */
  start(): void;
  /** Stops firing and waits for runs in progress. */
  close(): Promise<void>;
}

export interface TimerOptions {
  clock: Clock;
  functions: DeployedFunction[];
  /** Runs a function as its timer would (SOURCE wx_trigger, no OPENID). */
  invoke: (functionName: string, event: TimerEvent) => Promise<TimerRunResult>;
  onFiring?: (firing: TimerFiring) => void;
}

const MAX_RECORDED = 10_000;
/** start() re-reads the clock at least this often, so a virtual clock moved by hand is noticed. */
const POLL_MS = 1000;

/** The event's Time: ISO 8601 UTC without milliseconds, as Tencent SCF documents its timer event. */
export function timerEventTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function createTimers(options: TimerOptions): Timers {
  const { clock } = options;
  const timed = options.functions.filter((f): f is DeployedFunction & { trigger: TimerTrigger } => f.trigger !== null);
  const recorded: TimerFiring[] = [];
  const inFlight = new Set<Promise<TimerFiring>>();
  const handles = new Set<NodeJS.Timeout>();
  let started = false;
  let stepping = false;
  let closed = false;

  function fireAt(fn: DeployedFunction & { trigger: TimerTrigger }, scheduledAt: Date): Promise<TimerFiring> {
    const event: TimerEvent = { Type: 'Timer', TriggerName: fn.trigger.name, Time: timerEventTime(scheduledAt) };
    const startedAt = clock.now();
    const run = options
      .invoke(fn.name, event)
      .catch((e: unknown): TimerRunResult => ({ ok: false, result: null, error: (e as Error).message, timedOut: false, durationMs: 0, instanceId: '' }))
      .then((r) => {
        const firing: TimerFiring = {
          functionName: fn.name,
          triggerName: fn.trigger.name,
          scheduledAt,
          startedAt,
          ok: r.ok,
          timedOut: r.timedOut,
          durationMs: r.durationMs,
          result: r.result,
          ...(r.error === undefined ? {} : { error: r.error }),
          instanceId: r.instanceId,
        };
        recorded.push(firing);
        if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
        options.onFiring?.(firing);
        return firing;
      });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  }

  function timerOf(functionName: string) {
    const fn = timed.find((f) => f.name === functionName);
    if (!fn) throw new Error(`function "${functionName}" has no timer trigger in its config.json`);
    return fn;
  }

  function refuseWhileClosed(): void {
    if (closed) throw new Error('timers are closed');
  }

  async function runUntil(until: Date): Promise<TimerFiring[]> {
    refuseWhileClosed();
    if (!clock.virtual) throw new Error('runUntil needs a virtual clock; on the real clock timers fire by themselves (start())');
    if (started) throw new Error('runUntil cannot step the clock while start() is firing timers on it');
    if (stepping) throw new Error('runUntil is already running');
    const from = clock.now();
    if (until.getTime() < from.getTime()) throw new Error(`runUntil(${until.toISOString()}) is before the clock (${from.toISOString()})`);
    stepping = true;
    try {
      const next = new Map(timed.map((fn) => [fn, nextFireTime(fn.trigger.schedule, from)] as const));
      const out: TimerFiring[] = [];
      for (;;) {
        refuseWhileClosed();
        const due = [...next.values()].filter((t): t is Date => t !== null && t.getTime() <= until.getTime());
        if (due.length === 0) break;
        const at = new Date(Math.min(...due.map((t) => t.getTime())));
        if (clock.now().getTime() < at.getTime()) clock.set(at);
        // Triggers due at the same instant run side by side, as on the cloud.
        const group = timed.filter((fn) => next.get(fn)?.getTime() === at.getTime());
        out.push(...(await Promise.all(group.map((fn) => fireAt(fn, at)))));
        for (const fn of group) next.set(fn, nextFireTime(fn.trigger.schedule, at));
      }
      if (clock.now().getTime() < until.getTime()) clock.set(until);
      return out;
    } finally {
      stepping = false;
    }
  }

  function arm(fn: DeployedFunction & { trigger: TimerTrigger }, nextAt: Date | null): void {
    if (closed || !nextAt) return;
    const delay = Math.min(Math.max(nextAt.getTime() - clock.now().getTime(), 0), POLL_MS);
    const handle = setTimeout(() => {
      handles.delete(handle);
      const now = clock.now();
      if (now.getTime() < nextAt.getTime()) return arm(fn, nextAt);
      // After a jump of the clock only the latest missed fire time runs: the cloud does not replay missed timers.
      let at = nextAt;
      for (let n = nextFireTime(fn.trigger.schedule, at); n && n.getTime() <= now.getTime(); n = nextFireTime(fn.trigger.schedule, at)) at = n;
      void fireAt(fn, at);
      arm(fn, nextFireTime(fn.trigger.schedule, at));
    }, delay);
    handle.unref();
    handles.add(handle);
  }

  return {
    list() {
      const now = clock.now();
      return timed.map((fn) => ({ functionName: fn.name, triggerName: fn.trigger.name, cron: fn.trigger.cron, nextAt: nextFireTime(fn.trigger.schedule, now) }));
    },
    async fire(functionName) {
      refuseWhileClosed();
      return fireAt(timerOf(functionName), clock.now());
    },
    runUntil,
    runFor(ms) {
      return runUntil(new Date(clock.now().getTime() + ms));
    },
    firings: () => [...recorded],
    start() {
      refuseWhileClosed();
      if (started) return;
      if (stepping) throw new Error('start() cannot run while runUntil steps the clock');
      started = true;
      const now = clock.now();
      for (const fn of timed) arm(fn, nextFireTime(fn.trigger.schedule, now));
    },
    async close() {
      closed = true;
      for (const handle of handles) clearTimeout(handle);
      handles.clear();
      await Promise.all([...inFlight]);
    },
  };
}
