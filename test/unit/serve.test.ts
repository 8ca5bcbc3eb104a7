// serve hands every handler the invocation's time and randomness (docs/domain.md "Time and chance").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler, INTERNAL_MESSAGE, serve, timerOnly, type Runtime } from '../../src/handlers/serve';
import type { Platform } from '../../src/wechat/types';

const platform = (): Platform => ({
  db: {} as Platform['db'],
  messenger: {} as Platform['messenger'],
  context: () => ({ openid: 'o-1', appid: null, unionid: null, source: 'wx_client' }),
  callFunction: async () => null,
});

/** A runtime whose readings a test sets: the monotonic clock moves only when told. */
function fixedRuntime() {
  const state = { wall: new Date('2026-08-03T02:00:00.000Z'), mono: 1000, slept: [] as number[] };
  const runtime: Runtime = {
    now: () => new Date(state.wall),
    monotonicMs: () => state.mono,
    sleep: async (ms) => void state.slept.push(ms),
    random: () => 0.25,
    randomId: () => 'id-1',
  };
  return { state, runtime };
}

describe('serve', () => {
  it('hands the handler the instant of the call, the present, elapsed time since the call, sleep and randomness', async () => {
    const { state, runtime } = fixedRuntime();
    const seen: Record<string, unknown> = {};
    const main = serve('probe', handler([])(async (inv) => {
      state.mono += 250;
      state.wall = new Date('2026-08-03T02:00:05.000Z');
      await inv.sleep(40);
      Object.assign(seen, { now: inv.now.toISOString(), present: inv.clock().toISOString(), elapsed: inv.elapsedMs(), random: inv.random(), id: inv.randomId() });
      return { ok: true as const };
    }), platform, runtime);
    expect(await main({})).toEqual({ ok: true });
    expect(seen).toEqual({ now: '2026-08-03T02:00:00.000Z', present: '2026-08-03T02:00:05.000Z', elapsed: 250, random: 0.25, id: 'id-1' });
    expect(state.slept).toEqual([40]);
  });

  it.each([
    ['the time limit and request id the runtime gives', { time_limit_in_ms: 60_000, request_id: 'a1b2-c3' }, { timeLimitMs: 60_000, invocationId: 'a1b2-c3' }],
    ['no limit and a fresh id when the runtime gives no context', undefined, { timeLimitMs: null, invocationId: 'id-1' }],
    ['no limit and a fresh id for values of another shape', { time_limit_in_ms: '60000', request_id: 'x; drop' }, { timeLimitMs: null, invocationId: 'id-1' }],
  ])('hands the handler %s', async (_, context, limits) => {
    let seen: unknown;
    const main = serve('probe', handler([])(async (inv) => ((seen = inv.limits), { ok: true as const })), platform, fixedRuntime().runtime);
    await main({}, context);
    expect(seen).toEqual(limits);
  });
});

describe('serve and the configuration', () => {
  const errors = () => jest.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => {
    delete process.env.REMINDER_TIMEZONE;
    jest.restoreAllMocks();
  });

  it('answers a bad setting with a bare INTERNAL and writes the detail to the function log', async () => {
    const log = errors();
    process.env.REMINDER_TIMEZONE = 'Mars/Olympus';
    const main = serve('probe', handler(['timezone'])(async () => ({ ok: true as const })), platform, fixedRuntime().runtime);
    const answer = await main({});
    expect(answer).toEqual({ ok: false, code: 'INTERNAL', message: INTERNAL_MESSAGE });
    expect(JSON.stringify(answer)).not.toMatch(/REMINDER_TIMEZONE|Mars/);
    expect(log.mock.calls.flat().join(' ')).toMatch(/\[probe\] configuration error: REMINDER_TIMEZONE "Mars\/Olympus" \(console variable\): is not a time zone/);
  });

  it('reads only the settings the handler declares', async () => {
    process.env.REMINDER_TIMEZONE = 'Mars/Olympus';
    const main = serve('probe', handler(['window'])(async ({ config }) => ({ ok: true as const, window: config.window })), platform, fixedRuntime().runtime);
    expect(await main({})).toEqual({ ok: true, window: { start: 8, end: 21 } });
  });

  it('refuses a client of a timer function before reading any setting', async () => {
    errors();
    process.env.REMINDER_TIMEZONE = 'Mars/Olympus';
    const main = serve('probe', timerOnly(handler(['timezone'])(async () => ({ ok: true as const }))), platform, fixedRuntime().runtime);
    expect(await main({})).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
  });
});

describe('handlers', () => {
  const dir = join(__dirname, '..', '..', 'src', 'handlers');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'serve.ts'))('%s reads no clock and no randomness of its own', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).not.toMatch(/new Date\(\)|Date\.now\(|performance\.now\(|Math\.random\(|randomUUID|node:perf_hooks|node:timers/);
  });
});
