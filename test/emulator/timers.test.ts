// Timer triggers from config.json crons (7 fields, UTC+8). The scheduling tests record calls with a
// plain function; the last block runs the fixture functions in real instances.
import { join } from 'node:path';
import { realClock, virtualClock, type Clock } from '../../emulator/clock';
import { createFunctionHost, findFunction, listFunctions } from '../../emulator/host';
import { createTimers, timerEventTime, type TimerEvent, type TimerRunResult } from '../../emulator/timers';
import { parseCron } from '../../emulator/timers/cron';
import { shanghaiWallClock } from './support/wallClock';

const fixtures = join(__dirname, 'fixtures');
const mondayMidnightShanghai = new Date('2019-06-02T16:00:00Z'); // Mon 2019-06-03 00:00 UTC+8
const DAY = 86_400_000;

function recorder(clock: Clock, during?: (name: string, event: TimerEvent) => Promise<void> | void) {
  const calls: Array<{ name: string; event: TimerEvent; clockAt: Date }> = [];
  const invoke = async (name: string, event: TimerEvent): Promise<TimerRunResult> => {
    calls.push({ name, event, clockAt: clock.now() });
    await during?.(name, event);
    return { ok: true, result: { ran: name }, timedOut: false, durationMs: 1, instanceId: `${name}-1` };
  };
  return { calls, invoke };
}

function fn(name: string, cron: string) {
  const parsed = parseCron(cron);
  if (!parsed.ok) throw new Error(parsed.error);
  return { name, entry: `/nowhere/${name}/index.js`, trigger: { name: `${name}Trigger`, cron, schedule: parsed.schedule } };
}

describe('the timer event', () => {
  it('formats Time as UTC ISO 8601 without milliseconds, like Tencent SCF', () => {
    expect(timerEventTime(new Date('2019-02-21T11:49:00.789Z'))).toBe('2019-02-21T11:49:00Z');
  });

  it('reads the trigger of each function from its config.json, and none for a function without one', () => {
    const found = listFunctions(fixtures).map((f) => [f.name, f.trigger?.name ?? null, f.trigger?.cron ?? null]);
    expect(found).toEqual([
      ['dailyTick', 'daily10', '0 0 10 * * * *'],
      ['probe', null, null],
      ['weekdayTick', 'weekdayMornings', '0 30 9-11 * * MON-FRI *'],
    ]);
  });
});

describe('timers on a virtual clock', () => {
  it('fires every trigger at its UTC+8 times over two simulated weeks, in order, with the clock at each fire time', async () => {
    const clock = virtualClock(mondayMidnightShanghai, { flowing: false });
    const { calls, invoke } = recorder(clock);
    const timers = createTimers({ clock, functions: listFunctions(fixtures), invoke });
    const until = new Date(mondayMidnightShanghai.getTime() + 14 * DAY);
    const firings = await timers.runUntil(until);

    const daily = calls.filter((c) => c.name === 'dailyTick');
    const weekday = calls.filter((c) => c.name === 'weekdayTick');
    expect(daily).toHaveLength(14);
    expect(weekday).toHaveLength(10 * 3); // 10 weekdays in those 14 days, at 09:30, 10:30, 11:30
    for (const c of daily) expect(c.event.Time).toMatch(/T02:00:00Z$/); // 10:00 in Shanghai
    for (const c of weekday) {
      const p = shanghaiWallClock(c.clockAt);
      expect([p.minute, p.second]).toEqual([30, 0]);
      expect([9, 10, 11]).toContain(p.hour);
      expect([1, 2, 3, 4, 5]).toContain(p.weekday);
    }
    for (const c of calls) {
      expect(c.event).toEqual({ Type: 'Timer', TriggerName: c.name === 'dailyTick' ? 'daily10' : 'weekdayMornings', Time: timerEventTime(c.clockAt) });
    }
    const times = calls.map((c) => c.clockAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(firings).toHaveLength(calls.length);
    expect(timers.firings()).toHaveLength(calls.length);
    expect(firings[0]).toMatchObject({ functionName: 'weekdayTick', triggerName: 'weekdayMornings', ok: true, result: { ran: 'weekdayTick' } });
    expect(clock.now()).toEqual(until);
  });

  it('fires nothing at the starting instant, and a later call continues where the clock stands', async () => {
    const tenOClock = new Date('2019-06-03T02:00:00Z');
    const clock = virtualClock(tenOClock, { flowing: false });
    const { calls, invoke } = recorder(clock);
    const timers = createTimers({ clock, functions: [findFunction(fixtures, 'dailyTick')], invoke });
    expect(await timers.runFor(DAY - 1000)).toEqual([]);
    expect(await timers.runFor(1000)).toHaveLength(1);
    expect(calls.map((c) => c.event.Time)).toEqual(['2019-06-04T02:00:00Z']);
  });

  it('runs triggers due at the same instant side by side', async () => {
    const clock = virtualClock(mondayMidnightShanghai, { flowing: false });
    let running = 0;
    let most = 0;
    const { invoke } = recorder(clock, async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
    });
    const timers = createTimers({ clock, functions: [fn('a', '0 0 10 * * * *'), fn('b', '0 0 10 * * * *')], invoke });
    expect(await timers.runFor(DAY)).toHaveLength(2);
    expect(most).toBe(2);
  });

  it('starts a firing late, but never skips it, when the run before it overran', async () => {
    const clock = virtualClock(mondayMidnightShanghai, { flowing: false });
    // The 09:30 run takes two hours of clock time; 10:30 and 11:30 still each get their run.
    const { invoke } = recorder(clock, (_, event) => {
      if (event.Time.endsWith('01:30:00Z')) clock.advance(2 * 3600_000);
    });
    const timers = createTimers({ clock, functions: [findFunction(fixtures, 'weekdayTick')], invoke });
    const firings = await timers.runFor(DAY);
    expect(firings.map((f) => timerEventTime(f.scheduledAt))).toEqual(['2019-06-03T01:30:00Z', '2019-06-03T02:30:00Z', '2019-06-03T03:30:00Z']);
    expect(firings.map((f) => f.startedAt.getTime() - f.scheduledAt.getTime())).toEqual([0, 3600_000, 0]);
  });

  it('fires a trigger on demand at the present second, and refuses a function without a trigger', async () => {
    const clock = virtualClock(new Date('2019-06-03T05:06:07.500Z'), { flowing: false });
    const { calls, invoke } = recorder(clock);
    const timers = createTimers({ clock, functions: listFunctions(fixtures), invoke });
    const firing = await timers.fire('weekdayTick');
    expect(firing).toMatchObject({ functionName: 'weekdayTick', ok: true });
    expect(calls[0]!.event.Time).toBe('2019-06-03T05:06:07Z');
    await expect(timers.fire('probe')).rejects.toThrow(/no timer trigger/);
  });

  it('refuses to step a real clock or to move the clock backwards', async () => {
    const real = createTimers({ clock: realClock(), functions: [], invoke: recorder(realClock()).invoke });
    await expect(real.runFor(1000)).rejects.toThrow(/virtual clock/);
    const clock = virtualClock(mondayMidnightShanghai, { flowing: false });
    const timers = createTimers({ clock, functions: [], invoke: recorder(clock).invoke });
    await expect(timers.runUntil(new Date(mondayMidnightShanghai.getTime() - 1))).rejects.toThrow(/before the clock/);
  });
});

describe('timers on a clock that moves by itself', () => {
  it('fires on the wall clock with setTimeout and stops firing once closed', async () => {
    const clock = realClock();
    const { calls, invoke } = recorder(clock);
    const timers = createTimers({ clock, functions: [fn('often', '*/2 * * * * * *')], invoke });
    timers.start();
    for (let i = 0; i < 40 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await timers.close();
    expect(calls).toHaveLength(1);
    const scheduled = new Date(calls[0]!.event.Time).getTime();
    expect(new Date(scheduled).getUTCSeconds() % 2).toBe(0);
    expect(calls[0]!.clockAt.getTime() - scheduled).toBeGreaterThanOrEqual(0);
    expect(calls[0]!.clockAt.getTime() - scheduled).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 2100));
    expect(calls).toHaveLength(1);
  });

  it('notices a virtual clock moved by hand', async () => {
    const clock = virtualClock(mondayMidnightShanghai, { flowing: false });
    const { calls, invoke } = recorder(clock);
    const timers = createTimers({ clock, functions: [findFunction(fixtures, 'dailyTick')], invoke });
    timers.start();
    clock.advance(DAY);
    for (let i = 0; i < 30 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await timers.close();
    expect(calls.map((c) => c.event.Time)).toEqual(['2019-06-03T02:00:00Z']);
  });
});

describe('timers running real function instances', () => {
  it('gives each run the timer event, SOURCE wx_trigger, no OPENID, and the fire time as the function sees it', async () => {
    const clock = virtualClock(mondayMidnightShanghai); // flowing: time passes during each run
    const host = createFunctionHost({ functionsDir: fixtures, backendUrl: 'http://127.0.0.1:9/admin', env: 'test-env', clock });
    const timers = createTimers({ clock, functions: listFunctions(fixtures), invoke: (name, event) => host.invoke(name, event, { source: 'wx_trigger' }) });
    try {
      const firings = await timers.runFor(7 * DAY); // a simulated week, in about a second
      expect(firings).toHaveLength(7 + 5 * 3);
      for (const f of firings) {
        expect(f.ok).toBe(true);
        const seen = f.result as { wx: Record<string, unknown>; event: TimerEvent; now: number; tz: string };
        expect(seen.wx).toEqual({ ENV: 'test-env', SOURCE: 'wx_trigger' });
        expect(seen.event).toEqual({ Type: 'Timer', TriggerName: f.triggerName, Time: timerEventTime(f.scheduledAt) });
        expect(seen.now - f.scheduledAt.getTime()).toBeGreaterThanOrEqual(0);
        expect(seen.now - f.scheduledAt.getTime()).toBeLessThan(5000);
        expect(seen.tz).toBe('UTC');
      }
    } finally {
      await timers.close();
      await host.close();
    }
    expect(host.instances()).toEqual([]);
  });
});
