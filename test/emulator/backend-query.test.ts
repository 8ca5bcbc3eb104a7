// The real wx-server-sdk's queries against the backend: every query operator the project uses,
// ordering, paging, projection, count, the cloud's page limits and its errors.
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
const people = [
  { _id: 'p1', name: 'Ann', age: 31, city: 'sh', tags: ['a', 'b'], joined: new Date('2024-01-01T00:00:00Z'), profile: { level: 2 } },
  { _id: 'p2', name: 'Bob', age: 25, city: 'bj', tags: ['b'], joined: new Date('2024-02-01T00:00:00Z'), profile: { level: 1 } },
  { _id: 'p3', name: 'Cid', age: 40, city: 'sh', tags: [], joined: new Date('2024-03-01T00:00:00Z'), nick: null },
  { _id: 'p4', name: 'Dee', age: 25, city: 'gz', joined: new Date('2024-04-01T00:00:00Z'), nick: 'dd' },
  { _id: 'p5', name: 'Eve', age: 19, city: 'bj', tags: ['c'], joined: new Date('2024-05-01T00:00:00Z'), profile: { level: 3 } },
];

beforeAll(async () => {
  h = await startWithSdk();
  await h.db.createCollection('people');
  await h.db.collection('people').add({ data: people });
});
afterAll(() => h.backend.close());

async function ids(query: { get(): Promise<{ data: Array<{ _id: string }> }> }): Promise<string[]> {
  return (await query.get()).data.map((d) => d._id).sort();
}

describe('query operators sent by the SDK select the documents MongoDB would', () => {
  const cases: Array<[string, (_: any) => object, string[]]> = [
    ['plain equality', () => ({ city: 'sh' }), ['p1', 'p3']],
    ['eq', (_) => ({ age: _.eq(25) }), ['p2', 'p4']],
    ['neq', (_) => ({ city: _.neq('bj') }), ['p1', 'p3', 'p4']],
    ['lt', (_) => ({ age: _.lt(25) }), ['p5']],
    ['lte', (_) => ({ age: _.lte(25) }), ['p2', 'p4', 'p5']],
    ['gt', (_) => ({ age: _.gt(31) }), ['p3']],
    ['gte', (_) => ({ age: _.gte(31) }), ['p1', 'p3']],
    ['in', (_) => ({ city: _.in(['gz', 'bj']) }), ['p2', 'p4', 'p5']],
    ['nin', (_) => ({ city: _.nin(['gz', 'bj']) }), ['p1', 'p3']],
    ['exists true', (_) => ({ nick: _.exists(true) }), ['p3', 'p4']],
    ['exists false', (_) => ({ nick: _.exists(false) }), ['p1', 'p2', 'p5']],
    ['and on one field', (_) => ({ age: _.gt(19).and(_.lt(40)) }), ['p1', 'p2', 'p4']],
    ['or across fields', (_) => _.or([{ city: 'gz' }, { age: _.gte(40) }]), ['p3', 'p4']],
    ['and of conditions', (_) => _.and([{ city: 'bj' }, { age: _.gt(20) }]), ['p2']],
    ['date range', (_) => ({ joined: _.gte(new Date('2024-02-01T00:00:00Z')).and(_.lt(new Date('2024-04-01T00:00:00Z'))) }), ['p2', 'p3']],
    ['nested path', () => ({ 'profile.level': 2 }), ['p1']],
    ['nested object condition', (_) => ({ profile: { level: _.gte(2) } }), ['p1', 'p5']],
    ['array element', () => ({ tags: 'b' }), ['p1', 'p2']],
    ['null matches null and missing', () => ({ nick: null }), ['p1', 'p2', 'p3', 'p5']],
    ['regular expression', (_) => ({ name: h.db.RegExp({ regexp: '^[ab]', options: 'i' }) }), ['p1', 'p2']],
  ];
  test.each(cases)('%s', async (_name, where, expected) => {
    expect(await ids(h.db.collection('people').where(where(h.db.command)))).toEqual(expected);
  });
});

test('orderBy on several fields, skip and limit page through in order', async () => {
  const res = await h.db.collection('people').orderBy('age', 'desc').orderBy('name', 'asc').skip(1).limit(3).get();
  expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['p1', 'p2', 'p4']);
});

test('field() returns only the chosen fields plus _id', async () => {
  const res = await h.db.collection('people').where({ _id: 'p1' }).field({ name: true }).get();
  expect(res.data).toEqual([{ _id: 'p1', name: 'Ann' }]);
});

test('dates come back as Date objects', async () => {
  const { data } = await h.db.collection('people').doc('p2').get();
  expect(data.joined).toBeInstanceOf(Date);
  expect(data.joined.toISOString()).toBe('2024-02-01T00:00:00.000Z');
});

test('a server date in a query is the emulator clock', async () => {
  const _ = h.db.command;
  // The virtual clock stands at 2024-03-01T02:00Z: p1..p3 joined before it.
  expect(await ids(h.db.collection('people').where({ joined: _.lte(h.db.serverDate()) }))).toEqual(['p1', 'p2', 'p3']);
  expect(await ids(h.db.collection('people').where({ joined: _.lte(h.db.serverDate({ offset: 31 * 24 * 3600 * 1000 })) }))).toHaveLength(4);
});

test('count answers the number of matches', async () => {
  expect((await h.db.collection('people').where({ city: 'bj' }).count()).total).toBe(2);
  expect((await h.db.collection('people').count()).total).toBe(5);
});

test('doc(id).get() of a missing document fails the way the SDK reports it', async () => {
  const e = await rejection(h.db.collection('people').doc('nobody').get());
  expect(e.errCode).toBe(-1);
  expect(e.errMsg).toMatch(/does not exist/);
});

test('reading a collection that was never created fails with -502005 until it is created', async () => {
  const missing = h.db.collection('ghosts');
  for (const call of [missing.get(), missing.count(), missing.add({ data: { a: 1 } }), missing.where({ a: 1 }).update({ data: { b: 2 } }), missing.doc('x').get()]) {
    expect((await rejection(call)).errCode).toBe(-502005);
  }
  await h.db.createCollection('ghosts');
  expect((await missing.get()).data).toEqual([]);
  expect((await rejection(h.db.createCollection('ghosts'))).errCode).toBe(-1);
});

describe('page limits and range paging over 2,500 documents', () => {
  beforeAll(() => {
    h.backend.db.insert(
      'big',
      Array.from({ length: 2500 }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, n: i, even: i % 2 === 0 })),
    );
  });

  test('get() without limit answers at most 100 documents', async () => {
    expect((await h.db.collection('big').get()).data).toHaveLength(100);
  });

  test('get() with a larger limit answers at most 1000 documents', async () => {
    expect((await h.db.collection('big').limit(5000).get()).data).toHaveLength(1000);
  });

  test('paging with _id > cursor reads every document exactly once', async () => {
    const _ = h.db.command;
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const { data } = await h.db.collection('big').where({ _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(1000).get();
      if (data.length === 0) break;
      seen.push(...data.map((d: { _id: string }) => d._id));
      cursor = data[data.length - 1]._id;
    }
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    expect(seen).toEqual([...seen].sort());
  });

  test('a filtered range page is served from the _id index, not a full scan', () => {
    const plan = h.backend.db.explain('big', { _id: { $gt: 'd01000' }, even: true }, { sort: { _id: 1 }, limit: 1000 });
    expect(plan).toMatchObject({ kind: 'index', index: '_id_1' });
  });

  test('skip still reaches past the first thousand documents', async () => {
    const { data } = await h.db.collection('big').orderBy('n', 'asc').skip(2400).limit(1000).get();
    expect(data.map((d: { n: number }) => d.n)).toEqual(Array.from({ length: 100 }, (_, i) => 2400 + i));
  });

  test('count is not limited to a page', async () => {
    expect((await h.db.collection('big').where({ even: true }).count()).total).toBe(1250);
  });
});
