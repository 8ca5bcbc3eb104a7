// The arithmetic behind the printed figures: fan-out from invocation times, and the 100k projection.
import type { InvocationRecord } from 'wx-cloud-emulator/host';
import { maxOverlap, Observer } from '../../bench/observe';
import { figuresOf, measured100k, project100k, projectMillion, verdicts, type Figures } from '../../bench/report';
import type { ScenarioResult } from '../../bench/scenario';
import { SYSTEMS } from '../../bench/systems';

describe('fan-out from invocation times', () => {
  it.each([
    ['no invocation', [], 0],
    ['one', [[0, 10]], 1],
    ['a worker inside its coordinator', [[0, 100], [5, 50], [6, 60]], 3],
    ['one ending as the next starts is not overlap', [[0, 10], [10, 20]], 1],
    ['two pairs apart', [[0, 10], [5, 15], [20, 30], [25, 35]], 2],
  ] as Array<[string, Array<[number, number]>, number]>)('%s: %i at once', (_name, spans, expected) => {
    expect(maxOverlap(spans.map(([startedAtMs, endedAtMs]) => ({ startedAtMs, endedAtMs })))).toBe(expected);
  });
});

const run = (over: Partial<Figures>): Figures => ({
  system: 'ours', users: 10_000, reachable: 10_000, reminded: 10_000, duplicates: 0, marked: 10_000, dbRequests: 0, dbPerReminded: 1, dbPerDue: 1, writesPerReminded: 1, writesPerCheckIn: 3, sendAttempts: 0,
  sendsPerInstanceSecond: 50, dispatchS: 2, peakMb: 100, wallS: 100, fullLatencyWallS: 100, fanOut: 8, invocations: 9, calledByFunctions: 8,
  timedOut: 0, firings: 1, backendElu: 0, machineCpu: 0, emuCpuMsPerRequest: 0, fnCpuMsPerReminded: 0, emuCpuShare: 0, ...over,
});

describe('the 100,000-user time', () => {
  it('is projected from the best per-instance rate times the design\'s fan-out, plus the dispatch time', () => {
    const p = project100k([run({ users: 1000, sendsPerInstanceSecond: 80 }), run({ users: 50_000, sendsPerInstanceSecond: 20, dispatchS: 5 })], { scale: 1, fanOut: null }, 64);
    expect(p?.measured).toBe(false);
    expect(p?.seconds).toBeCloseTo(5 + 100_000 / (80 * 64), 6);
  });

  it('brings a shrunk run back to full latency: the rate times the scale, the dispatch divided by it', () => {
    const p = project100k([run({ sendsPerInstanceSecond: 400, dispatchS: 0.5 })], { scale: 0.1, fanOut: 10 }, 64);
    expect(p?.seconds).toBeCloseTo(5 + 100_000 / (40 * 10), 6);
  });

  it('adds no hours for extra firings a starved run needed here (they are checked separately)', () => {
    const p = project100k([run({ firings: 3 })], { scale: 1, fanOut: null }, 64);
    expect(p?.seconds).toBeCloseTo(2 + 100_000 / (50 * 64), 6);
  });

  it('is measured when 100,000 users ran at full latency, with an hour for every extra firing', () => {
    expect(measured100k([run({ users: 100_000, reminded: 100_000, wallS: 321 })], 1)).toMatchObject({ seconds: 321, measured: true });
    expect(measured100k([run({ users: 100_000, reminded: 99_000, wallS: 321, firings: 2 })], 1)).toMatchObject({ seconds: 321 + 3600 });
    expect(measured100k([run({ users: 100_000, wallS: 321 })], 0.5)).toBeNull(); // a shrunk run is not a measurement
    expect(measured100k([run({ users: 50_000 })], 1)).toBeNull();
  });

  it('is not made from runs that reminded nobody', () => {
    expect(project100k([run({ reminded: 0, sendsPerInstanceSecond: 0 })], { scale: 1, fanOut: null }, 64)).toBeNull();
  });
});

describe('the 1,000,000-user time', () => {
  const design = { fanOut: 64, budgetS: 40, maxRounds: 31 };

  it('is rounds of dispatch plus the users over the instances\' rate, each round sending for the budget less its dispatch', () => {
    const p = projectMillion([run({ sendsPerInstanceSecond: 80, dispatchS: 4 })], { scale: 1 }, design);
    // A round reminds 64 × 80 × 36 = 184,320 users: 6 rounds.
    expect(p).toMatchObject({ rounds: 6, instances: 64, rate: 80 });
    expect(p?.seconds).toBeCloseTo(6 * 4 + 1_000_000 / (80 * 64), 6);
  });

  it('runs at most the environment\'s 1000 instances at once', () => {
    const p = projectMillion([run({ sendsPerInstanceSecond: 10, dispatchS: 0 })], { scale: 1 }, { ...design, fanOut: 5000 });
    expect(p).toMatchObject({ instances: 1000, rounds: 3 });
    expect(p?.basis).toMatch(/1000-instance limit/);
  });

  it('fails when the chain would need more rounds than the continuations allow', () => {
    const v = verdicts([run({ sendsPerInstanceSecond: 80, dispatchS: 1 })], { scale: 1, fanOut: null }, { fanOut100k: 64, million: { ...design, maxRounds: 2 } });
    expect(v.lines.join('\n')).toMatch(/FAIL {2}1,000,000 users/);
  });
});

describe('verdicts', () => {
  const judge = (runs: Figures[]) => verdicts(runs, { scale: 1, fanOut: null }, { fanOut100k: 64, million: { fanOut: 64, budgetS: 40, maxRounds: 31 } });

  it('judge correctness at every size, the time by the projections, and a measured 100,000 run against its own 5 minutes', () => {
    const v = judge([run({ users: 1000, reachable: 1000, reminded: 1000 }), run({ users: 100_000, reachable: 100_000, reminded: 100_000, wallS: 1000, firings: 3, timedOut: 4 })]);
    expect(v.lines.filter((l) => l.startsWith('FAIL'))).toEqual([expect.stringMatching(/^FAIL {2}100,000 users in 8,200 s \(≤ 300 s on this 2-core machine\) — measured on this machine/)]);
    expect(v.lines.join('\n')).toMatch(/PASS {2}100,000 users in \d+ s .*projected for the cloud/);
    expect(judge([run({ users: 100_000, reachable: 100_000, reminded: 100_000, wallS: 290 })]).lines.join('\n')).toMatch(/PASS {2}100,000 users in 290 s/);
    expect(v.lines.join('\n')).toMatch(/100,000: 3 timer firings, 4 invocations killed/);
    expect(v.lines.join('\n')).toMatch(/PASS {2}1,000,000 users in \d+ s .*projected for the cloud/);
  });

  it('judge the retired day by requests per due user and by the users a message can reach, not by all seeded', () => {
    const retired = run({ system: 'ours-retired', users: 1000, reachable: 500, reminded: 500, dbPerReminded: 1.9, dbPerDue: 0.95, fnCpuMsPerReminded: 9 });
    const v = judge([run({}), retired]);
    expect(v.lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(v.lines.join('\n')).toMatch(/PASS {2}1,000 ours-retired: 0.95 database requests per due user/);
    expect(judge([run({}), { ...retired, dbPerDue: 1.21 }]).pass).toBe(false);
    expect(judge([run({}), { ...retired, reminded: 499 }]).pass).toBe(false);
  });

  it.each([
    ['a duplicate', { duplicates: 1 }],
    ['a due user never reminded', { reminded: 9_999 }],
    ['too many requests', { dbPerReminded: 2.6 }],
    ['too much memory', { peakMb: 101 }],
    ['too much function CPU per reminded user', { fnCpuMsPerReminded: 2.1 }],
    ['a projection over ten minutes', { sendsPerInstanceSecond: 2 }],
  ])('fail on %s', (_name, over) => {
    expect(judge([run(over)]).pass).toBe(false);
  });
});

describe('instance time spent reminding', () => {
  const invocation = (event: unknown, source: string, startedAtMs: number, endedAtMs: number, answer: unknown = null, ok = true): InvocationRecord => ({
    functionName: 'sendReminders',
    event,
    source,
    startedAtMs,
    endedAtMs,
    result: { result: answer, ok, timedOut: !ok, durationMs: endedAtMs - startedAtMs, instanceId: `i${startedAtMs}`, peakRssBytes: 0, coldStart: false, logs: '' },
  });
  const timer = { Type: 'Timer' };
  const order = { worker: { runId: 'run_x' } };
  const activityOf = (records: InvocationRecord[]) => {
    const observer = new Observer('sendReminders', () => undefined, SYSTEMS.ours.isCoordinator);
    observer.begin();
    records.forEach(observer.onInvocation);
    observer.lastActivityMs = Math.max(...records.map((r) => r.endedAtMs));
    return observer.activity();
  };

  it('leaves out a run that fanned out to workers, and counts from the first worker\'s start', () => {
    const a = activityOf([
      invocation(order, 'wx_trigger,scf', 1500, 8000),
      invocation(order, 'wx_trigger,scf', 1600, 8500),
      invocation(timer, 'wx_trigger', 1000, 9000, { ok: true, workers: 2 }),
    ]);
    expect(a).toMatchObject({ coordinators: 1, calledByFunctions: 2, fanOut: 3, busyMs: 8000 + 6500 + 6900, senderBusyMs: 6500 + 6900, dispatchMs: 500 });
  });

  it('leaves out a run killed while its workers ran, though it never answered', () => {
    const a = activityOf([invocation(order, 'wx_trigger,scf', 1500, 8000), invocation(timer, 'wx_trigger', 1000, 7000, null, false)]);
    expect(a).toMatchObject({ coordinators: 1, senderBusyMs: 6500, timedOut: 1 });
  });

  it('keeps a run that did the work itself and then started one continuation', () => {
    const a = activityOf([
      invocation(timer, 'wx_trigger', 1000, 5000, { ok: true, workers: 1 }),
      invocation({ continueRun: { round: 1 } }, 'wx_trigger,scf', 4900, 9000, { ok: true, workers: 1 }),
    ]);
    expect(a).toMatchObject({ coordinators: 0, senderBusyMs: 4000 + 4100, dispatchMs: 0 });
  });
});

describe('timer firings a run needed', () => {
  const result = (deliveredAfter: number[]) =>
    ({
      system: 'ours', users: 100, delivered: deliveredAfter.at(-1) ?? 0, duplicates: 0, marked: 0, dbRequests: 0, sendAttempts: 0, wallMs: 1000, counts: {},
      firings: deliveredAfter.map((n) => ({ at: '', ok: true, answer: null, deliveredAfter: n })),
      activity: { busyMs: 0, senderBusyMs: 0, dispatchMs: 0, peakRssBytes: 0, fanOut: 1, invocations: 1, calledByFunctions: 0, coordinators: 0, timedOut: 0, failed: 0, backendElu: 0, machineCpu: 0, backendCpuMs: 0, functionCpuMs: 0 },
    }) as unknown as ScenarioResult;

  it.each([
    [[100], 1],
    [[60, 100], 2],
    [[60, 60], 1], // the second reminded nobody new: the harness only tried
    [[10, 50, 50], 2],
  ])('delivered after each firing %j: %i needed', (after, needed) => {
    expect(figuresOf(result(after), 1).firings).toBe(needed);
  });
});
