// The fact sendOutcome's "lost answer" rests on: when wx-server-sdk gives up on a request (its
// timeout), it does not cancel it. The request still goes out and WeChat still delivers, whether
// the SDK called it a read timeout or a connect timeout, so neither may be retried with the same
// credit. (A bench run at 100,000 users on 2 cores delivered twice to 20 users before this.)
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { classifySend } from '../../src/domain/sendOutcome';
import { isRunning } from './support/processes';
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
const SUB = 'tmpl-sub';
const data = { thing1: { value: '每日答题' } };
/** The SDK's request timeout here (15 s by default). */
const TIMEOUT_MS = 1000;

beforeAll(async () => {
  h = await startWithSdk({}, undefined, { timeout: TIMEOUT_MS });
});
afterAll(() => h.backend.close());
beforeEach(() => {
  h.backend.wipe();
  h.backend.wechat.registerTemplate(SUB, { kind: 'subscribe', title: '到货提醒', content: '商品:{{thing1.DATA}}' });
  h.backend.wechat.grantSubscribe('o-1', SUB, 5);
});

/** A send the SDK gives up on; its errMsg. */
async function sendTimingOut(): Promise<string> {
  const error = await rejection(h.cloud.openapi.subscribeMessage.send({ touser: 'o-1', templateId: SUB, data }));
  expect(error.errCode).toBe(-501001);
  return error.errMsg ?? '';
}

async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(50);
}

test('a send the SDK timed out while waiting for the answer is still delivered: ambiguous', async () => {
  h.backend.instrument.setLatency('wx.openApi:subscribeMessage.send', 2 * TIMEOUT_MS);
  try {
    const errmsg = await sendTimingOut();
    expect(errmsg).toMatch(/request timeout/);
    expect(h.backend.wechat.outbox()).toHaveLength(0);
    await eventually(() => h.backend.wechat.outbox().length > 0);
    expect(h.backend.wechat.outbox()).toHaveLength(1);
    expect(classifySend('subscribe', -501001, errmsg)).toBe('ambiguous');
  } finally {
    h.backend.instrument.setLatency('wx.openApi:subscribeMessage.send', 0);
  }
});

describe('behind a server that does not accept connections for a while', () => {
  // A TCP proxy to the backend with an accept queue of one, stopped (SIGSTOP) and its queue filled:
  // the kernel drops the SDK's SYN, so its connection completes only after the proxy resumes.
  let proxy: ChildProcess;
  const fillers: Socket[] = [];
  let url = '';

  beforeAll(async () => {
    const script = `const net = require('net');
      const server = net.createServer((c) => { const u = net.connect(${new URL(h.backend.url).port}, '127.0.0.1');
        c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); });
      server.listen(0, '127.0.0.1', 1, () => process.stdout.write(String(server.address().port) + '\\n'));`;
    proxy = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve) => proxy.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const s of fillers) s.destroy();
    proxy.kill('SIGCONT');
    proxy.kill();
    await eventually(() => !isRunning(proxy.pid!), 5000);
  });

  test('a send the SDK called a connect timeout is still delivered once the connection completes: ambiguous', async () => {
    const direct = process.env.TCB_CONTEXT_CNFG!;
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url });
    proxy.kill('SIGSTOP');
    try {
      const port = Number(new URL(url).port);
      for (let i = 0; i < 4; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
      await sleep(200);
      // Resumed after the SDK's timeout and before the kernel's SYN retry at 3 s.
      const resume = setTimeout(() => proxy.kill('SIGCONT'), 2 * TIMEOUT_MS);
      const errmsg = await sendTimingOut();
      expect(errmsg).toMatch(/connect timeout/);
      expect(h.backend.wechat.outbox()).toHaveLength(0);
      await eventually(() => h.backend.wechat.outbox().length > 0);
      clearTimeout(resume);
      expect(h.backend.wechat.outbox()).toHaveLength(1);
      expect(classifySend('subscribe', -501001, errmsg)).toBe('ambiguous');
    } finally {
      proxy.kill('SIGCONT');
      process.env.TCB_CONTEXT_CNFG = direct;
    }
  }, 20_000);
});
