// Turns measured runs into the printed figures: per-user ratios, projections to full latency and
// to 100,000 and 1,000,000 users, PASS/FAIL against DESIGN §5, and our figures as ratios against
// the baselines.
import type { BenchOptions } from './options';
import type { ScenarioResult } from './scenario';
import { isOurs } from './systems';

/** DESIGN §5, second wave (peak memory, CPU, the retired scenario, the million) on top of the first. */
export const TARGETS = {
  dbRequestsPerReminded: 2.5,
  /** Database requests per due user over a day when template messages are retired and half the users hold only form ids. */
  dbRequestsPerDueRetired: 1.2,
  peakMb: 100,
  fnCpuMsPerReminded: 2,
  users: 100_000,
  million: 1_000_000,
  seconds: 600,
  /** The 100,000-user run measured on this 2-core machine (issue 14: the emulator's speed). */
  measuredSecondsHere: 300,
  /** An environment runs at most this many function instances at once (DESIGN §5). */
  instanceLimit: 1000,
} as const;
const HOUR_S = 3600;

export interface Figures {
  system: ScenarioResult['system'];
  users: number;
  /** Seeded users a message could reach (the retired scenario's form-only users cannot be). */
  reachable: number;
  reminded: number;
  duplicates: number;
  /** Users the system's own records mark as reminded (may differ: the article marks before knowing). */
  marked: number;
  dbRequests: number;
  dbPerReminded: number;
  /** Database requests per seeded (due) user, reminded or not. */
  dbPerDue: number;
  /** Insert and update requests per reminded user: what the run writes. */
  writesPerReminded: number;
  /** Insert and update requests per check-in made after the run (NaN for a system without check-ins). */
  writesPerCheckIn: number;
  sendAttempts: number;
  /** Delivered sends per second of a sending instance's busy time, at the latencies used. */
  sendsPerInstanceSecond: number;
  /** From the first invocation to the first one that sends (counting, fan-out, cold starts). */
  dispatchS: number;
  peakMb: number;
  wallS: number;
  /** Wall time at full latency: measured when scale = 1, else projected (wallS / scale, an upper bound). */
  fullLatencyWallS: number;
  fanOut: number;
  invocations: number;
  /** Invocations started by the function itself (workers, continuations). */
  calledByFunctions: number;
  timedOut: number;
  /** Timer firings that reminded someone (the harness stops after one that reminds nobody new). */
  firings: number;
  backendElu: number;
  machineCpu: number;
  /** The emulator backend's CPU per request it answered (ms): its own cost, which the cloud would not add. */
  emuCpuMsPerRequest: number;
  /** CPU of the function's instances per reminded user (ms). */
  fnCpuMsPerReminded: number;
  /** The backend's share of the CPU the backend and the function used: near 1 = the emulator dominates. */
  emuCpuShare: number;
}

export function figuresOf(r: ScenarioResult, scale: number): Figures {
  const a = r.activity;
  const wallS = r.wallMs / 1000;
  return {
    system: r.system,
    users: r.users,
    reachable: r.reachable,
    reminded: r.delivered,
    duplicates: r.duplicates,
    marked: r.marked,
    dbRequests: r.dbRequests,
    dbPerReminded: r.delivered ? r.dbRequests / r.delivered : Infinity,
    dbPerDue: r.users ? r.dbRequests / r.users : Infinity,
    writesPerReminded: r.delivered ? r.writes / r.delivered : Infinity,
    writesPerCheckIn: r.checkIns?.checkIns ? r.checkIns.writes / r.checkIns.checkIns : NaN,
    sendAttempts: r.sendAttempts,
    sendsPerInstanceSecond: a.senderBusyMs ? r.delivered / (a.senderBusyMs / 1000) : 0,
    dispatchS: a.dispatchMs / 1000,
    peakMb: a.peakRssBytes / 2 ** 20,
    wallS,
    fullLatencyWallS: wallS / scale,
    fanOut: a.fanOut,
    invocations: a.invocations,
    calledByFunctions: a.calledByFunctions,
    timedOut: a.timedOut,
    firings: Math.max(1, r.firings.filter((f, i) => f.deliveredAfter > (r.firings[i - 1]?.deliveredAfter ?? 0)).length),
    backendElu: a.backendElu,
    machineCpu: a.machineCpu,
    emuCpuMsPerRequest: a.backendCpuMs / Math.max(1, Object.values(r.counts).reduce((x, y) => x + y, 0)),
    fnCpuMsPerReminded: r.delivered ? a.functionCpuMs / r.delivered : Infinity,
    emuCpuShare: a.backendCpuMs / Math.max(1, a.backendCpuMs + a.functionCpuMs),
  };
}

export interface Projection {
  seconds: number;
  basis: string;
  measured: boolean;
}

/** Time for 100,000 users when such a run was made at full latency here (plus an hour per extra firing). */
export function measured100k(runs: readonly Figures[], scale: number): Projection | null {
  const run = runs.find((f) => f.users >= TARGETS.users);
  if (!run || scale !== 1) return null;
  const hours = (run.firings - 1) * HOUR_S;
  return { seconds: run.wallS + hours, basis: `measured on this machine: ${run.users.toLocaleString('en-US')} users at full latency${hours ? ` + ${run.firings - 1} h of extra hourly firings` : ''}`, measured: true };
}

/**
 * Time for 100,000 users projected for the cloud, where every instance has its own CPU: the best
 * rate one sending instance reached here (reminded per second of its busy time, at full latency)
 * × the instances the design runs at once for 100,000 users, plus the largest run's dispatch time
 * (counting, fan-out, cold starts). Extra firings a run needed here are checked separately: they
 * come from this machine's CPU, which the projection assumes away.
 */
export function project100k(runs: readonly Figures[], options: Pick<BenchOptions, 'scale' | 'fanOut'>, designFanOut: number): Projection | null {
  const largest = [...runs].sort((a, b) => b.users - a.users)[0];
  const best = [...runs].sort((a, b) => b.sendsPerInstanceSecond - a.sendsPerInstanceSecond)[0];
  if (!largest || !best || best.sendsPerInstanceSecond === 0) return null;
  const fanOut = options.fanOut ?? designFanOut;
  const rate = best.sendsPerInstanceSecond * options.scale; // a lower bound when scale < 1
  const dispatch = largest.dispatchS / options.scale;
  const seconds = dispatch + TARGETS.users / (rate * fanOut);
  const why =
    `${fmt(dispatch, 1)} s dispatch + 100,000 / (${fmt(rate, 1)} reminded per instance-second, best run: ${best.users.toLocaleString('en-US')} users` +
    `${options.scale < 1 ? ', full latency: a lower bound' : ''} × ${fanOut} instances${options.fanOut ? ' (--fanout)' : " (the design's fan-out for 100,000)"})`;
  return { seconds, basis: `projected for the cloud: ${why}`, measured: false };
}

/** What the million projection takes from the design (src/domain/fanOut.ts, the run budget, continuations). */
export interface MillionDesign {
  /** Workers the design runs at once for 1,000,000 candidates (before the instance limit). */
  fanOut: number;
  /** The time a run (and so each of its workers) may send: the configured run budget. */
  budgetS: number;
  /** Runs of one firing's chain: the timer's and its continuations. */
  maxRounds: number;
}

/**
 * Time for 1,000,000 due users on the cloud: each round of the firing's chain (the timer's run, then
 * its continuations) counts the candidates, fans out to `fanOut` workers (at most the environment's
 * 1000 instances), and each worker sends for the rest of the budget at the best per-instance rate
 * measured here. Rounds = users / (instances × rate × (budget − dispatch)); the last round stops
 * when everyone is reminded. Null when no run reminded anyone.
 */
export function projectMillion(runs: readonly Figures[], options: Pick<BenchOptions, 'scale'>, design: MillionDesign): (Projection & { rounds: number; instances: number; rate: number }) | null {
  const largest = [...runs].sort((a, b) => b.users - a.users)[0];
  const best = [...runs].sort((a, b) => b.sendsPerInstanceSecond - a.sendsPerInstanceSecond)[0];
  if (!largest || !best || best.sendsPerInstanceSecond === 0) return null;
  const instances = Math.min(design.fanOut, TARGETS.instanceLimit);
  const rate = best.sendsPerInstanceSecond * options.scale;
  const dispatch = largest.dispatchS / options.scale;
  const sendingS = Math.max(1, design.budgetS - dispatch);
  const rounds = Math.ceil(TARGETS.million / (instances * rate * sendingS));
  const seconds = rounds * dispatch + TARGETS.million / (instances * rate);
  const basis =
    `projected for the cloud: ${rounds} round${rounds === 1 ? '' : 's'} (the timer's run${rounds > 1 ? ` and ${rounds - 1} continuation${rounds > 2 ? 's' : ''}` : ''}) × ${fmt(dispatch, 1)} s dispatch ` +
    `+ 1,000,000 / (${fmt(rate, 1)} reminded per instance-second × ${instances} instances${design.fanOut > instances ? ` (the ${TARGETS.instanceLimit}-instance limit)` : " (the design's fan-out)"})`;
  return { seconds, basis, measured: false, rounds, instances, rate };
}

/** The run whose instances reminded the most users per second: the projections' rate. */
const best100k = (runs: readonly Figures[]) => [...runs].sort((a, b) => b.sendsPerInstanceSecond - a.sendsPerInstanceSecond)[0];

/** Linear extrapolation of the largest run's full-latency wall time (this machine's fan-out and CPU). */
export function linear100k(runs: readonly Figures[]): number | null {
  const largest = [...runs].sort((a, b) => b.users - a.users)[0];
  if (!largest || largest.reminded === 0) return null;
  return (largest.fullLatencyWallS * TARGETS.users) / largest.users;
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function runTable(figures: readonly Figures[], scale: number): string {
  const head = ['system', 'users', 'reminded', 'dup', 'marked', 'DB req/reminded', 'DB req/due', 'writes/reminded', 'writes/check-in', 'sends/s/inst', 'peak MB', 'wall s', scale < 1 ? 'full-lat s*' : 'full-lat s', 'fan-out', 'invoc.', 'by fn', 'killed', 'firings', 'emu ELU', 'emu ms/req', 'fn ms/user', 'machine CPU'];
  return table([
    head,
    ...figures.map((f) => [
      f.system,
      f.users.toLocaleString('en-US'),
      f.reminded.toLocaleString('en-US'),
      String(f.duplicates),
      f.marked.toLocaleString('en-US'),
      fmt(f.dbPerReminded),
      fmt(f.dbPerDue),
      fmt(f.writesPerReminded),
      fmt(f.writesPerCheckIn),
      fmt(f.sendsPerInstanceSecond, 1),
      fmt(f.peakMb, 0),
      fmt(f.wallS, 1),
      fmt(f.fullLatencyWallS, 1),
      String(f.fanOut),
      String(f.invocations),
      String(f.calledByFunctions),
      String(f.timedOut),
      String(f.firings),
      fmt(f.backendElu),
      fmt(f.emuCpuMsPerRequest),
      fmt(f.fnCpuMsPerReminded, 1),
      fmt(f.machineCpu),
    ]),
  ]);
}

/** What the projections take from the design: fan-out for 100,000 and for 1,000,000 users, and more. */
export interface Design {
  fanOut100k: number;
  million: MillionDesign;
}

/**
 * PASS/FAIL of our runs (ours, and ours on the retired day) against DESIGN §5. The projections are
 * made from the plain runs: the retired day's form-only users are never sent to.
 */
export function verdicts(runs: readonly Figures[], options: Pick<BenchOptions, 'scale' | 'fanOut'>, design: Design): { lines: string[]; pass: boolean } {
  const lines: string[] = [];
  let pass = true;
  const check = (ok: boolean, text: string) => {
    pass &&= ok;
    lines.push(`${verdict(ok)}  ${text}`);
  };
  for (const f of runs) {
    const n = f.system === 'ours' ? f.users.toLocaleString('en-US') : `${f.users.toLocaleString('en-US')} ${f.system}`;
    const who = f.reachable === f.users ? 'every due user' : `every due user a message can reach (${f.reachable.toLocaleString('en-US')}: the others hold only form ids)`;
    check(f.reminded === f.reachable && f.duplicates === 0, `${n}: ${who} reminded exactly once (${f.reminded} reminded, ${f.duplicates} duplicates)`);
    // How many firings a run needed here depends on this machine's 2 cores as much as on the
    // design (instances starved of CPU overrun their budget): reported, not judged.
    lines.push(`      ${n}: ${f.firings} timer firing${f.firings > 1 ? 's' : ''}, ${f.timedOut} invocation${f.timedOut === 1 ? '' : 's'} killed at the timeout; machine CPU ${fmt(f.machineCpu * 100, 0)}%`);
    if (f.system === 'ours') {
      check(f.dbPerReminded <= TARGETS.dbRequestsPerReminded, `${n}: ${fmt(f.dbPerReminded)} database requests per reminded user (≤ ${TARGETS.dbRequestsPerReminded})`);
      check(f.fnCpuMsPerReminded <= TARGETS.fnCpuMsPerReminded, `${n}: ${fmt(f.fnCpuMsPerReminded, 1)} ms of function CPU per reminded user (≤ ${TARGETS.fnCpuMsPerReminded} ms)`);
    } else {
      check(f.dbPerDue <= TARGETS.dbRequestsPerDueRetired, `${n}: ${fmt(f.dbPerDue)} database requests per due user over a day of hourly firings (≤ ${TARGETS.dbRequestsPerDueRetired})`);
    }
    check(f.peakMb <= TARGETS.peakMb, `${n}: peak instance memory ${fmt(f.peakMb, 0)} MB (≤ ${TARGETS.peakMb} MB)`);
  }
  const ours = runs.filter((f) => f.system === 'ours');
  // The projection for the design's fan-out decides for the cloud (issue 5); a 100,000 run made here
  // is judged beside it against its own target (the emulator must be fast enough, issue 14).
  const measured = measured100k(ours, options.scale);
  const p = project100k(ours, options, design.fanOut100k);
  const time = (x: Projection, users = '100,000') => `${users} users in ${fmt(x.seconds, 0)} s (≤ ${TARGETS.seconds} s) — ${x.basis}`;
  if (p) check(p.seconds <= TARGETS.seconds, time(p));
  if (measured) check(measured.seconds <= TARGETS.measuredSecondsHere, `100,000 users in ${fmt(measured.seconds, 0)} s (≤ ${TARGETS.measuredSecondsHere} s on this 2-core machine) — ${measured.basis}`);
  const million = projectMillion(ours, options, design.million);
  if (million) {
    check(million.seconds <= TARGETS.seconds && million.rounds <= design.million.maxRounds, time(million, '1,000,000'));
    lines.push(
      `      (assumes: each instance reaches the best rate measured here, with the CPU below; the database answers ${fmt(million.instances * million.rate * (best100k(ours)?.dbPerReminded ?? 1), 0)} requests/s ` +
        `at 20 ms and WeChat ${fmt(million.instances * million.rate, 0)} sends/s at 150 ms without throttling; ${million.rounds} ≤ ${design.million.maxRounds} rounds of a ${fmt(design.million.budgetS, 0)} s budget; no user checks in meanwhile)`,
    );
  }
  const best = best100k(ours);
  if (p && best && Number.isFinite(best.fnCpuMsPerReminded)) {
    const cpu = (best.fnCpuMsPerReminded * best.sendsPerInstanceSecond * options.scale) / 1000;
    lines.push(`      (the projections assume an instance gets ${fmt(cpu)} CPU: ${fmt(best.fnCpuMsPerReminded, 1)} ms of function CPU per reminded user measured here, at that rate)`);
  }
  const lin = linear100k(ours);
  if (lin !== null) lines.push(`      (for comparison, the largest run scaled linearly at this machine's fan-out and CPU: ${fmt(lin, 0)} s)`);
  return { lines, pass };
}

const ratio = (a: number, b: number) => (b === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? '—' : `${fmt(a / b)}×`);

/** Ours against each baseline, size by size. */
export function ratioTable(figures: readonly Figures[]): string | null {
  const rows: string[][] = [['users', 'vs', 'reminded', 'DB req/reminded', 'wall time', 'reminded/s']];
  for (const ours of figures.filter((f) => f.system === 'ours')) {
    for (const base of figures.filter((f) => !isOurs(f.system) && f.users === ours.users)) {
      rows.push([
        ours.users.toLocaleString('en-US'),
        base.system,
        ratio(ours.reminded, base.reminded),
        ratio(ours.dbPerReminded, base.dbPerReminded),
        ratio(ours.wallS, base.wallS),
        ratio(ours.reminded / ours.wallS, base.reminded / base.wallS),
      ]);
    }
  }
  return rows.length > 1 ? table(rows) : null;
}
