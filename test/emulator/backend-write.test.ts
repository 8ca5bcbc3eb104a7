// The real wx-server-sdk's writes against the backend: add (single, batch, generated ids, duplicates),
// every update operator the project uses, merge versus replace, upsert, server dates, and the
// counts multi-document updates and removals answer.
import { rejection, START, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk();
  await h.db.createCollection('docs');
});
afterAll(() => h.backend.close());

const stored = (id: string) => h.backend.db.find('docs', { _id: id })[0];

test('add without _id gets a 32-hex id like the cloud', async () => {
  const res = await h.db.collection('docs').add({ data: { a: 1 } });
  expect(res._id).toMatch(/^[0-9a-f]{32}$/);
  expect(stored(res._id)).toEqual({ _id: res._id, a: 1 });
});

test('add with a list inserts every document and answers their ids', async () => {
  const res = await h.db.collection('docs').add({ data: [{ _id: 'b1', v: 1 }, { v: 2 }] });
  expect(res._ids).toHaveLength(2);
  expect(res._ids[0]).toBe('b1');
  expect(h.backend.db.count('docs', { _id: { $in: res._ids } })).toBe(2);
});

test('a duplicate _id fails with an E11000 message and -502001, inserting nothing of the batch', async () => {
  await h.db.collection('docs').add({ data: { _id: 'dup', v: 1 } });
  const e = await rejection(h.db.collection('docs').add({ data: { _id: 'dup', v: 2 } }));
  expect(e.errCode).toBe(-502001);
  expect(e.errMsg).toMatch(/E11000 duplicate key/);
  await rejection(h.db.collection('docs').add({ data: [{ _id: 'fresh', v: 1 }, { _id: 'dup', v: 3 }] }));
  expect(h.backend.db.count('docs', { _id: 'fresh' })).toBe(0);
  expect(stored('dup')).toEqual({ _id: 'dup', v: 1 });
});

describe('update operators', () => {
  const base = {
    n: 5,
    s: 'x',
    gone: true,
    list: ['a', 'b', 'c'],
    set: ['p'],
    low: 10,
    high: 10,
    nested: { keep: 1, change: 1 },
    when: new Date('2024-01-01T00:00:00Z'),
  };
  beforeEach(() => {
    h.backend.db.remove('docs', { _id: 'u' });
    h.backend.db.insert('docs', { _id: 'u', ...base });
  });
  const cases: Array<[string, (_: any) => object, object]> = [
    ['set', (_) => ({ s: _.set('y') }), { s: 'y' }],
    ['plain value', () => ({ s: 'z' }), { s: 'z' }],
    ['inc', (_) => ({ n: _.inc(-2) }), { n: 3 }],
    ['remove', (_) => ({ gone: _.remove() }), { gone: undefined }],
    ['push one', (_) => ({ list: _.push('d') }), { list: ['a', 'b', 'c', 'd'] }],
    ['push several with sort and slice', (_) => ({ fresh: _.push({ each: [5, 1, 3], sort: -1, slice: 2 }) }), { fresh: [5, 3] }],
    ['pull', (_) => ({ list: _.pull('b') }), { list: ['a', 'c'] }],
    ['addToSet new', (_) => ({ set: _.addToSet('q') }), { set: ['p', 'q'] }],
    ['min', (_) => ({ low: _.min(3), high: _.min(30) }), { low: 3, high: 10 }],
    ['max', (_) => ({ high: _.max(30), low: _.max(3) }), { high: 30, low: 10 }],
    ['nested plain object merges into the object', () => ({ nested: { change: 2 } }), { nested: { keep: 1, change: 2 } }],
    ['nested dotted path', () => ({ 'nested.added': 3 }), { nested: { keep: 1, change: 1, added: 3 } }],
    ['set of an object replaces it', (_) => ({ nested: _.set({ only: 1 }) }), { nested: { only: 1 } }],
    ['date value', () => ({ when: new Date('2025-01-01T00:00:00Z') }), { when: new Date('2025-01-01T00:00:00Z') }],
  ];
  test.each(cases)('%s', async (_name, data, changed) => {
    const res = await h.db.collection('docs').doc('u').update({ data: data(h.db.command) });
    expect(res.stats.updated).toBe(1);
    const expected: Record<string, unknown> = { _id: 'u', ...base, ...changed };
    for (const k of Object.keys(expected)) if (expected[k] === undefined) delete expected[k];
    expect(stored('u')).toEqual(expected);
  });

  test('an update that changes nothing reports updated 0', async () => {
    expect((await h.db.collection('docs').doc('u').update({ data: { s: 'x' } })).stats.updated).toBe(0);
    expect((await h.db.collection('docs').doc('u').update({ data: { set: h.db.command.addToSet('p') } })).stats.updated).toBe(0);
    expect(stored('u')).toEqual({ _id: 'u', ...base });
  });

  test('updating a missing document reports updated 0 and creates nothing', async () => {
    expect((await h.db.collection('docs').doc('none').update({ data: { s: 'x' } })).stats.updated).toBe(0);
    expect(h.backend.db.count('docs', { _id: 'none' })).toBe(0);
  });

  test('db.serverDate() is stored as the emulator clock plus its offset', async () => {
    await h.db.collection('docs').doc('u').update({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: 1000 }) } });
    expect(stored('u')).toMatchObject({ at: START, later: new Date(START.getTime() + 1000) });
  });
});

describe('set replaces, update merges', () => {
  test('doc(id).set() replaces the whole document and creates a missing one', async () => {
    h.backend.db.insert('docs', { _id: 'r1', a: 1, b: 2 });
    const replaced = await h.db.collection('docs').doc('r1').set({ data: { c: 3, at: h.db.serverDate() } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(stored('r1')).toEqual({ _id: 'r1', c: 3, at: START });
    const created = await h.db.collection('docs').doc('r2').set({ data: { c: 4 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect(stored('r2')).toEqual({ _id: 'r2', c: 4 });
  });
});

describe('where().update() and where().remove() act on every match and count them', () => {
  beforeAll(() => {
    h.backend.db.insert('docs', Array.from({ length: 30 }, (_, i) => ({ _id: `m${i}`, group: 'm', status: i < 12 ? 'old' : 'new', n: i })));
  });

  test('a multi-document update answers how many documents it changed', async () => {
    const _ = h.db.command;
    const res = await h.db.collection('docs').where({ group: 'm', status: 'old' }).update({ data: { status: 'done', hits: _.inc(1) } });
    expect(res.stats.updated).toBe(12);
    expect(h.backend.db.count('docs', { group: 'm', status: 'done', hits: 1 })).toBe(12);
  });

  test('a conditional update claims a record exactly once', async () => {
    const claim = () => h.db.collection('docs').where({ _id: 'm20', status: 'new' }).update({ data: { status: 'claimed' } });
    const [a, b] = await Promise.all([claim(), claim()]);
    expect([a.stats.updated, b.stats.updated].sort()).toEqual([0, 1]);
  });

  test('remove answers how many documents it removed', async () => {
    const res = await h.db.collection('docs').where({ group: 'm', n: h.db.command.gte(25) }).remove();
    expect(res.stats.removed).toBe(5);
    expect((await h.db.collection('docs').doc('m0').remove()).stats.removed).toBe(1);
    expect((await h.db.collection('docs').doc('m0').remove()).stats.removed).toBe(0);
    expect(h.backend.db.count('docs', { group: 'm' })).toBe(24);
  });
});

test('an unknown update operator is refused and changes nothing', async () => {
  h.backend.db.insert('docs', { _id: 'bad', n: 1 });
  const e = await rejection(h.db.collection('docs').doc('bad').update({ data: { n: h.db.command.inc('x') } }));
  expect(e.errCode).toBeLessThan(0);
  expect(stored('bad')).toEqual({ _id: 'bad', n: 1 });
});

describe("a client's write while the rules let clients write (db.clientAdd)", () => {
  test('is stored with the writer as _openid, which a function then reads like any field', async () => {
    const id = h.backend.db.clientAdd('docs', 'o-writer', { _id: 'planted', v: 1, _openid: 'o-someone-else' });
    expect(id).toBe('planted');
    expect(stored('planted')).toEqual({ _id: 'planted', v: 1, _openid: 'o-writer' });
    const res = await h.db.collection('docs').where({ _openid: h.db.command.exists(true) }).get();
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['planted']);
  });

  test('gets a generated id when it names none, and cannot create a collection', () => {
    expect(h.backend.db.clientAdd('docs', 'o-writer', { v: 2 })).toMatch(/^[0-9a-f]{32}$/);
    expect(() => h.backend.db.clientAdd('nowhere', 'o-writer', { v: 3 })).toThrow(/does not exist/);
  });
});
