// Updates copy only what they write: the stored version they start from is never changed (it is
// the undo record, a transaction's snapshot and what other versions share), and the result is the
// whole updated document.
import { compileUpdate } from '../../emulator/backend/db/modify';
import type { Doc } from '../../emulator/backend/ejson';

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const stored = (): Doc => ({
  _id: 'u1',
  n: 1,
  a: { b: 1, c: { d: 2 } },
  list: [1, 2],
  objs: [{ v: 1 }, { v: 2 }],
  other: { keep: [1, { deep: true }] },
  at: new Date(0),
});

test.each([
  ['$set of a nested field', { $set: { 'a.b': 5 } }, { a: { b: 5, c: { d: 2 } } }],
  ['$set of a whole object', { $set: { a: { z: 1 } } }, { a: { z: 1 } }],
  ['$unset deep inside', { $unset: { 'a.c.d': '' } }, { a: { b: 1, c: {} } }],
  ['$inc of nested and top-level fields', { $inc: { 'a.c.d': 1, n: 2 } }, { n: 3, a: { b: 1, c: { d: 3 } } }],
  ['$push onto an array', { $push: { list: 5 } }, { list: [1, 2, 5] }],
  ['$push $each $sort', { $push: { list: { $each: [3, 0], $sort: 1 } } }, { list: [0, 1, 2, 3] }],
  ['$push $sort onto a missing array inside an object', { $push: { 'a.fresh': { $each: [2, 1], $sort: 1 } } }, { a: { b: 1, c: { d: 2 }, fresh: [1, 2] } }],
  ['$pull', { $pull: { list: 1 } }, { list: [2] }],
  ['$addToSet', { $addToSet: { list: 9 } }, { list: [1, 2, 9] }],
  ['$pop', { $pop: { list: 1 } }, { list: [1] }],
  ['$rename into a new object', { $rename: { 'a.b': 'moved.b' } }, { a: { c: { d: 2 } }, moved: { b: 1 } }],
  ['$set of an array element by index', { $set: { 'list.0': 7, 'objs.1.v': 5 } }, { list: [7, 2], objs: [{ v: 1 }, { v: 5 }] }],
  ['$set through every element ($[])', { $set: { 'objs.$[].v': 0 } }, { objs: [{ v: 0 }, { v: 0 }] }],
  ['$max of a date', { $max: { at: new Date(5) } }, { at: new Date(5) }],
])('%s changes the copy and leaves the stored version as it was', (_name, update, changes) => {
  const before = deepFreeze(stored());
  const after = compileUpdate(update)(before);
  expect(before).toEqual(stored());
  expect(after).toEqual({ ...stored(), ...changes });
});

test('an update that changes nothing answers undefined, and the same compiled update serves many documents', () => {
  const apply = compileUpdate({ $set: { 'a.b': 1 } });
  expect(apply(deepFreeze(stored()))).toBeUndefined();
  const other = deepFreeze({ ...stored(), _id: 'u2', a: { b: 3 } });
  expect(apply(other)).toEqual({ ...stored(), _id: 'u2', a: { b: 1 } });
  expect(other.a).toEqual({ b: 3 });
});
