// The function host runs real bundles (fixtures using the real wx-server-sdk) in child processes.
// No backend is needed: the probe function only reads its context, clock and environment.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { virtualClock } from '../../emulator/clock';
import { createFunctionHost, FunctionNotFoundError, type FunctionHost } from '../../emulator/host';
import { isRunning } from './support/processes';

const fixtures = join(__dirname, 'fixtures');
const start = new Date('2019-06-01T02:00:00Z'); // 10:00 in Shanghai
const clock = virtualClock(start, { flowing: false });
const hostOptions = { functionsDir: fixtures, backendUrl: 'http://127.0.0.1:9/admin', env: 'test-env', clock };
let host: FunctionHost;
let scratch: string;
const seenPids = new Set<number>();

type Probe = {
  wx: Record<string, unknown>;
  pid: number;
  tz: string;
  timezoneOffset: number;
  now: number;
  iso: string;
  dateCalled: string;
  isDate: boolean;
  parsed: number;
  context: Record<string, unknown>;
  env: Record<string, string | null>;
};

async function probe(options: Parameters<FunctionHost['invoke']>[2] = {}) {
  const r = await host.invoke('probe', {}, options);
  expect(r.error).toBeUndefined();
  const result = r.result as Probe;
  seenPids.add(result.pid);
  return { ...r, result };
}

/** Waits until the host shows `count` busy instances, and returns their pids. */
async function busyPids(count: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) {
    const busy = host.instances().filter((x) => x.busy);
    if (busy.length >= count) return busy.map((x) => x.pid);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never saw ${count} busy instances`);
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'host-test-'));
  host = createFunctionHost({ ...hostOptions, timeoutMs: 5000, functionEnv: { probe: { REMINDER_DEFAULT_HOUR: '9' } } });
});

afterAll(async () => {
  await host.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('context of each invocation', () => {
  it('gives a mini-program call the user OPENID, an APPID, SOURCE wx_client, and a process TZ of UTC', async () => {
    const { result } = await probe({ openid: 'o-alice' });
    expect(result.wx).toEqual({ OPENID: 'o-alice', APPID: 'wx0000000000000000', ENV: 'test-env', SOURCE: 'wx_client' });
    expect(result.tz).toBe('UTC');
    expect(result.timezoneOffset).toBe(0);
    expect(result.context).toMatchObject({ function_name: 'probe', namespace: 'test-env', time_limit_in_ms: 5000 });
  });

  it('does not leak one caller into the next invocation of the same warm instance', async () => {
    const first = await probe({ openid: 'o-bob', appid: 'wx-other' });
    const second = await probe({ source: 'wx_trigger' });
    expect(second.instanceId).toBe(first.instanceId);
    expect(second.coldStart).toBe(false);
    expect(first.result.wx).toMatchObject({ OPENID: 'o-bob', APPID: 'wx-other' });
    expect(second.result.wx).toEqual({ ENV: 'test-env', SOURCE: 'wx_trigger' });
    expect(second.result.env.TRIGGER_SRC).toBe('timer');
    expect(first.result.env.TRIGGER_SRC).toBeNull();
  });

  it('passes the per-function environment variables', async () => {
    expect((await probe()).result.env.REMINDER_DEFAULT_HOUR).toBe('9');
  });

  it('gives a call that did not come through WeChat no SOURCE at all', async () => {
    const { result } = await probe({ source: null });
    expect(result.wx).toEqual({ ENV: 'test-env' });
    expect(result.env.TCB_SOURCE).toBeNull();
  });

  it('gives each invocation its own request_id', async () => {
    const [a, b] = [await probe(), await probe()];
    expect(a.result.context.request_id).toEqual(expect.any(String));
    expect(a.result.context.request_id).not.toBe(b.result.context.request_id);
  });

  it('rejects a function name that has no bundle', async () => {
    await expect(host.invoke('nope', {})).rejects.toThrow(FunctionNotFoundError);
    await expect(host.invoke('../probe', {})).rejects.toThrow(FunctionNotFoundError);
  });
});

describe('the emulator clock inside an instance', () => {
  it('makes new Date(), Date.now() and Date() read the virtual time while parsing stays real', async () => {
    const { result } = await probe();
    expect(clock.now()).toEqual(start);
    expect(result.now).toBeGreaterThanOrEqual(start.getTime());
    expect(result.now - clock.now().getTime()).toBeLessThan(2000); // virtual start + real elapsed
    expect(result.iso.slice(0, 10)).toBe('2019-06-01');
    expect(result.dateCalled).toContain('Jun 01 2019');
    expect(result.isDate).toBe(true);
    expect(result.parsed).toBe(Date.UTC(2020, 0, 2, 3, 4, 5));
  });

  it('follows the clock when it moves between two invocations of a warm instance', async () => {
    const before = await probe();
    clock.advance(3 * 86_400_000);
    const after = await probe();
    expect(after.instanceId).toBe(before.instanceId);
    expect(after.result.now).toBeGreaterThanOrEqual(start.getTime() + 3 * 86_400_000);
    expect(after.result.now - clock.now().getTime()).toBeLessThan(2000);
    expect(after.result.iso.slice(0, 10)).toBe('2019-06-04');
  });
});

describe('instances', () => {
  it('runs two invocations of the same function at once in two instances', async () => {
    // Each waits for the other to show up: both meet only if neither waits for the other to finish.
    const meet = (me: string, other: string) => host.invoke('probe', { action: 'rendezvous', dir: scratch, me, other, maxMs: 4000 });
    const [a, b] = await Promise.all([meet('a', 'b'), meet('b', 'a')]);
    expect(a.result).toMatchObject({ met: true });
    expect(b.result).toMatchObject({ met: true });
    expect(a.instanceId).not.toBe(b.instanceId);
    expect((a.result as { pid: number }).pid).not.toBe((b.result as { pid: number }).pid);
  });

  it('kills an instance that exceeds its timeout mid-run and serves the next call from a fresh one', async () => {
    const marker = join(scratch, 'finished');
    const running = host.invoke('probe', { action: 'sleep', ms: 800, marker }, { timeoutMs: 300 });
    const [pid] = await busyPids(1);
    const r = await running;
    expect(r).toMatchObject({ ok: false, timedOut: true, result: null, error: 'Task timed out after 0.300 seconds' });
    expect(r.durationMs).toBeGreaterThanOrEqual(299);
    expect(r.durationMs).toBeLessThan(800);
    await new Promise((resolve) => setTimeout(resolve, 700)); // past the moment the sleep would have ended
    expect(existsSync(marker)).toBe(false); // the rest of main never ran
    expect(isRunning(pid!)).toBe(false);
    expect(host.instances().map((i) => i.id)).not.toContain(r.instanceId);
    const next = await probe();
    expect(next.instanceId).not.toBe(r.instanceId);
  });

  it('reports an error thrown by main and keeps the instance', async () => {
    const failed = await host.invoke('probe', { action: 'throw' });
    expect(failed).toMatchObject({ ok: false, timedOut: false, result: null });
    expect(failed.error).toContain('probe failed on purpose');
    const next = await probe();
    expect(next.instanceId).toBe(failed.instanceId);
  });

  it.each([
    ['exits', 'exit', 'exited with code 3'],
    ['throws an uncaught exception', 'uncaught', 'uncaught on purpose'],
  ])('reports an instance that %s as a crash and replaces it', async (_, action, message) => {
    const crashed = await host.invoke('probe', { action });
    expect(crashed).toMatchObject({ ok: false, timedOut: false });
    expect(crashed.error).toContain(message);
    expect(host.instances().map((i) => i.id)).not.toContain(crashed.instanceId);
    expect((await probe()).instanceId).not.toBe(crashed.instanceId);
  });

  it('fails the invocation of an instance killed mid-run', async () => {
    const running = host.invoke('probe', { action: 'sleep', ms: 2000 });
    await busyPids(1);
    const victim = host.instances().find((i) => i.busy)!;
    host.killInstance(victim.id);
    const r = await running;
    expect(r).toMatchObject({ ok: false, timedOut: false, error: 'instance was killed', instanceId: victim.id });
    expect(r.durationMs).toBeLessThan(2000);
  });

  it('reports the peak memory of each invocation and of each instance', async () => {
    const small = await probe();
    const big = await host.invoke('probe', { action: 'alloc', mb: 64, holdMs: 50 });
    expect(big.ok).toBe(true);
    expect(small.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(big.peakRssBytes - small.peakRssBytes).toBeGreaterThanOrEqual(60 * 1024 * 1024);
    const instance = host.instances().find((i) => i.id === big.instanceId)!;
    expect(instance.peakRssBytes).toBeGreaterThanOrEqual(big.peakRssBytes);
  });

  it('captures what the function prints during the invocation', async () => {
    const r = await host.invoke('probe', { action: 'log' });
    expect(r.logs).toBe('hello from probe\n');
  });
});

describe("a function's own configuration (the console's 函数配置)", () => {
  it('gives each function its own timeout, in context.time_limit_in_ms and as the limit that kills', async () => {
    const configured = createFunctionHost({ ...hostOptions, functionTimeoutMs: { probe: 3000 } });
    try {
      const r = await configured.invoke('probe', {});
      expect((r.result as Probe).context.time_limit_in_ms).toBe(3000);
      const slow = await configured.invoke('probe', { action: 'sleep', ms: 3500 });
      expect(slow).toMatchObject({ ok: false, timedOut: true, error: 'Task timed out after 3 seconds' });
    } finally {
      await configured.close();
    }
  });

  it('applies a changed timeout and environment to later invocations, in fresh instances', async () => {
    const configured = createFunctionHost({ ...hostOptions, functionEnv: { probe: { A: '1' } } });
    try {
      const before = await configured.invoke('probe', {});
      configured.configure('probe', { timeoutMs: 20_000, env: { B: '2' } });
      expect(configured.configuration('probe')).toEqual({ timeoutMs: 20_000, env: { B: '2' } });
      const after = await configured.invoke('probe', {});
      expect(after.instanceId).not.toBe(before.instanceId);
      expect((after.result as Probe).context.time_limit_in_ms).toBe(20_000);
      expect((after.result as Probe).env).toMatchObject({ B: '2' });
      expect((after.result as Probe).env.A).toBeNull();
      expect(() => configured.configure('nope', { timeoutMs: 1000 })).toThrow(FunctionNotFoundError);
    } finally {
      await configured.close();
    }
  });

  it('lets an invocation running when the configuration changes finish, then ends its instance', async () => {
    const configured = createFunctionHost({ ...hostOptions });
    try {
      const running = configured.invoke('probe', { action: 'sleep', ms: 300 });
      for (let i = 0; i < 200 && !configured.instances().some((x) => x.busy); i++) await new Promise((r) => setTimeout(r, 10));
      configured.configure('probe', { env: { C: '3' } });
      const done = await running;
      expect(done.ok).toBe(true);
      expect(configured.instances().map((i) => i.id)).not.toContain(done.instanceId);
    } finally {
      await configured.close();
    }
  });
});

describe('a per-function concurrency limit', () => {
  it('queues invocations beyond the limit and serves them in order on the warm instance', async () => {
    const limited = createFunctionHost({ ...hostOptions, maxInstancesPerFunction: 1 });
    try {
      const runs = await Promise.all([1, 2, 3].map(() => limited.invoke('probe', { action: 'sleep', ms: 150 })));
      const ids = new Set(runs.map((r) => r.instanceId));
      expect(ids.size).toBe(1);
      const times = runs.map((r) => r.result as { startedAt: number; endedAt: number });
      expect(times[1]!.startedAt).toBeGreaterThanOrEqual(times[0]!.endedAt);
      expect(times[2]!.startedAt).toBeGreaterThanOrEqual(times[1]!.endedAt);
      expect(runs.map((r) => r.coldStart)).toEqual([true, false, false]);
    } finally {
      await limited.close();
    }
  });
});

describe('closing the host', () => {
  it('leaves no instance process running', async () => {
    const other = createFunctionHost(hostOptions);
    const running = other.invoke('probe', { action: 'sleep', ms: 5000 });
    await Promise.all([other.invoke('probe', {}), other.invoke('probe', {})]);
    const pids = other.instances().map((i) => i.pid);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await other.close();
    expect((await running).ok).toBe(false);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(other.instances()).toEqual([]);
    await expect(other.invoke('probe', {})).rejects.toThrow(/closed/);
  });
});
