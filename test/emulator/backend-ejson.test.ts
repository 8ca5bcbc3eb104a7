// Requests' EJSON is read from plain JSON where that gives bson's answer, and by bson otherwise:
// every text must decode exactly as bson's own reading does (the SDK's serializer is bson's too).
import { EJSON, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { decodeStored, decodeWire, decodeWireWithBson, encode } from '../../emulator/backend/ejson';

const now = () => new Date(Date.UTC(2024, 2, 1));
// bson reads `{"$date": <object>}` as the wall clock's now: a frozen clock gives such texts one answer.
beforeAll(() => jest.useFakeTimers({ now: Date.UTC(2024, 5, 1) }));
afterAll(() => jest.useRealTimers());
const same = (text: string) => {
  let expected: unknown;
  try {
    expected = decodeWireWithBson(text, now);
  } catch (error) {
    expect(() => decodeWire(text, now)).toThrow((error as Error).message);
    return;
  }
  // bson makes up a new ObjectId for `{"$oid": <number>}`: such texts have no one answer to compare.
  if (!isDeepStrictEqual(decodeWireWithBson(text, now), expected)) return;
  expect(decodeWire(text, now)).toEqual(expected);
};

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }));
const key = fc.oneof(fc.constantFrom('a', 'b', '_id', '$gt', '$in', '$set', '$inc', '$numberInt', '$date', '$oid', '$undefined', '$tcb_server_date', 'offset', '__proto__', 'a\u0000'), fc.string({ maxLength: 3 }));
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true })),
})).value;

describe('decoding a request EJSON string', () => {
  test('answers as bson does for anything bson itself serializes (canonical and relaxed)', () => {
    fc.assert(
      fc.property(value, (v) => {
        same(EJSON.stringify(v as never, { relaxed: false }));
        same(EJSON.stringify(v as never, { relaxed: true }));
      }),
      { numRuns: 3000 },
    );
  });

  test('answers as bson does for hand-written texts that give keys bson meaning', () => {
    const texts = [
      '{"a":{"$numberLong":"9007199254740993"}}',
      '{"a":{"$numberLong":"-12"}}',
      '{"a":{"$numberInt":"7","b":1}}',
      '{"a":{"$date":"2024-03-01T00:00:00Z"}}',
      '{"a":{"$date":{"$numberLong":"1709251200000"}}}',
      '{"a":{"$date":{"x":1}}}',
      '{"a":{"$oid":"65e1a0000000000000000000"}}',
      '{"a":{"$regularExpression":{"pattern":"^x","options":"ig"}}}',
      '{"a":{"$ref":"c","$id":"1"}}',
      '{"a":{"$undefined":true}}',
      '{"a":{"$eq":null,"$gt":{"$numberInt":"1"}}}',
      '{"t":{"$tcb_server_date":{"offset":{"$numberInt":"60000"}}}}',
      '{"t":{"$tcb_server_date":{"offset":5},"x":1}}',
      '{"__proto__":{"a":1}}',
      '{"a\\u0000b":1}',
      '{"a":{"$binary":{"base64":"AA==","subType":"00"}}}',
      '[1,{"$numberDouble":"-Infinity"},{"$numberDouble":"NaN"}]',
      'not json',
    ];
    for (const t of texts) same(t);
  });

  test('reads the SDK everyday values into plain values', () => {
    const text = EJSON.stringify({ n: 3, x: 1.5, big: Long.fromNumber(2 ** 40), at: new Date(5), id: new ObjectId('65e1a0000000000000000000'), when: { $tcb_server_date: { offset: 1000 } } } as never, { relaxed: false });
    expect(decodeWire(text, now)).toEqual({ n: 3, x: 1.5, big: 2 ** 40, at: new Date(5), id: '65e1a0000000000000000000', when: new Date(now().getTime() + 1000) });
  });
});

describe('encoding stored values', () => {
  // (-0 is stored as 0, as before: JSON has no negative zero)
  const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.double().filter((x) => !Object.is(x, -0)), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }), fc.constantFrom(/a+b/i, NaN, Infinity, -Infinity));
  const tree = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 2 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 3, noNullPrototype: true })),
  })).value;

  test('reads back as the same value, leaves the value untouched, and is what bson reads', () => {
    fc.assert(
      fc.property(tree, (v) => {
        const before = structuredClone(v);
        const text = encode(v);
        expect(v).toEqual(before);
        expect(decodeStored(text)).toEqual(v);
        expect(decodeWireWithBson(text, now)).toEqual(v);
      }),
      { numRuns: 2000 },
    );
  });
});
