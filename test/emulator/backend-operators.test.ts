// The backend's faster replacements of mingo operators answer exactly as mingo's own do: each is
// compared with mingo's operator on generated documents, lists and updates (the semantics stay mingo's).
import fc from 'fast-check';
import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import { project, topLevel } from '../../emulator/backend/db/projection';
import { MINGO_UPDATE_OPERATORS, UPDATE_OPERATORS, type UpdateOperator } from '../../emulator/backend/db/updateOperators';
import type { Doc } from '../../emulator/backend/ejson';
import { compile } from '../../emulator/backend/store/match';
import { MINGO_QUERY_OPERATORS } from '../../emulator/backend/store/operators';

const mingoContext = Context.init({ query: MINGO_QUERY_OPERATORS } as unknown as Parameters<typeof Context.init>[0]);
const mingoPipelineContext = Context.init({ query: MINGO_QUERY_OPERATORS, pipeline: pipelineOperators, projection: projectionOperators } as unknown as Parameters<typeof Context.init>[0]);
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

describe('$set and $inc of top-level fields', () => {
  const field = fc.constantFrom('a', 'b', 'n', 'list', '_id', '', '__proto__', 'a.b', '$x', 'x.$');
  const anyValue = fc.oneof(scalar, fc.constantFrom(null, undefined, new Date(3), /r/g), fc.array(scalar, { maxLength: 2 }), fc.record({ b: scalar }, { noNullPrototype: true }));
  const stored = fc.record({ a: anyValue, b: anyValue, n: fc.oneof(fc.integer(), fc.double(), fc.constant(NaN), fc.string()), list: fc.array(scalar, { maxLength: 2 }) }, { requiredKeys: [], noNullPrototype: true });

  /** What an operator does to a copy of `doc`: the document after, the paths it reports changed, or the error it throws. */
  function outcome(operators: Record<string, UpdateOperator>, op: string, expr: Record<string, unknown>, doc: Record<string, unknown>) {
    const copy = structuredClone({ _id: 'd', ...doc });
    try {
      const changed = operators[op]!(expr)(copy);
      return { copy, changed };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  test.each([
    ['$set', anyValue],
    ['$inc', fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double(), fc.constant(NaN), fc.constant('1'))],
  ] as const)('%s changes the document, reports the changed paths and refuses what mingo refuses', (op, amount) => {
    fc.assert(
      fc.property(stored, fc.dictionary(field, amount as fc.Arbitrary<unknown>, { maxKeys: 3, noNullPrototype: true }), (doc, expr) => {
        expect(outcome(UPDATE_OPERATORS, op, expr, doc)).toEqual(outcome(MINGO_UPDATE_OPERATORS, op, expr, doc));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('top-level field projections', () => {
  const anyValue = fc.oneof(scalar, fc.constantFrom(null, new Date(3)), fc.array(scalar, { maxLength: 2 }), fc.record({ b: scalar }, { noNullPrototype: true }));
  const stored = fc.record({ a: anyValue, b: anyValue, c: anyValue }, { requiredKeys: [], noNullPrototype: true }).map((d) => ({ _id: 'd', ...d }));
  const flag = fc.constantFrom(1, 0, true, false, -1, 2.5, NaN, 'x', null);
  const projection = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'zz', '_id', 'a.b', '$x'), flag, { minKeys: 1, maxKeys: 3, noNullPrototype: true });
  const mingoProjection = (doc: Record<string, unknown>, p: Record<string, unknown>) => {
    try {
      return new Query({}, { context: mingoPipelineContext }).find([doc], p).all()[0];
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const ours = (doc: Doc, p: Record<string, unknown>) => {
    try {
      return project([doc], p)[0];
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  test('keep the fields and values mingo keeps, with _id first and then the document order, as MongoDB answers', () => {
    fc.assert(
      fc.property(stored, projection, (doc, p) => {
        const got = ours(doc, p) as Record<string, unknown>;
        expect(got).toEqual(mingoProjection(doc, p));
        if (topLevel(p)) {
          const order = Object.keys(doc).filter((k) => k in got);
          expect(Object.keys(got)).toEqual(order.includes('_id') ? ['_id', ...order.filter((k) => k !== '_id')] : order);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
