// The operator tables mingo evaluates queries and pipelines with, built once. Where mingo 7.2.7
// answers differently from MongoDB (which the cloud database runs), a thin replacement sits here;
// each is pinned by the emulator's conformance tests (test/emulator/backend-conformance*.test.ts).
import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import { resolve } from 'mingo/util';
import { isPlainObject } from '../values';

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

const query = { ...mingoQuery, $elemMatch };
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
