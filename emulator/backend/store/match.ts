// A compiled query predicate. mingo's top-level `Query` copies every operator table (hundreds of
// expression operators) on each construction, ~3x the cost of a lean one; queries are compiled
// against a context built once (./operators.ts), which copies nothing per query.
import { Query } from 'mingo/query';
import { jsonSchemaValidator } from './jsonSchema';
import { QUERY_CONTEXT } from './operators';

export type Predicate = (doc: Record<string, unknown>) => boolean;

/** What queries and pipelines are evaluated with (pipelines add their collection resolver). */
export const QUERY_OPTIONS = { context: QUERY_CONTEXT, jsonSchemaValidator };

export function compile(filter: Record<string, unknown> | undefined): Predicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter, QUERY_OPTIONS);
  return (doc) => query.test(doc);
}
