// db.runTransaction and db.startTransaction through the real SDK, answering like the cloud's (MongoDB
// snapshot isolation; the expectations are Tencent's @cloudbase/node-sdk transaction tests'):
// all-or-nothing commits, aborts, snapshot reads, write-write conflicts that fail at once, and the
// 30 s lifetime.
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk();
  await h.db.createCollection('acct');
});
afterAll(() => h.backend.close());
beforeEach(() => {
  h.backend.db.remove('acct', {});
  h.backend.db.insert('acct', [
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 0 },
    { _id: 'gone', balance: 1 },
  ]);
});

const balances = () => Object.fromEntries(h.backend.db.find('acct', {}).map((d) => [d._id, d.balance]));

test('a transaction applies its reads and writes together on commit', async () => {
  const result = await h.db.runTransaction(async (t: any) => {
    const a = (await t.collection('acct').doc('a').get()).data;
    await t.collection('acct').doc('a').update({ data: { balance: a.balance - 30 } });
    await t.collection('acct').doc('b').update({ data: { balance: h.db.command.inc(30) } });
    await t.collection('acct').add({ data: { _id: 'log1', moved: 30 } });
    await t.collection('acct').doc('c').set({ data: { balance: 5 } });
    await t.collection('acct').doc('gone').remove();
    return 'moved';
  });
  expect(result).toBe('moved');
  expect(balances()).toEqual({ a: 70, b: 30, c: 5, log1: undefined });
  expect(h.backend.db.count('acct', { _id: 'gone' })).toBe(0);
  expect(h.backend.instrument.counts()['database.commitTransaction']).toBeGreaterThanOrEqual(1);
});

test('writes inside an open transaction are invisible to others until commit', async () => {
  let seenOutside: unknown;
  await h.db.runTransaction(async (t: any) => {
    await t.collection('acct').doc('a').update({ data: { balance: 1 } });
    seenOutside = (await h.db.collection('acct').doc('a').get()).data.balance;
    const inside = (await t.collection('acct').doc('a').get()).data.balance;
    expect(inside).toBe(1);
  });
  expect(seenOutside).toBe(100);
  expect(balances().a).toBe(1);
});

test('a callback that throws leaves nothing behind', async () => {
  const e = await rejection(
    h.db.runTransaction(async (t: any) => {
      await t.collection('acct').doc('a').update({ data: { balance: 0 } });
      throw new Error('changed my mind');
    }),
  );
  expect(e.message).toBe('changed my mind');
  expect(balances().a).toBe(100);
});

test('rollback aborts with the given reason', async () => {
  await expect(
    h.db.runTransaction(async (t: any) => {
      await t.collection('acct').doc('b').update({ data: { balance: 999 } });
      await t.rollback('not enough money');
    }),
  ).rejects.toBe('not enough money');
  expect(balances().b).toBe(0);
});

test('adding an existing _id inside a transaction fails like outside', async () => {
  const e = await rejection(h.db.runTransaction(async (t: any) => t.collection('acct').add({ data: { _id: 'a' } })));
  expect(e.errMsg ?? e.message).toMatch(/E11000/);
});

const CONFLICT = /\[ResourceUnavailable\.TransactionConflict\] Transaction is conflict/;
const NOT_EXIST = '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

describe('snapshot reads', () => {
  test('after its first read a transaction does not see writes made outside it', async () => {
    const t = await h.db.startTransaction();
    expect((await t.collection('acct').doc('a').get()).data.balance).toBe(100);
    await h.db.collection('acct').doc('a').update({ data: { balance: 1 } });
    await h.db.collection('acct').doc('b').set({ data: { balance: 7 } });
    await h.db.collection('acct').add({ data: { _id: 'late', balance: 3 } });
    await h.db.collection('acct').doc('gone').remove();
    expect((await t.collection('acct').doc('a').get()).data.balance).toBe(100);
    expect((await t.collection('acct').doc('b').get()).data.balance).toBe(0);
    expect((await t.collection('acct').doc('gone').get()).data.balance).toBe(1);
    const seen = (await t.collection('acct').where({ balance: h.db.command.gte(0) }).orderBy('_id', 'asc').get()).data;
    expect(seen.map((d: { _id: string; balance: number }) => [d._id, d.balance])).toEqual([
      ['a', 100],
      ['b', 0],
      ['gone', 1],
    ]);
    await t.commit();
  });

  test('the snapshot is taken at the first read or write, not at start', async () => {
    const t = await h.db.startTransaction();
    await h.db.collection('acct').add({ data: { _id: 'early', balance: 9 } });
    const seen = await t.collection('acct').where({ balance: 9 }).get();
    expect(seen.data.map((d: { _id: string }) => d._id)).toEqual(['early']);
    await t.rollback();
  });

  test('a transaction reads its own writes over its snapshot', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acct').doc('a').update({ data: { balance: 1 } });
    await t.collection('acct').add({ data: { _id: 'mine', balance: 1 } });
    const seen = await t.collection('acct').where({ balance: 1 }).orderBy('_id', 'asc').get();
    expect(seen.data.map((d: { _id: string }) => d._id)).toEqual(['a', 'gone', 'mine']);
    await t.rollback();
    expect(balances()).toEqual({ a: 100, b: 0, gone: 1 });
  });
});

describe('write-write conflicts', () => {
  test('writing a document another open transaction has written fails at once, and the other commits', async () => {
    const first = await h.db.startTransaction();
    const second = await h.db.startTransaction();
    await second.collection('acct').doc('a').get();
    await first.collection('acct').doc('a').update({ data: { balance: 1 } });
    const e = await rejection(second.collection('acct').doc('a').update({ data: { balance: 2 } }));
    expect(e.errMsg).toMatch(CONFLICT);
    await first.commit();
    expect(balances().a).toBe(1);
  });

  test('writing a document changed outside after the snapshot fails at once and ends the transaction', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acct').doc('a').get();
    await h.db.collection('acct').doc('a').set({ data: { balance: 5 } });
    const e = await rejection(t.collection('acct').doc('a').update({ data: { balance: 6 } }));
    expect(e.errMsg).toMatch(CONFLICT);
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: NOT_EXIST });
    expect(balances().a).toBe(5);
  });

  test('the conflict is DATABASE_TRANSACTION_CONFLICT, which makes runTransaction run a callback again when commit meets it', async () => {
    let runs = 0;
    await h.db.runTransaction(async (t: any) => {
      runs++;
      const { balance } = (await t.collection('acct').doc('b').get()).data;
      await t.collection('acct').doc('b').update({ data: { balance: balance + 1 } });
      // A plain write that reaches the document before the commit (MongoDB would make it wait).
      if (runs === 1) await h.db.collection('acct').doc('b').update({ data: { balance: h.db.command.inc(10) } });
    });
    expect(runs).toBe(2);
    expect(balances().b).toBe(11);
  });

  test('a plain write to a document the transaction only read does not fail its commit', async () => {
    await h.db.runTransaction(async (t: any) => {
      const { balance } = (await t.collection('acct').doc('a').get()).data;
      await h.db.collection('acct').doc('a').update({ data: { balance: h.db.command.inc(5) } });
      await t.collection('acct').doc('b').update({ data: { balance } });
    });
    expect(balances()).toMatchObject({ a: 105, b: 100 });
  });
});

describe('lifetime', () => {
  afterEach(() => jest.useRealTimers());

  test('a transaction open for more than 30 s is gone, with the cloud message', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acct').doc('a').update({ data: { balance: 0 } });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(Date.now() + 30_001);
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: NOT_EXIST });
    expect(balances().a).toBe(100);
  });

  test('a committed transaction can do nothing more, with the same message', async () => {
    const t = await h.db.startTransaction();
    await t.commit();
    const e = await rejection(t.collection('acct').doc('a').set({ data: { balance: 1 } }));
    expect(e.errMsg).toContain(NOT_EXIST);
  });
});

test('a number _id inside a transaction is refused by name (not emulated)', async () => {
  const t = await h.db.startTransaction();
  const e = await rejection(t.collection('acct').add({ data: { _id: 1733500000000, balance: 1 } }));
  expect(e.errMsg).toMatch(/number _id is not emulated/);
  await t.rollback();
});
