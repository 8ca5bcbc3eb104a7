// A compiled query predicate. mingo's top-level `Query` copies every operator table (hundreds of
// expression operators) on each construction, ~3x the cost of a lean one; queries from the SDK use
// only query operators, so they are compiled against a context holding just those.
import { Context } from 'mingo';
import * as queryOperators from 'mingo/operators/query';
import { Query } from 'mingo/query';

const QUERY_CONTEXT = Context.init({ query: queryOperators as unknown as Record<string, never> });

export type Predicate = (doc: Record<string, unknown>) => boolean;

export function compile(filter: Record<string, unknown> | undefined): Predicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter, { context: QUERY_CONTEXT });
  return (doc) => query.test(doc);
}
