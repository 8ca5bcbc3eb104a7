// The backend's edges seen through the real SDK: unknown actions fail loudly, the environment id
// is checked, cloud.callFunction reaches the registered invoker with the caller's context, and
// database requests can be delayed and failed on purpose while others go on.
import { callerToken, type Caller } from '../../emulator/backend';
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk({}, { WX_OPENID: 'o-caller', WX_APPID: 'wx-app', WX_API_TOKEN: 'set-below' });
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_API_TOKEN';
  process.env.WX_API_TOKEN = callerToken({ source: 'wx_client', openid: 'o-caller', appid: 'wx-app' });
  await h.db.createCollection('items');
});
afterAll(() => h.backend.close());
afterEach(() => {
  h.backend.instrument.clearFaults();
  h.backend.instrument.setLatency('database.*', 0);
});

async function post(body: object): Promise<Record<string, unknown>> {
  const res = await fetch(h.backend.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

test('an action the backend does not emulate is answered with an error, never a silent success', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const answer = await post({ action: 'database.somethingNew', envName: h.backend.env });
  expect(answer).toMatchObject({ code: 'INVALID_ACTION' });
  expect(answer).not.toHaveProperty('data');
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('database.somethingNew'));
  warn.mockRestore();
});

test('a request for another environment is refused', async () => {
  expect(await post({ action: 'database.getDocument', envName: 'prod-env', collectionName: 'items' })).toMatchObject({ code: 'INVALIID_ENV' });
});

test('cloud.callFunction reaches the invoker with the data and the calling user', async () => {
  const calls: Array<[string, unknown, Caller]> = [];
  h.backend.setFunctionInvoker(async (name, data, caller) => {
    calls.push([name, data, caller]);
    return { echoed: data };
  });
  const res = await h.cloud.callFunction({ name: 'callee', data: { a: 1 } });
  expect(res.result).toEqual({ echoed: { a: 1 } });
  expect(calls).toEqual([['callee', { a: 1 }, { source: 'wx_client', openid: 'o-caller', appid: 'wx-app' }]]);
  expect(h.backend.instrument.counts()['functions.invokeFunction']).toBe(1);
});

test('a callee that fails makes cloud.callFunction reject with its message', async () => {
  h.backend.setFunctionInvoker(async () => {
    throw new Error('callee crashed');
  });
  const e = await rejection(h.cloud.callFunction({ name: 'callee', data: {} }));
  expect(e.errMsg).toMatch(/callee crashed/);
});

test('requests are counted per action', async () => {
  h.backend.instrument.resetCounts();
  await h.db.collection('items').add({ data: { a: 1 } });
  await h.db.collection('items').get();
  await h.db.collection('items').count();
  expect(h.backend.instrument.counts()).toEqual({
    'database.insertDocument': 1,
    'database.getDocument': 1,
    'database.calculateDocument': 1,
  });
});

test('the Nth database request of an action fails and has no effect', async () => {
  h.backend.instrument.injectFault({ action: 'database.insertDocument', nth: 2 });
  await h.db.collection('items').add({ data: { _id: 'f1' } });
  const e = await rejection(h.db.collection('items').add({ data: { _id: 'f2' } }));
  expect(e.errCode).toBe(-501001);
  await h.db.collection('items').add({ data: { _id: 'f3' } });
  expect(h.backend.db.find('items', { _id: { $in: ['f1', 'f2', 'f3'] } }).map((d) => d._id)).toEqual(['f1', 'f3']);
});

test('a database answer lost after the write still leaves the write done', async () => {
  h.backend.instrument.injectFault({ action: 'database.modifyDocument', kind: 'drop', when: 'after' });
  h.backend.db.insert('items', { _id: 'lost', n: 0 });
  expect((await rejection(h.db.collection('items').doc('lost').update({ data: { n: 1 } }))).errCode).toBe(-501001);
  expect(h.backend.db.find('items', { _id: 'lost' })[0]).toEqual({ _id: 'lost', n: 1 });
});

test('a database request whose answer was lost can take effect later, as one the client gave up on', async () => {
  h.backend.instrument.injectFault({ action: 'database.modifyDocument', kind: 'drop', when: 'later', laterMs: 300 });
  h.backend.db.insert('items', { _id: 'late', n: 0 });
  expect((await rejection(h.db.collection('items').doc('late').update({ data: { n: 1 } }))).errCode).toBe(-501001);
  expect(h.backend.db.find('items', { _id: 'late' })[0]).toEqual({ _id: 'late', n: 0 });
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(h.backend.db.find('items', { _id: 'late' })[0]).toEqual({ _id: 'late', n: 1 });
});

test('an injected HTTP 500 on a database action surfaces as -501001', async () => {
  h.backend.instrument.injectFault({ action: 'database.*', kind: 'http500' });
  expect((await rejection(h.db.collection('items').get())).errCode).toBe(-501001);
  expect((await h.db.collection('items').get()).data.length).toBeGreaterThan(0);
});

test('database latency delays each request without serialising concurrent ones', async () => {
  h.backend.instrument.setLatency('database.*', 200);
  const started = Date.now();
  await Promise.all(Array.from({ length: 10 }, () => h.db.collection('items').count()));
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(200);
  expect(elapsed).toBeLessThan(1000);
});
