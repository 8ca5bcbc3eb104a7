// The operator tables mingo evaluates queries and pipelines with, built once. Where mingo 7.2.7
// answers differently from MongoDB (which the cloud database runs), a thin replacement sits here;
// each is pinned by the emulator's conformance tests (test/emulator/backend-conformance*.test.ts).
// Where mingo answers right but slowly for the backend's request shapes, a replacement gives the
// same answers faster (pinned against mingo's own operator by test/emulator/backend-operators.test.ts).
import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import * as mingoUtil from 'mingo/util';
import { isPlainObject } from '../values';
import { jsonSchemaValidator } from './jsonSchema';

// Taken out once: mingo's CommonJS build exports through getters, a call each time a name is read.
const { resolve } = mingoUtil;

type Options = Parameters<typeof evalExpr>[2];
type QueryOperator = (selector: string, value: unknown, options: Options) => (doc: unknown) => boolean;
type ExpressionOperator = (obj: unknown, expr: unknown, options: Options) => unknown;

const mingoQuery = queryOperators as unknown as Record<string, QueryOperator>;
const mingoExpression = expressionOperators as unknown as Record<string, ExpressionOperator>;

/**
 * `$elemMatch` with field criteria (`{value: {$gt: 0}}`) matches only elements that are documents,
 * as in MongoDB. mingo resolves any field of a scalar to the scalar itself, so `[1, 5]` would match
 * `{value: {$gt: 0}}` and `['Go']` would match `{value: {$exists: true}}` (reported upstream: docs/upstream/mingo-elemmatch.md).
 * Criteria made only of operators (`{$gt: 2}`) are about the elements themselves: left to mingo.
 */
const $elemMatch: QueryOperator = (selector, criteria, options) => {
  const onFields = isPlainObject(criteria) && Object.keys(criteria).some((k) => !k.startsWith('$') || k === '$and' || k === '$or' || k === '$nor');
  if (!onFields) return mingoQuery.$elemMatch!(selector, criteria, options);
  const inner = new Query(criteria as Record<string, unknown>, options);
  return (doc) => {
    const list = resolve(doc as Record<string, unknown>, selector, { unwrapArray: true });
    return Array.isArray(list) && list.some((e) => isPlainObject(e) && inner.test(e));
  };
};

/** MongoDB's `$week`: weeks begin on Sunday; the days before the year's first Sunday are week 0. */
const $week: ExpressionOperator = (obj, expr, options) => {
  const dayOfYear = mingoExpression.$dayOfYear!(obj, expr, options) as number; // 1-based, in the asked timezone
  const dayOfWeek = mingoExpression.$dayOfWeek!(obj, expr, options) as number; // 1 = Sunday
  const jan1 = (((dayOfWeek - dayOfYear) % 7) + 7) % 7; // 0 = Sunday
  const firstSunday = (7 - jan1) % 7; // 0-based day of the year
  return Math.floor((dayOfYear - 1 - firstSunday + 7) / 7);
};

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** `$substr`/`$substrBytes` with a negative length take the rest of the string, as MongoDB does. */
function toTheEnd(op: ExpressionOperator): ExpressionOperator {
  return (obj, expr, options) => {
    if (!Array.isArray(expr) || expr.length !== 3) return op(obj, expr, options);
    const [s, index, count] = evalExpr(obj, expr, options) as [unknown, unknown, unknown];
    const rest = typeof count === 'number' && count < 0 && typeof s === 'string' && typeof index === 'number' ? Math.max(0, utf8Length(s) - index) : count;
    return op(obj, [{ $literal: s }, index, rest], options);
  };
}

/** `$indexOfCP` (missing from mingo): the code-point index of a substring, -1 when absent, null for a null string. */
const $indexOfCP: ExpressionOperator = (obj, expr, options) => {
  if (!Array.isArray(expr) || expr.length < 2 || expr.length > 4) throw new Error('$indexOfCP expects an array of 2 to 4 arguments');
  const [s, search, start = 0, end] = evalExpr(obj, expr, options) as [unknown, unknown, unknown, unknown];
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string' || typeof search !== 'string') throw new Error('$indexOfCP needs a string and a substring');
  const points = Array.from(s);
  const stop = end === undefined ? points.length : end;
  if (!Number.isInteger(start) || !Number.isInteger(stop) || (start as number) < 0 || (stop as number) < 0) {
    throw new Error('$indexOfCP start and end must be non-negative integers');
  }
  const window = points.slice(start as number, stop as number).join('');
  const at = window.indexOf(search);
  return at < 0 ? -1 : (start as number) + Array.from(window.slice(0, at)).length;
};

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Whether the value at `selector` (or, for an array, one of its elements) is in a list of scalars. */
function inScalars(selector: string, list: unknown[]): (doc: unknown) => boolean {
  const set = new Set(list);
  return (doc) => {
    const v = resolve(doc as Record<string, unknown>, selector, { unwrapArray: true });
    return Array.isArray(v) ? v.some((x) => set.has(x)) : set.has(v);
  };
}

/**
 * `$in`/`$nin` over a list of strings, numbers and booleans look values up in a Set built once per
 * query: mingo hashes the whole list again for every document it tests (a claim of a page,
 * `_id: {$in: [1000 ids]}`, cost a million hash insertions). Same answers: for scalars mingo's
 * equality is `===` plus NaN equal to NaN, as in a Set, and no null or pattern is in the list.
 * Any other list (null, dates, objects, regular expressions) is left to mingo.
 */
const $in: QueryOperator = (selector, list, options) =>
  Array.isArray(list) && list.every(isScalar) ? inScalars(selector, list) : mingoQuery.$in!(selector, list, options);

const $nin: QueryOperator = (selector, list, options) => {
  if (!(Array.isArray(list) && list.every(isScalar))) return mingoQuery.$nin!(selector, list, options);
  const found = inScalars(selector, list);
  return (doc) => !found(doc);
};

/** mingo's own operators, for the tests that pin the replacements above against them. */
export const MINGO_QUERY_OPERATORS: Readonly<Record<string, QueryOperator>> = mingoQuery;

const query = { ...mingoQuery, $elemMatch, $in, $nin };
const expression = {
  ...mingoExpression,
  $week,
  $substr: toTheEnd(mingoExpression.$substr!),
  $substrBytes: toTheEnd(mingoExpression.$substrBytes!),
  $indexOfCP,
};

/** Queries: query operators, plus expression operators for `$expr`. */
export const QUERY_CONTEXT = Context.init({ query, expression } as unknown as Parameters<typeof Context.init>[0]);

/** Pipelines: every operator kind. */
export const PIPELINE_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query,
  window: windowOperators,
} as unknown as Parameters<typeof Context.init>[0]);

interface ComputeOptionsClass {
  init(options: Record<string, unknown>): Options;
}

/**
 * mingo's options class, which mingo does not export: the options every query operator receives
 * are an instance of it. A Query or Aggregator given plain options copies every operator table of
 * its context (~200 for queries, most of the cost of compiling one); given an instance, it copies
 * nothing.
 */
const ComputeOptions = ((): ComputeOptionsClass => {
  let found: ComputeOptionsClass | undefined;
  const probe: QueryOperator = (_selector, _value, options) => {
    found = (options as object).constructor as unknown as ComputeOptionsClass;
    return () => true;
  };
  new Query({ field: { $probe: 1 } }, { context: Context.init({ query: { $probe: probe } } as unknown as Parameters<typeof Context.init>[0]) });
  if (typeof found?.init !== 'function') throw new Error('mingo changed: the options class its operators receive has no init()');
  return found;
})();

/** What queries are compiled with. */
export const QUERY_OPTIONS = ComputeOptions.init({ context: QUERY_CONTEXT, jsonSchemaValidator });

/** For sorting and projecting found documents (projection operators use queries: `$elemMatch`). */
export const PIPELINE_OPTIONS = ComputeOptions.init({ context: PIPELINE_CONTEXT, jsonSchemaValidator });
