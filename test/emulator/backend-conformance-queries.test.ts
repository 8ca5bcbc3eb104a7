// Queries answer as the cloud database (MongoDB) does, for the cases Tencent's own @cloudbase/node-sdk
// database tests check: $elemMatch on arrays mixing values and documents, $expr, $jsonSchema; and
// what is not emulated (geo) is refused by name rather than answered wrong.
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk();
  await h.db.createCollection('posts');
  h.backend.db.insert('posts', [
    { _id: 'web', category: 'Web', tags: ['JavaScript', 'C#'], index: 0 },
    { _id: 'number', category: 'number', tags: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 3 },
    { _id: 'embedded', category: 'embedded', tags: [{ value: 1 }, { value: 7 }], index: 4 },
    { _id: 'mixed', category: 'mixed', tags: [7, 'Go', { other: 1 }], index: 5 },
    { _id: 'none', category: 'none' },
  ]);
});
afterAll(() => h.backend.close());

const ids = async (where: object) => (await h.db.collection('posts').where(where).orderBy('_id', 'asc').get()).data.map((d: { _id: string }) => d._id);

describe('$elemMatch with field criteria matches only elements that are documents', () => {
  test('a comparison on a field', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: _.elemMatch({ value: _.gt(0) }) })).toEqual(['embedded']);
  });

  test('$exists on a field', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: _.elemMatch({ value: _.exists(true) }) })).toEqual(['embedded']);
  });

  test('$mod on a field, in both of the SDK spellings', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: _.elemMatch({ value: _.mod([4, 3]) }) })).toEqual(['embedded']);
    expect(await ids({ tags: _.elemMatch({ value: _.mod(4, 3) }) })).toEqual(['embedded']);
  });

  test('$exists false on a field matches a document element without it', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: _.elemMatch({ value: _.exists(false) }) })).toEqual(['mixed']);
  });

  test('criteria on the elements themselves still match plain values', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: _.elemMatch(_.gt(8)) })).toEqual(['number']);
  });
});

test('$expr compares fields of the document with aggregation expressions', async () => {
  const $ = h.db.command.aggregate;
  expect(await ids(h.db.command.expr($.gte(['$index', 4])))).toEqual(['embedded', 'mixed']);
});

describe('$jsonSchema', () => {
  test('required fields', async () => {
    const _ = h.db.command;
    expect(await ids(_.jsonSchema({ required: ['tags'] }))).toEqual(['embedded', 'mixed', 'number', 'web']);
    expect(await ids(_.nor([_.jsonSchema({ required: ['category'] })]))).toEqual([]);
  });

  test('types, ranges and array items', async () => {
    const _ = h.db.command;
    const schema = { properties: { index: { bsonType: 'int', minimum: 3, maximum: 4 }, tags: { bsonType: 'array', items: { bsonType: 'int' } } } };
    expect(await ids(_.jsonSchema({ required: ['index'], ...schema }))).toEqual(['number']);
  });

  test('a keyword that is not emulated is refused by name', async () => {
    const _ = h.db.command;
    const e = await rejection(h.db.collection('posts').where(_.jsonSchema({ dependencies: { a: ['b'] } })).get());
    expect(e.errMsg).toMatch(/\$jsonSchema keyword dependencies is not emulated/);
  });
});

test('geo queries are refused by name, not answered', async () => {
  const _ = h.db.command;
  const near = _.geoNear({ geometry: new h.db.Geo.Point(113.3, 23.1), maxDistance: 1000 });
  const e = await rejection(h.db.collection('posts').where({ location: near }).get());
  expect(e.errMsg).toMatch(/\$nearSphere/);
});
