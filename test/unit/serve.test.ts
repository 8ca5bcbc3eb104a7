// serve hands every handler the invocation's time and randomness (docs/domain.md "Time and chance").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type Invocation, type Runtime } from '../../src/handlers/serve';
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
    const main = serve('probe', async (inv: Invocation) => {
      state.mono += 250;
      state.wall = new Date('2026-08-03T02:00:05.000Z');
      await inv.sleep(40);
      Object.assign(seen, { now: inv.now.toISOString(), present: inv.clock().toISOString(), elapsed: inv.elapsedMs(), random: inv.random(), id: inv.randomId() });
      return { ok: true as const };
    }, platform, runtime);
    expect(await main({})).toEqual({ ok: true });
    expect(seen).toEqual({ now: '2026-08-03T02:00:00.000Z', present: '2026-08-03T02:00:05.000Z', elapsed: 250, random: 0.25, id: 'id-1' });
    expect(state.slept).toEqual([40]);
  });
});

describe('handlers', () => {
  const dir = join(__dirname, '..', '..', 'src', 'handlers');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'serve.ts'))('%s reads no clock and no randomness of its own', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).not.toMatch(/new Date\(\)|Date\.now\(|performance\.now\(|Math\.random\(|randomUUID|node:perf_hooks|node:timers/);
  });
});
