// The backend's faster replacements of mingo operators answer exactly as mingo's own do: each is
// compared with mingo's operator on generated documents and lists (the semantics stay mingo's).
import fc from 'fast-check';
import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import { compile } from '../../emulator/backend/store/match';
import { MINGO_QUERY_OPERATORS } from '../../emulator/backend/store/operators';

const mingoContext = Context.init({ query: MINGO_QUERY_OPERATORS } as unknown as Parameters<typeof Context.init>[0]);
const mingoAnswer = (filter: Record<string, unknown>, doc: Record<string, unknown>) => new Query(filter, { context: mingoContext }).test(doc);

const scalar = fc.oneof(fc.constantFrom('a', 'b', '1', '', 0, -0, 1, 2.5, NaN, true, false), fc.string({ maxLength: 2 }), fc.integer({ min: -3, max: 3 }));
const value = fc.oneof(
  scalar,
  fc.constantFrom(null, undefined, new Date(0), /a/),
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.record({ b: scalar }, { noNullPrototype: true }), { maxLength: 3 }),
  fc.record({ b: fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })) }, { noNullPrototype: true }),
);
const doc = fc.record({ f: value, a: value }, { requiredKeys: [], noNullPrototype: true });

describe('$in and $nin over a list of scalars', () => {
  test.each(['$in', '$nin'])('%s matches the documents mingo matches, on plain and dotted paths', (op) => {
    fc.assert(
      fc.property(doc, fc.array(scalar, { maxLength: 5 }), fc.constantFrom('f', 'a', 'a.b'), (d, list, path) => {
        const filter = { [path]: { [op]: list } };
        expect(compile(filter)(d)).toBe(mingoAnswer(filter, d));
      }),
      { numRuns: 2000 },
    );
  });

  test('lists holding null, dates or patterns are still answered by mingo', () => {
    const at = new Date(5);
    expect(compile({ f: { $in: [null] } })({})).toBe(true);
    expect(compile({ f: { $in: [new Date(5)] } })({ f: at })).toBe(true);
    expect(compile({ f: { $in: [/^ab/] } })({ f: 'abc' })).toBe(true);
    expect(compile({ f: { $nin: [/^ab/, 1] } })({ f: 'abc' })).toBe(false);
  });
});
