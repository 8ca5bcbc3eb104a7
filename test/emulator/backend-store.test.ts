// The storage engine without HTTP: the sorted index list against a plain sorted array, and query
// plans against full scans — an index may only change how fast a query is, never its answer.
import fc from 'fast-check';
import { Collection } from '../../emulator/backend/store/collection';
import { compareParts, Edge, encodeKey, lowerLimit, upperLimit, type KeyPart, type KeyValue } from '../../emulator/backend/store/keys';
import { compareEntries, SortedList, type Entry } from '../../emulator/backend/store/sortedList';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

describe('index keys encoded as strings', () => {
  const value: fc.Arbitrary<KeyValue> = fc.oneof(
    fc.constant(null),
    fc.constantFrom(0, -0, 1, -1, 0.5, -2.5, 2 ** 53, -(2 ** 60), Infinity, -Infinity, Number.MIN_VALUE),
    fc.double({ noNaN: true }),
    fc.constantFrom('', 'a', 'ab', 'a\u0000', 'a\u0000b', '\u0000', '\uffff', 'b', '\ud83d\ude00', '\ud800'),
    fc.string({ maxLength: 3, unit: 'binary' }),
    fc.boolean(),
    fc.date({ noInvalidDate: true }),
  );
  const compareTuples = (a: KeyPart[], b: KeyPart[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareParts(a[i] as KeyPart, b[i] as KeyPart);
      if (c !== 0) return c;
    }
    return 0;
  };
  const sign = (n: number) => Math.sign(n) || 0;

  test('order as their parts do, part by part (mingo order: null < numbers < strings < booleans < dates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n }))), ([a, b]) => {
        const ea = encodeKey(a);
        const eb = encodeKey(b);
        expect(sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(sign(compareTuples(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  test('range ends admit exactly the keys whose first parts lie within them, type-bracketing edges included', () => {
    const edge = fc.tuple(fc.constantFrom(1, 2, 3, 8, 9), fc.constantFrom(-1 as const, 1 as const)).map(([r, s]) => new Edge(r, s));
    const bound = fc.tuple(fc.array(value, { maxLength: 2 }), fc.option(edge, { nil: undefined }), fc.boolean());
    fc.assert(
      fc.property(fc.array(value, { minLength: 3, maxLength: 3 }), fc.string({ maxLength: 3 }), bound, (key, id, [prefix, end, inclusive]) => {
        const parts: KeyPart[] = end ? [...prefix, end] : prefix;
        const stored = `${encodeKey(key)}\u0001${id}`;
        const c = compareTuples(key, parts);
        expect(stored >= lowerLimit({ parts, inclusive })).toBe(inclusive ? c >= 0 : c > 0);
        expect(stored < upperLimit({ parts, inclusive })).toBe(inclusive ? c <= 0 : c < 0);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('SortedList', () => {
  test('stays sorted through thousands of adds and deletes and answers ranges like a sorted array', () => {
    const rnd = random(7);
    const list = new SortedList();
    const keyOf = (n: number) => String(n).padStart(3, '0');
    let model: Entry[] = [];
    for (let i = 0; i < 6000; i++) {
      if (model.length > 0 && rnd() < 0.3) {
        const victim = model[Math.floor(rnd() * model.length)] as Entry;
        expect(list.delete(victim.key)).toBe(true);
        model = model.filter((e) => e !== victim);
      } else {
        const e: Entry = { key: `${keyOf(Math.floor(rnd() * 500))}|id${i}`, id: `id${i}` };
        list.add(e.key, e.id);
        model.push(e);
      }
      if (i % 250 === 0) {
        // counts between changes: the per-chunk totals must follow every add and delete
        const [a, b] = [keyOf(Math.floor(rnd() * 500)), keyOf(Math.floor(rnd() * 500))].sort() as [string, string];
        expect(list.countRange(a, b)).toBe(model.filter((x) => x.key >= a && x.key < b).length);
        expect(list.countRange(null, a)).toBe(model.filter((x) => x.key < a).length);
      }
    }
    model.sort(compareEntries);
    const ids = (entries: Entry[]) => entries.map((e) => e.id);
    expect([...list.range(null, null)]).toEqual(ids(model));
    expect([...list.range(null, null, true)]).toEqual(ids(model).reverse());
    const inRange = ids(model.filter((e) => e.key >= keyOf(101) && e.key < keyOf(201)));
    expect([...list.range(keyOf(101), keyOf(201))]).toEqual(inRange);
    expect([...list.range(keyOf(101), keyOf(201), true)]).toEqual([...inRange].reverse());
    expect(list.countRange(keyOf(101), keyOf(201))).toBe(inRange.length);
    expect(list.delete('999|nope')).toBe(false);
    expect(list.size).toBe(model.length);
  });
});

describe('query plans give the same answers as a full scan', () => {
  const rnd = random(11);
  const statuses = ['unused', 'used', 'expired', 'invalid'];
  const docs = Array.from({ length: 3000 }, (_, i) => {
    const d: Record<string, unknown> = {
      _id: `c${String(i).padStart(5, '0')}`,
      openid: `o${Math.floor(rnd() * 200)}`,
      status: statuses[Math.floor(rnd() * statuses.length)],
      expireAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 30) * 86400000),
      n: Math.floor(rnd() * 100),
    };
    if (i % 97 === 0) d.status = ['unused', 'used']; // arrays cannot be ordered: they sit in the side set
    if (i % 89 === 0) delete d.n;
    return d as { _id: string } & Record<string, unknown>;
  });
  const indexed = new Collection('credits', [
    { fields: ['openid', 'status', 'expireAt'] },
    { fields: ['status', 'expireAt'] },
    { fields: ['n', '_id'] },
  ]);
  const plain = new Collection('credits', []);
  for (const d of docs) {
    indexed.put(d);
    plain.put(d);
  }
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86400000);
  const cases: Array<[string, Record<string, unknown>, { sort?: Array<[string, 1 | -1]>; skip?: number; limit?: number }]> = [
    ['equality prefix with a sorted range', { openid: 'o7', status: 'unused', expireAt: { $gt: day(10) } }, { sort: [['expireAt', 1], ['_id', 1]], limit: 5 }],
    ['$in on the first field', { openid: { $in: ['o1', 'o2', 'o3'] }, status: 'used' }, {}],
    ['range on a date', { status: 'expired', expireAt: { $lt: day(5) } }, { sort: [['_id', 1]], limit: 50 }],
    ['descending order from an index', { status: 'unused' }, { sort: [['expireAt', -1], ['_id', -1]], skip: 10, limit: 20 }],
    ['_id cursor page', { _id: { $gt: 'c01000' }, status: 'unused' }, { sort: [['_id', 1]], limit: 100 }],
    ['null matches missing fields', { n: null }, { sort: [['_id', 1]] }],
    ['range with an $or', { $or: [{ n: { $gte: 95 } }, { openid: 'o5' }] }, { sort: [['_id', -1]], limit: 30 }],
    ['contradictory equality still finds arrays', { $and: [{ status: 'unused' }, { status: 'used' }] }, {}],
    ['number bound ignores other types', { n: { $lt: 3 } }, { sort: [['n', 1], ['_id', 1]] }],
    ['compound index ending in _id serves the order', { n: 42 }, { sort: [['_id', 1]], limit: 10 }],
  ];
  test.each(cases)('%s', (_name, filter, options) => {
    // Without a sort the order is unspecified (as in the cloud): compare as sets then.
    const ids = (c: Collection) => {
      const out = c.find(filter, options).map((d) => d._id);
      return options.sort ? out : out.sort();
    };
    const expected = ids(plain);
    expect(ids(indexed)).toEqual(expected);
    expect(indexed.count(filter)).toBe(plain.count(filter));
    expect(indexed.explain(filter, options).kind).not.toBe('scan');
    expect(expected.length).toBeGreaterThan(0);
  });
});

test('an $in on the leading field walks its ranges in order: a sorted page needs no sort and stops at its limit', () => {
  const rnd = random(3);
  const indexed = new Collection('credits', [{ fields: ['openid', 'status', 'expireAt'] }]);
  const plain = new Collection('credits', []);
  for (let i = 0; i < 2000; i++) {
    const d = { _id: `c${String(i).padStart(5, '0')}`, openid: `o${Math.floor(rnd() * 300)}`, status: rnd() < 0.7 ? 'unused' : 'used', expireAt: new Date(Date.UTC(2024, 0, 1 + Math.floor(rnd() * 20))) };
    indexed.put(d);
    plain.put(d);
  }
  const filter = { openid: { $in: ['o250', 'o3', 'o120', 'o77', 'o9'] }, status: 'unused', expireAt: { $gt: new Date(Date.UTC(2024, 0, 5)) } };
  for (const [sort, ordered] of [
    [[['openid', 1], ['expireAt', 1], ['_id', 1]], true],
    [[['openid', -1], ['status', -1], ['expireAt', -1], ['_id', -1]], true],
    [[['expireAt', 1], ['_id', 1]], false],
  ] as Array<[Array<[string, 1 | -1]>, boolean]>) {
    const ids = (c: Collection) => c.find(filter, { sort, limit: 7 }).map((d) => d._id);
    expect(ids(indexed)).toEqual(ids(plain));
    expect(indexed.explain(filter, { sort, limit: 7 })).toMatchObject({ kind: 'index', ordered });
  }
});

describe('replacing documents keeps every index right', () => {
  it('moves an entry only when its key changed, and answers like a full scan after many replacements', () => {
    const rnd = random(5);
    const statuses = ['unused', 'sending', 'used'];
    const indexed = new Collection('credits', [{ fields: ['openid', 'status', 'expireAt'] }, { fields: ['status', 'expireAt'] }]);
    const plain = new Collection('credits', []);
    const put = (d: { _id: string } & Record<string, unknown>) => {
      indexed.put(d);
      plain.put(d);
    };
    for (let i = 0; i < 500; i++) put({ _id: `c${i}`, openid: `o${i % 50}`, status: 'unused', expireAt: new Date(Date.UTC(2024, 0, 1 + (i % 9))), n: 0 });
    for (let step = 0; step < 3000; step++) {
      const i = Math.floor(rnd() * 500);
      const prev = indexed.get(`c${i}`)!;
      const roll = rnd();
      // Unchanged keys (only n moves), a changed status, or an array status (the side set) and back.
      const status = roll < 0.4 ? prev.status : roll < 0.9 ? statuses[Math.floor(rnd() * 3)] : ['unused', 'used'];
      put({ ...prev, status, n: (prev.n as number) + 1 });
    }
    for (const status of [...statuses, 'unused']) {
      const filter = { status, expireAt: { $gte: new Date(Date.UTC(2024, 0, 4)) } };
      const ids = (c: Collection) => c.find(filter, { sort: [['expireAt', 1], ['_id', 1]] }).map((d) => d._id);
      expect(ids(indexed)).toEqual(ids(plain));
      expect(indexed.count({ openid: 'o7', status })).toBe(plain.count({ openid: 'o7', status }));
    }
    for (const index of indexed.indexes) expect(index.list.size + index.side.size).toBe(500);
  });
});
