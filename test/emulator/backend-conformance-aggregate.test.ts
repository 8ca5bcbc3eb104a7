// Aggregation answers as the cloud database (MongoDB) does, for the expressions and stages Tencent's
// own @cloudbase/node-sdk database tests check: $week, $substr/$substrBytes with a negative length,
// $indexOfCP, $lookup (plain and with a pipeline); $geoNear is refused by name.
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
beforeAll(async () => {
  h = await startWithSdk();
  for (const name of ['days', 'students', 'members', 'orders']) await h.db.createCollection(name);
  h.backend.db.insert('days', [
    { _id: '2019-05-14', at: new Date('2019-05-14T09:38:51.686Z') },
    { _id: '2023-01-01', at: new Date('2023-01-01T12:00:00Z') },
    { _id: '2019-01-01', at: new Date('2019-01-01T12:00:00Z') },
    { _id: '2019-01-06', at: new Date('2019-01-06T12:00:00Z') },
    { _id: '2016-12-31', at: new Date('2016-12-31T12:00:00Z') },
  ]);
  h.backend.db.insert('students', [
    { _id: 's1', firstName: 'Yuanxin', birthday: '1999/12/12', nickname: '心谭心' },
    { _id: 's2', firstName: 'Chengxi', birthday: '1997/10/10', nickname: 'abc' },
  ]);
  h.backend.db.insert('members', [
    { _id: 'm1', name: 'stark', age: 24 },
    { _id: 'm2', name: 'jimmy', age: 30 },
  ]);
  h.backend.db.insert('orders', [
    { _id: 'o1', member: 'stark', total: 5 },
    { _id: 'o2', member: 'stark', total: 50 },
    { _id: 'o3', member: 'nobody', total: 7 },
  ]);
});
afterAll(() => h.backend.close());

const project = async (collection: string, fields: (a: any) => object) =>
  (await h.db.collection(collection).aggregate().sort({ _id: 1 }).project(fields(h.db.command.aggregate)).end()).list;

test('$week counts weeks from Sunday, with the days before the first Sunday in week 0', async () => {
  const list = await project('days', ($) => ({ week: $.week('$at') }));
  expect(Object.fromEntries(list.map((d: { _id: string; week: number }) => [d._id, d.week]))).toEqual({
    '2016-12-31': 52,
    '2019-01-01': 0,
    '2019-01-06': 1,
    '2019-05-14': 19,
    '2023-01-01': 1,
  });
});

test('$week reads the date in the timezone it is given', async () => {
  // 2019-01-05T20:00Z is Sunday 2019-01-06 in Shanghai: week 1 there, week 0 in UTC.
  const list = await h.db
    .collection('days')
    .aggregate()
    .limit(1)
    .project({ _id: 0, utc: h.db.command.aggregate.week(new Date('2019-01-05T20:00:00Z')), shanghai: h.db.command.aggregate.week({ date: new Date('2019-01-05T20:00:00Z'), timezone: 'Asia/Shanghai' }) })
    .end();
  expect(list.list).toEqual([{ utc: 0, shanghai: 1 }]);
});

test('$substr and $substrBytes with a negative length take the rest of the string', async () => {
  const list = await project('students', ($) => ({
    _id: 0,
    year: $.substr(['$birthday', 0, 4]),
    day: $.substr(['$birthday', 8, -1]),
    dayBytes: $.substrBytes(['$birthday', 8, -1]),
    tail: $.substrBytes(['$nickname', 3, -1]),
  }));
  expect(list).toEqual([
    { year: '1999', day: '12', dayBytes: '12', tail: '谭心' },
    { year: '1997', day: '10', dayBytes: '10', tail: '' },
  ]);
});

test('$indexOfCP finds a substring by code points', async () => {
  const list = await project('students', ($) => ({ _id: 0, a: $.indexOfCP(['$firstName', 'a']), tan: $.indexOfCP(['$nickname', '谭']), from: $.indexOfCP(['$nickname', '心', 1]) }));
  expect(list).toEqual([
    { a: 2, tan: 1, from: 2 },
    { a: -1, tan: -1, from: -1 },
  ]);
});

test('$lookup joins the documents of another collection by field', async () => {
  const res = await h.db.collection('members').aggregate().sort({ _id: 1 }).lookup({ from: 'orders', localField: 'name', foreignField: 'member', as: 'orders' }).end();
  expect(res.list.map((m: { _id: string; orders: Array<{ _id: string }> }) => [m._id, m.orders.map((o) => o._id)])).toEqual([
    ['m1', ['o1', 'o2']],
    ['m2', []],
  ]);
});

test('$lookup with let and a pipeline filters the joined documents', async () => {
  const _ = h.db.command;
  const $ = _.aggregate;
  const res = await h.db
    .collection('members')
    .aggregate()
    .sort({ _id: 1 })
    .lookup({
      from: 'orders',
      let: { who: '$name' },
      pipeline: $.pipeline().match(_.expr($.and([$.eq(['$member', '$$who']), $.gte(['$total', 10])]))).project({ _id: 1 }).done(),
      as: 'big',
    })
    .end();
  expect(res.list.map((m: { _id: string; big: unknown }) => [m._id, m.big])).toEqual([
    ['m1', [{ _id: 'o2' }]],
    ['m2', []],
  ]);
});

test('$lookup from a collection that does not exist joins nothing', async () => {
  const res = await h.db.collection('members').aggregate().match({ _id: 'm1' }).lookup({ from: 'ghosts', localField: 'name', foreignField: 'x', as: 'g' }).end();
  expect(res.list).toEqual([{ _id: 'm1', name: 'stark', age: 24, g: [] }]);
});

test('$geoNear is refused by name, not answered', async () => {
  const e = await rejection(h.db.collection('members').aggregate().geoNear({ distanceField: 'd', near: new h.db.Geo.Point(113.3, 23.1), spherical: true }).end());
  expect(e.errMsg).toMatch(/\$geoNear is not emulated/);
});
