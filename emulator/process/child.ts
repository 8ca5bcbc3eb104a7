// The emulator in a process of its own, for tests that cannot host it: a test that fakes `Date`
// (a mini-program test under jsdom) would hand its frozen time to an emulator in the same realm,
// for its clock, the offsets it gives function instances and its server dates. Here it runs on
// plain Node (`node --import tsx`, forked by client.ts) and answers the requests of protocol.ts
// over the IPC channel.
import { startEmulator, type Emulator } from '../index';
import { virtualClock, type Clock } from '../clock';
import { FunctionNotFoundError } from '../host';
import { READY, type EmulatorMethods, type Reply, type Request } from './protocol';

/**
 * A non-flowing virtual clock that can also be put back: only `reset` goes back, and only between
 * tests, together with a wipe of the data.
 */
function resettableClock(start: Date): Clock & { reset(to: Date): void } {
  let inner = virtualClock(start, { flowing: false });
  return {
    virtual: true,
    now: () => inner.now(),
    advance: (ms) => inner.advance(ms),
    set: (to) => inner.set(to),
    reset(to) {
      inner = virtualClock(to, { flowing: false });
    },
  };
}

/** A crash: less time than any run that makes a request before it answers. */
const CRASH_TIMEOUT_MS = 1;

let emulator: Emulator | undefined;
const clock = resettableClock(new Date(0));
const crashing = new Set<string>();

const running = (): Emulator => {
  if (!emulator) throw new Error('the emulator is not started');
  return emulator;
};

const methods: EmulatorMethods = {
  async start(options) {
    clock.reset(options.start);
    emulator = await startEmulator({ ...options.emulator, clock, dataDir: null });
    // Cold starts side by side now rather than one by one inside the tests.
    await Promise.all((options.warmUp ?? []).map(({ name, event, openid }) => running().invoke(name, event, { openid })));
  },

  reset(start) {
    const { backend } = running();
    backend.wipe(); // the account and the declared indexes stay
    backend.instrument.clearFaults();
    backend.instrument.resetCounts();
    crashing.clear();
    clock.reset(start);
  },

  async call(name, event, openid) {
    let run;
    try {
      run = await running().invoke(name, event, { openid, source: 'wx_client', ...(crashing.has(name) ? { timeoutMs: CRASH_TIMEOUT_MS } : {}) });
    } catch (error) {
      if (error instanceof FunctionNotFoundError) return { found: false };
      throw error;
    }
    return run.ok ? { found: true, ok: true, result: run.result } : { found: true, ok: false, error: run.error ?? 'no error text' };
  },

  crash(name, on) {
    if (on) crashing.add(name);
    else crashing.delete(name);
  },

  find(collection, query) {
    const { db } = running().backend;
    return db.collections().includes(collection) ? db.find(collection, query) : [];
  },

  insert(collection, docs) {
    running().backend.db.insert(collection, docs);
  },

  now: () => clock.now(),
  setNow(at) {
    clock.set(at);
  },

  issueFormId(openid, value) {
    running().backend.wechat.issueFormId(openid, value);
  },
  grantSubscribe(openid, template) {
    running().backend.wechat.grantSubscribe(openid, template);
  },
  remainingGrants: (openid, template) => running().backend.wechat.remainingGrants(openid, template),

  async fireTimer(name) {
    const firing = await running().fireTimer(name);
    return { ok: firing.ok, result: firing.result, ...(firing.error === undefined ? {} : { error: firing.error }) };
  },

  failDatabase(on) {
    const { instrument } = running().backend;
    instrument.clearFaults();
    if (typeof on === 'number') instrument.injectFault({ action: 'database.*', nth: 1, times: on });
    else if (on) instrument.injectFault({ action: 'database.*', rate: 1 });
  },

  processes() {
    const { host, backend } = running();
    return { pid: process.pid, instancePids: host.instances().map((i) => i.pid), port: backend.port };
  },

  async close() {
    await emulator?.close();
    emulator = undefined;
  },
};

process.on('message', async (request: Request) => {
  let reply: Reply;
  try {
    const method = methods[request.method] as (...args: unknown[]) => unknown;
    reply = { id: request.id, value: await method(...request.args) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send!(reply);
  if (request.method === 'close') process.disconnect();
});
// Closed, or the test process went away without closing: leave no instance behind.
process.on('disconnect', () => void methods.close().finally(() => process.exit(0)));
process.send!(READY);
