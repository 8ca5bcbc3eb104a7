// db.runTransaction through the real SDK: all-or-nothing commits, aborts, isolation from other
// requests until commit, and conflict detection that makes the SDK re-run the callback.
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

test('two transactions that read and write the same document do not lose an update', async () => {
  let runs = 0;
  let arrived = 0;
  let release!: () => void;
  const bothRead = new Promise<void>((r) => (release = r));
  const addOne = () =>
    h.db.runTransaction(async (t: any) => {
      runs++;
      const { balance } = (await t.collection('acct').doc('b').get()).data;
      if (++arrived === 2) release();
      await bothRead;
      await t.collection('acct').doc('b').update({ data: { balance: balance + 1 } });
    });
  await Promise.all([addOne(), addOne()]);
  expect(balances().b).toBe(2);
  expect(runs).toBe(3); // the loser of the race was re-run by the SDK after DATABASE_TRANSACTION_CONFLICT
});

test('a plain write between a transaction read and its commit makes the transaction retry', async () => {
  let runs = 0;
  await h.db.runTransaction(async (t: any) => {
    runs++;
    const { balance } = (await t.collection('acct').doc('a').get()).data;
    if (runs === 1) await h.db.collection('acct').doc('a').update({ data: { balance: h.db.command.inc(5) } });
    await t.collection('acct').doc('a').update({ data: { balance: balance * 2 } });
  });
  expect(runs).toBe(2);
  expect(balances().a).toBe(210);
});
