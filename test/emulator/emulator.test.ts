// End to end: startEmulator boots the backend, the function host and the timers; a tiny function,
// bundled here like a deployable one, uses the real wx-server-sdk for the database, a subscribe
// message and a call to another function; the test asserts on the emulator's state and outbox.
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { virtualClock } from '../../emulator/clock';
import { calleeSource, startEmulator, type Emulator } from '../../emulator';
import type { InvocationRecord } from '../../emulator/host';
import { FUNCTION_BUNDLE } from '../../scripts/bundle';
import { isRunning, portIsOpen } from './support/processes';

const fixtures = join(__dirname, 'fixtures');
const start = new Date('2019-06-03T01:00:00Z'); // Monday 09:00 in Shanghai
const TEMPLATE = 'TPL_NOTE';
let functionsDir: string;
let emu: Emulator;
const invocations: InvocationRecord[] = [];

beforeAll(async () => {
  // Deployable layout, bundled the way `npm run build` does (SDK left external).
  functionsDir = mkdtempSync(join(tmpdir(), 'emu-functions-'));
  buildSync({
    entryPoints: {
      'noteAndNotify/index': join(fixtures, 'src/noteAndNotify.ts'),
      'probe/index': join(fixtures, 'probe/index.js'),
      'dailyTick/index': join(fixtures, 'dailyTick/index.js'),
    },
    outdir: functionsDir,
    ...FUNCTION_BUNDLE,
  });
  mkdirSync(join(functionsDir, 'dailyTick'), { recursive: true });
  copyFileSync(join(fixtures, 'dailyTick/config.json'), join(functionsDir, 'dailyTick/config.json'));
  emu = await startEmulator({ functionsDir, clock: virtualClock(start), timeoutMs: 15_000, onInvocation: (r) => invocations.push(r) });
  emu.backend.wechat.registerTemplate(TEMPLATE, { kind: 'subscribe', title: '到货提醒', content: '商品:{{thing1.DATA}}' });
  emu.backend.wechat.grantSubscribe('o-alice', TEMPLATE, 1);
});

afterAll(async () => {
  await emu?.close();
  rmSync(functionsDir, { recursive: true, force: true });
});

describe('the emulator, end to end', () => {
  it('runs a bundled function whose real SDK calls write the database, send a message and call another function', async () => {
    const r = await emu.invoke('noteAndNotify', { text: '今天的题目很有趣', templateId: TEMPLATE }, { openid: 'o-alice' });
    expect(r.error).toBeUndefined();
    const answer = r.result as { ok: boolean; id: string; sent: { errcode: number }; total: number; callee: { wx: Record<string, unknown> } };
    expect(answer).toMatchObject({ ok: true, sent: { errcode: 0 }, total: 1 });

    // Database: the document, with a real Date from the function's virtual clock.
    const notes = emu.backend.db.find('notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ _id: answer.id, openid: 'o-alice', text: '今天的题目很有趣' });
    const at = notes[0]!.at as Date;
    expect(at).toBeInstanceOf(Date);
    expect(at.getTime() - start.getTime()).toBeGreaterThanOrEqual(0);
    expect(at.getTime() - start.getTime()).toBeLessThan(15_000);

    // Outbox: the message WeChat accepted, and the grant it spent.
    expect(emu.backend.wechat.outbox()).toEqual([
      expect.objectContaining({ api: 'subscribeMessage.send', touser: 'o-alice', templateId: TEMPLATE, page: 'pages/index/index', data: { thing1: { value: '今天的题目很有趣' } } }),
    ]);
    expect(emu.backend.wechat.remainingGrants('o-alice', TEMPLATE)).toBe(0);

    // The callee ran in its own instance, as the same user, with the SOURCE chain extended.
    expect(answer.callee.wx).toEqual({ OPENID: 'o-alice', APPID: 'wx0000000000000000', ENV: 'local-env', SOURCE: 'wx_client,scf' });

    // Both invocations are reported, the callee's inside the caller's time, each with its own instance.
    expect(invocations.map((i) => [i.functionName, i.source])).toEqual([['probe', 'wx_client,scf'], ['noteAndNotify', 'wx_client']]);
    const [callee, caller] = invocations as [InvocationRecord, InvocationRecord];
    expect(callee.startedAtMs).toBeGreaterThanOrEqual(caller.startedAtMs);
    expect(callee.endedAtMs).toBeLessThanOrEqual(caller.endedAtMs);
    expect(caller.result).toEqual(r);
    expect(callee.result.instanceId).not.toBe(caller.result.instanceId);
  });

  it('answers 43101 once the user has no grant left, and sends nothing', async () => {
    const r = await emu.invoke('noteAndNotify', { text: '第二条', templateId: TEMPLATE }, { openid: 'o-alice' });
    expect(r.result).toMatchObject({ ok: true, sent: { errcode: 43101 }, total: 2 });
    expect(emu.backend.wechat.outbox()).toHaveLength(1);
  });

  it('fires timers on the virtual clock with SOURCE wx_trigger', async () => {
    const firings = await emu.runTimersFor(2 * 86_400_000);
    expect(firings.map((f) => f.scheduledAt.toISOString())).toEqual(['2019-06-03T02:00:00.000Z', '2019-06-04T02:00:00.000Z']);
    for (const f of firings) expect((f.result as { wx: unknown }).wx).toEqual({ ENV: 'local-env', SOURCE: 'wx_trigger' });
    const fired = await emu.fireTimer('dailyTick');
    expect((fired.result as { event: { Time: string } }).event.Time).toBe(fired.scheduledAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('closes without leaving a process or a port behind', async () => {
    const pids = emu.host.instances().map((i) => i.pid);
    expect(pids.length).toBeGreaterThanOrEqual(3); // noteAndNotify, probe, dailyTick
    const { port } = emu.backend;
    await emu.close();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(await portIsOpen(port)).toBe(false);
  });
});

describe('the SOURCE a called function sees', () => {
  it.each([
    ['wx_client', 'wx_client,scf'],
    ['wx_trigger', 'wx_trigger,scf'],
    ['wx_client,scf', 'wx_client,scf,scf'],
    ['', 'scf'],
  ])('is %j followed by scf', (caller, callee) => {
    expect(calleeSource(caller)).toBe(callee);
  });
});
