// Writes answer as the cloud database does, where Tencent's own @cloudbase/node-sdk database tests
// and the cloud's docs say what it answers: a write without a query is refused, and `updated`
// counts the matched document for `set` and `updateAndReturn`, the changed ones for `update`.
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk();
  await h.db.createCollection('items');
});
afterAll(() => h.backend.close());
beforeEach(() => {
  h.backend.db.remove('items', {});
  h.backend.db.insert('items', [
    { _id: 'i1', a: 1 },
    { _id: 'i2', a: 2 },
  ]);
});

const stored = () => h.backend.db.find('items', {}, { sort: { _id: 1 } });

describe('a write without a query', () => {
  test('an update with no where is refused with INVALID_PARAM and changes nothing', async () => {
    const e = await rejection(h.db.collection('items').update({ data: { a: 9 } }));
    expect(e.errMsg).toMatch(/query is required/);
    expect(stored()).toEqual([
      { _id: 'i1', a: 1 },
      { _id: 'i2', a: 2 },
    ]);
  });

  test('a remove with no where is refused and removes nothing', async () => {
    const e = await rejection(h.db.collection('items').remove());
    expect(e.errMsg).toMatch(/query is required/);
    expect(h.backend.db.count('items')).toBe(2);
  });

  test('the refusal is the INVALID_PARAM code on the wire', async () => {
    const res = await fetch(h.backend.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.modifyDocument', collectionName: 'items', data: '{"$set":{"a":9}}', multi: true, merge: true }),
    });
    expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' });
    expect(h.backend.db.count('items', { a: 9 })).toBe(0);
  });

  test('a where that matches everything still updates and removes', async () => {
    const _ = h.db.command;
    expect((await h.db.collection('items').where({ a: _.exists(true) }).update({ data: { b: true } })).stats.updated).toBe(2);
    expect((await h.db.collection('items').where({ _id: /.*/ }).remove()).stats.removed).toBe(2);
  });
});

describe('updated counts', () => {
  test('set of the same data right after add answers updated 1', async () => {
    const { _id } = await h.db.collection('items').add({ data: { name: 'same', n: 3 } });
    const res = await h.db.collection('items').doc(_id).set({ data: { name: 'same', n: 3 } });
    expect(res.stats).toEqual({ updated: 1, created: 0 });
  });

  test('set of a document that does not exist creates it and answers updated 0', async () => {
    const res = await h.db.collection('items').doc('new').set({ data: { a: 5 } });
    expect(res.stats).toEqual({ updated: 0, created: 1 });
  });

  test('updateAndReturn that writes the stored value answers updated 1 with the document', async () => {
    const node = h.db.collection('items') as any;
    // wx-server-sdk 4.0.2 has no updateAndReturn; send what @cloudbase/node-sdk sends for it.
    expect(node.updateAndReturn).toBeUndefined();
    const answer = await fetch(h.backend.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.modifyAndReturnDoc', collectionName: 'items', query: '{"a":1}', data: '{"$set":{"a":1}}' }),
    }).then((r) => r.json() as Promise<{ data: { updated: number; doc: string } }>);
    expect(answer.data.updated).toBe(1);
    expect(JSON.parse(answer.data.doc)).toEqual({ _id: 'i1', a: 1 });
  });

  test('updateAndReturn that matches nothing answers updated 0 and no document', async () => {
    const answer = await fetch(h.backend.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.modifyAndReturnDoc', collectionName: 'items', query: '{"a":-1}', data: '{"$set":{"a":1}}' }),
    }).then((r) => r.json() as Promise<{ data: { updated: number; doc: unknown } }>);
    expect(answer.data).toEqual({ updated: 0, doc: null });
  });

  test('update counts only the documents it changed', async () => {
    const _ = h.db.command;
    const res = await h.db.collection('items').where({ a: _.in([1, 2]) }).update({ data: { a: 1 } });
    expect(res.stats.updated).toBe(1);
    expect((await h.db.collection('items').doc('i1').update({ data: { a: 1 } })).stats.updated).toBe(0);
  });
});
